/**
 * What a CLI binary does around its commands: read the package version,
 * walk its global options, open a named namespace early (to fail with
 * iproute2's message), and tell whether its module is the script node was
 * started with.
 *
 * @module
 */

import { closeSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errnoMessage } from '../../core/errno.js';
import { NETNS_RUN_DIR } from '../../core/netns-path.js';
import { systemErrorFields } from '../../errors.js';
import { CliError, incomplete, invarg, matches } from './args.js';

/** The `version` of nlink's package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/**
 * The global options of a CLI as `ip.c` and `bridge.c` `main` walk them:
 * the words before the object that start with `-` (`--x` read as `-x`), up
 * to the first other word or a `--` (which is skipped).
 */
export class OptionWords {
  readonly #argv: readonly string[];
  #i = -1;

  constructor(argv: readonly string[]) {
    this.#argv = argv;
  }

  /**
   * The next option, as given (`word`) and as matched (`opt`); `undefined`
   * where the options end (then {@link rest} is the object and its arguments).
   */
  next(): { readonly word: string; readonly opt: string } | undefined {
    const word = this.#argv[++this.#i];
    if (word === undefined) return undefined;
    if (word === '--') {
      this.#i++;
      return undefined;
    }
    if (!word.startsWith('-')) return undefined;
    return { word, opt: word.startsWith('--') ? word.slice(1) : word };
  }

  /** The word after the current option (its value), `undefined` when there is none. */
  value(): string | undefined {
    return this.#argv[++this.#i];
  }

  /**
   * The current option's value.
   * @throws {CliError} iproute2's `incomplete command` when there is none.
   */
  required(): string {
    const value = this.value();
    if (value === undefined) throw incomplete();
    return value;
  }

  /** The words after the options. */
  rest(): readonly string[] {
    return this.#argv.slice(this.#i);
  }
}

/** A CLI's objects in its matching order, with the module loaders of those it implements. */
export type ObjectTable<T> = readonly (readonly [string, (() => Promise<T>) | undefined])[];

/**
 * The module of the object `word` names: the first in `objects` that `word` abbreviates.
 * @throws {CliError} `usage()` for `help`; `Object "WORD" is unknown` or
 * `Object "NAME" is not implemented` with `exitCode` (`ip` 1, `bridge` 255).
 */
export async function loadObject<T>(
  program: string,
  objects: ObjectTable<T>,
  word: string,
  usage: () => CliError,
  exitCode: number,
): Promise<T> {
  const entry = objects.find(([name]) => matches(word, name));
  if (!entry) throw new CliError(`Object "${word}" is unknown, try "${program} help".\n`, exitCode);
  const [name, load] = entry;
  if (name === 'help') throw usage();
  if (!load) throw new CliError(`Object "${name}" is not implemented by ${program} yet.\n`, exitCode);
  return load();
}

/**
 * The value of `-f[amily] NAME`: its `AF_*` in `families`.
 * @throws {CliError} `usage()` for no name or `help`; `invalid protocol family` for another name.
 */
export function familyOption(
  name: string | undefined,
  families: Readonly<Record<string, number>>,
  usage: () => CliError,
): number {
  if (name === undefined || name === 'help') throw usage();
  const family = Object.hasOwn(families, name) ? families[name] : undefined;
  if (family === undefined) throw invarg('invalid protocol family', name);
  return family;
}

/**
 * Opens `/run/netns/NAME` the way `ip -n`/`bridge -n` do, and returns `name`.
 * @throws {CliError} `Cannot open network namespace "NAME": REASON` (exit 255)
 */
export function checkNetns(name: string): string {
  try {
    closeSync(openSync(`${NETNS_RUN_DIR}/${name}`, 'r'));
  } catch (err) {
    const errno = systemErrorFields(err).errno;
    const reason = errno === undefined ? String(err) : errnoMessage(errno);
    throw new CliError(`Cannot open network namespace "${name}": ${reason}\n`, 255, { cause: err });
  }
  return name;
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
