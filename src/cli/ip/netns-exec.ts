/**
 * `nlink-ip netns exec NAME CMD ...`: runs a command inside a named
 * namespace (through `spawnInNamespace`, never `ip netns exec`) and exits
 * with its status.
 *
 * @module
 */

import type { Buffer } from 'node:buffer';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { NETNS_RUN_DIR } from '../../core/netns-path.js';
import { spawnInNamespace } from '../../namespace/spawn.js';
import { type Args, CliError } from '../common/args.js';
import { processIo } from '../common/run.js';
import type { IpContext } from './context.js';
import { namedNamespaces } from './nsid.js';

/** `128 + signal number`, as a shell reports a command killed by a signal. */
const SIGNAL_BASE = 128;

function waitFor(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(SIGNAL_BASE + (signal ? constants.signals[signal] : 0));
    });
  });
}

async function runIn(name: string, command: readonly string[], ctx: IpContext): Promise<number> {
  const [cmd, ...rest] = command;
  if (cmd === undefined) throw new CliError('No command specified\n', 1);
  if (!existsSync(`${NETNS_RUN_DIR}/${name}`)) {
    throw new CliError(`Cannot open network namespace "${name}": No such file or directory\n`);
  }
  const passthrough = ctx.io === processIo;
  const child = spawnInNamespace({ name }, cmd, rest, {
    stdio: passthrough ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => ctx.io.stdout(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => ctx.io.stderr(chunk.toString()));
  return waitFor(child);
}

/** Runs `netns exec`; resolves to the command's exit status. */
export async function exec(args: Args, ctx: IpContext): Promise<number> {
  const words = args.rest();
  if (ctx.options.all) {
    if (words.length < 1) throw new CliError('No command specified\n', 1);
    for (const name of namedNamespaces()) {
      ctx.io.stdout(`\nnetns: ${name}\n`);
      await runIn(name, words, ctx);
    }
    return 0;
  }
  const [name, ...command] = words;
  if (name === undefined) throw new CliError('No netns name specified\n', 1);
  return runIn(name, command, ctx);
}
