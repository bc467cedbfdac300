/**
 * What a CLI binary does around its commands: read the package version,
 * open a named namespace early (to fail with iproute2's message), and tell
 * whether its module is the script node was started with.
 *
 * @module
 */

import { closeSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errnoMessage } from '../../core/errno.js';
import { NETNS_RUN_DIR } from '../../core/netns-path.js';
import { systemErrorFields } from '../../errors.js';
import { CliError } from './args.js';

/** The `version` of nlink's package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/**
 * Opens `/run/netns/NAME` the way `ip -n`/`bridge -n` do.
 * @throws {CliError} `Cannot open network namespace "NAME": REASON` (exit 255)
 */
export function checkNetns(name: string): void {
  try {
    closeSync(openSync(`${NETNS_RUN_DIR}/${name}`, 'r'));
  } catch (err) {
    const errno = systemErrorFields(err).errno;
    const reason = errno === undefined ? String(err) : errnoMessage(errno);
    throw new CliError(`Cannot open network namespace "${name}": ${reason}\n`, 255, { cause: err });
  }
}

/** True when the module at `moduleUrl` is the script node runs (`node FILE` or a `bin` link to it). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}
