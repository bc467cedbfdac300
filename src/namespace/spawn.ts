/**
 * Start a process inside a network namespace without a shell and without
 * `ip netns exec`: a small helper executable built from the package's own
 * source (`native/netns-exec.c`, built by `npm install` next to the addon)
 * joins the namespace and then becomes the command.
 *
 * ```ts
 * const child = spawnInNamespace('blue', 'ping', ['-c', '1', '10.0.0.2'], { stdio: 'inherit' });
 * child.on('exit', (code) => console.log(`ping exited with ${code}`));
 * ```
 *
 * @module
 */

import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type NamespaceSpec, resolveNamespace } from '../core/netns-path.js';
import { InvalidArgumentError, NamespaceNotFoundError, UnsupportedError } from '../errors.js';

/** Name of the helper executable in `build/Release` (or `build/Debug`). */
export const NETNS_EXEC_HELPER = 'nlink_netns_exec';

/**
 * Exit statuses of the helper when the command could not be started
 * (otherwise the status is the command's own).
 */
export const NETNS_EXEC_STATUS = {
  /** The namespace file could not be opened or joined (`setns`). */
  SETUP_FAILED: 125,
  /** The command exists but could not be executed. */
  CANNOT_EXECUTE: 126,
  /** The command was not found on `PATH`. */
  NOT_FOUND: 127,
} as const;

/** Options of {@link spawnInNamespace}: those of `child_process.spawn`, without a shell. */
export interface SpawnInNamespaceOptions extends Omit<SpawnOptions, 'shell' | 'argv0'> {
  /** Path of the helper executable; default: the one built in this package. */
  readonly helper?: string;
}

let helperPath: string | undefined;

/**
 * The path of the built helper executable.
 * @throws {UnsupportedError} when it was not built (run `npm install`, or `npx node-gyp rebuild`).
 */
export function netnsExecHelper(): string {
  if (helperPath !== undefined) return helperPath;
  const root = dirname(createRequire(import.meta.url).resolve('nlink/package.json'));
  for (const build of ['Release', 'Debug']) {
    const candidate = join(root, 'build', build, NETNS_EXEC_HELPER);
    if (existsSync(candidate)) {
      helperPath = candidate;
      return candidate;
    }
  }
  throw new UnsupportedError(
    'spawning in a namespace',
    `the helper ${NETNS_EXEC_HELPER} is not built in ${join(root, 'build')} (run npm install or npx node-gyp rebuild)`,
  );
}

/**
 * Spawns `command` with `args` inside the network namespace `spec` and
 * returns its `ChildProcess`, with every stdio mode of `child_process.spawn`
 * (pipes, inherit, file descriptors, IPC). No shell is involved: `command`
 * is looked up on `PATH` and run as given. The process joins only the
 * network namespace; unlike `ip netns exec`, `/sys` is not remounted.
 *
 * If the namespace disappears between the check and the start, or the
 * command cannot be run, the child exits with a {@link NETNS_EXEC_STATUS}
 * code and says why on its stderr.
 *
 * @throws {NamespaceNotFoundError} when the namespace does not exist (nothing is spawned).
 * @throws {InvalidArgumentError} for a bad namespace name or an empty command.
 * @throws {UnsupportedError} when the helper executable is not built.
 */
export function spawnInNamespace(
  spec: NamespaceSpec,
  command: string,
  args: readonly string[] = [],
  options: SpawnInNamespaceOptions = {},
): ChildProcess {
  const { path, label } = resolveNamespace(spec);
  if (typeof command !== 'string' || command === '' || command.includes('\0')) {
    throw new InvalidArgumentError('command', `${JSON.stringify(command)} is not a command`);
  }
  if (!existsSync(path)) throw new NamespaceNotFoundError(label);
  const { helper, ...spawnOptions } = options;
  return spawn(helper ?? netnsExecHelper(), [path, command, ...args], { ...spawnOptions, shell: false });
}
