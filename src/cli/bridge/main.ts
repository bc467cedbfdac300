#!/usr/bin/env node
/**
 * `nlink-bridge`: iproute2's `bridge`, over nlink. Same arguments,
 * abbreviations, output (text, `-j` JSON, `-d`, `-s`) and exit codes, for
 * the objects it implements (`link`, `fdb`, `mdb`, `vlan`).
 *
 * Each object's module is imported only when that object is used.
 *
 * @module
 */

import { AF } from '../../core/constants.js';
import { KernelError } from '../../errors.js';
import type { SocketFactory } from '../../session/connection.js';
import { Args, CliError, matches } from '../common/args.js';
import {
  checkNetns,
  familyOption,
  isEntryPoint,
  loadObject,
  type ObjectTable,
  OptionWords,
  packageVersion,
} from '../common/process.js';
import { type CliIo, processIo, runCommand } from '../common/run.js';
import { BridgeContext, type BridgeOptions } from './context.js';

/** An object's command: `run(args after the object word, context)`, resolving to the exit code. */
export interface BridgeObject {
  run(args: Args, ctx: BridgeContext): Promise<number>;
}

/** `bridge`'s objects in its matching order, with the modules of those nlink-bridge implements. */
const OBJECTS: ObjectTable<BridgeObject> = [
  ['link', () => import('./link.js')],
  ['fdb', () => import('./fdb.js')],
  ['mdb', () => import('./mdb.js')],
  ['vlan', () => import('./vlan.js')],
  ['vni', undefined],
  ['monitor', undefined],
  ['help', undefined],
];

const USAGE =
  'Usage: nlink-bridge [ OPTIONS ] OBJECT { COMMAND | help }\n' +
  'where  OBJECT := { link | fdb | mdb | vlan }\n' +
  '       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n' +
  '                    -o[neline] | -t[imestamp] | -n[etns] name |\n' +
  '                    -c[ompressvlans] -color -p[retty] -j[son] }\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** `matches_color`: `-color`, abbreviated, with an optional `=always|auto|never`. */
function isColorOption(opt: string): boolean {
  const eq = opt.indexOf('=');
  const name = eq < 0 ? opt : opt.slice(0, eq);
  const value = eq < 0 ? undefined : opt.slice(eq + 1);
  return matches(name, '-color') && (value === undefined || ['', 'always', 'auto', 'never'].includes(value));
}

/** The names `-f[amily]` takes. */
const FAMILIES: Readonly<Record<string, number>> = { inet: AF.INET, inet6: AF.INET6 };

interface Parsed {
  readonly options: BridgeOptions;
  readonly rest: readonly string[];
  /** Output to print and exit 0 with instead of running (`-V`). */
  readonly print?: string;
}

/** Parses the global options (`bridge.c` `main`): every word starting with `-`, up to the object. */
export function parseGlobalOptions(argv: readonly string[]): Parsed {
  const o = {
    json: false,
    pretty: false,
    details: 0,
    stats: 0,
    oneline: false,
    compressVlans: false,
    family: AF.UNSPEC as number,
    netns: undefined as string | undefined,
  };
  const words = new OptionWords(argv);
  for (let option = words.next(); option !== undefined; option = words.next()) {
    const { word, opt } = option;
    if (matches(opt, '-help')) throw usage();
    if (matches(opt, '-Version'))
      return { options: o, rest: [], print: `nlink-bridge utility, nlink-${packageVersion()}\n` };
    if (matches(opt, '-stats') || matches(opt, '-statistics')) o.stats++;
    else if (matches(opt, '-details')) o.details++;
    else if (matches(opt, '-oneline')) o.oneline = true;
    else if (matches(opt, '-timestamp')) {
      // Time stamps are for `bridge monitor`; every other command turns them off.
    } else if (matches(opt, '-family')) o.family = familyOption(words.value(), FAMILIES, usage);
    else if (opt === '-4') o.family = AF.INET;
    else if (opt === '-6') o.family = AF.INET6;
    else if (matches(opt, '-netns')) o.netns = checkNetns(words.required());
    else if (isColorOption(opt)) {
      // Colors: nlink-bridge never colors its output.
    } else if (matches(opt, '-compressvlans')) o.compressVlans = true;
    else if (matches(opt, '-json')) o.json = true;
    else if (matches(opt, '-pretty')) o.pretty = true;
    else if (matches(opt, '-force') || matches(opt, '-batch')) {
      throw new CliError(`Option "${word}" is not supported by nlink-bridge.\n`);
    } else throw new CliError(`Option "${opt}" is unknown, try "nlink-bridge help".\n`);
  }
  return { options: o, rest: words.rest() };
}

/** Options of {@link main}, for tests and embedding. */
export interface MainOptions {
  /** Opens the netlink sockets (a `FakeSocket`'s factory in tests). */
  readonly socketFactory?: SocketFactory;
}

/**
 * Runs `nlink-bridge` with `argv` (the words after the program name) and
 * resolves to the exit code. Output goes to `io`. A kernel error ends the
 * command with exit code 255, as `bridge` ends after `RTNETLINK answers: ...`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo, options: MainOptions = {}): Promise<number> {
  return runCommand(io, async () => {
    const parsed = parseGlobalOptions(argv);
    if (parsed.print !== undefined) {
      io.stdout(parsed.print);
      return 0;
    }
    const [objectWord, ...rest] = parsed.rest;
    if (objectWord === undefined) throw usage();
    const object = await loadObject('nlink-bridge', OBJECTS, objectWord, usage, 255);
    const ctx = new BridgeContext(parsed.options, io, options.socketFactory);
    try {
      return await object.run(new Args(rest), ctx);
    } catch (err) {
      if (err instanceof KernelError) throw new CliError(`Error: ${err.message}\n`, 255, { cause: err });
      throw err;
    } finally {
      ctx.close();
    }
  });
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
