#!/usr/bin/env node
/**
 * `nlink-ip`: iproute2's `ip`, over nlink. Same arguments, abbreviations,
 * output (text, `-j` JSON, `-br`, `-s`, `-d`) and exit codes, for the
 * objects it implements (`address`, `link`, `monitor`, `neighbour`, `netns`,
 * `nexthop`, `route`, `rule`).
 *
 * Each object's module is imported only when that object is used, so the
 * command starts fast.
 *
 * @module
 */

import { AF } from '../../core/constants.js';
import type { BatchItem } from '../../session/batch.js';
import type { SocketFactory } from '../../session/connection.js';
import { Args, CliError, matches } from '../common/args.js';
import {
  checkNetns,
  familyOption,
  isEntryPoint,
  loadObject as loadAnyObject,
  type ObjectTable,
  OptionWords,
  packageVersion,
} from '../common/process.js';
import { type CliIo, processIo, runCommand } from '../common/run.js';
import { IpContext, type IpOptions } from './context.js';

/** An object's command: `run(args after the object word, context)`, resolving to the exit code. */
export interface IpObject {
  run(args: Args, ctx: IpContext): Promise<number>;
  /**
   * Builds the request of a change command without sending it (`undefined`
   * for other commands), so that `-batch` can pack consecutive changes.
   */
  prepare?(args: Args, ctx: IpContext): Promise<BatchItem | undefined>;
}

/**
 * `ip`'s objects in its matching order (so that `ip n` is `neighbor`, as in
 * iproute2), with the modules of those nlink-ip implements.
 */
const OBJECTS: ObjectTable<IpObject> = [
  ['address', () => import('./address.js')],
  ['addrlabel', undefined],
  ['maddress', undefined],
  ['route', () => import('./route.js')],
  ['rule', () => import('./rule.js')],
  ['neighbor', () => import('./neigh.js')],
  ['neighbour', () => import('./neigh.js')],
  ['ntable', undefined],
  ['ntbl', undefined],
  ['link', () => import('./link.js')],
  ['l2tp', undefined],
  ['fou', undefined],
  ['ila', undefined],
  ['macsec', undefined],
  ['tunnel', undefined],
  ['tunl', undefined],
  ['tuntap', undefined],
  ['tap', undefined],
  ['token', undefined],
  ['tcpmetrics', undefined],
  ['tcp_metrics', undefined],
  ['monitor', () => import('./monitor.js')],
  ['xfrm', undefined],
  ['mroute', undefined],
  ['mrule', undefined],
  ['netns', () => import('./netns.js')],
  ['netconf', undefined],
  ['vrf', undefined],
  ['sr', undefined],
  ['nexthop', () => import('./nexthop.js')],
  ['mptcp', undefined],
  ['ioam', undefined],
  ['help', undefined],
  ['stats', undefined],
];

/** The objects nlink-ip implements, as `ip help` lists them (with `help`, in alphabetical order). */
const IMPLEMENTED = OBJECTS.filter(([name, load]) => load !== undefined || name === 'help')
  .map(([name]) => name)
  .sort();

const USAGE =
  'Usage: nlink-ip [ OPTIONS ] OBJECT { COMMAND | help }\n' +
  '       nlink-ip [ -force ] -batch filename\n' +
  `where  OBJECT := { ${IMPLEMENTED.join(' | ')} }\n` +
  '       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -h[uman-readable] |\n' +
  '                    -iec | -j[son] | -p[retty] | -f[amily] { inet | inet6 | mpls | bridge | link } |\n' +
  '                    -4 | -6 | -M | -B | -0 | -br[ief] | -o[neline] | -t[imestamp] | -ts[hort] |\n' +
  '                    -n[etns] name | -N[umeric] | -a[ll] | -c[olor] }\n';

function usage(): CliError {
  return new CliError(USAGE);
}

const FAMILIES: Readonly<Record<string, number>> = {
  inet: AF.INET,
  inet6: AF.INET6,
  link: AF.PACKET,
  mpls: AF.MPLS,
  bridge: AF.BRIDGE,
};

interface Parsed {
  readonly options: IpOptions;
  readonly rest: readonly string[];
  /** Output to print and exit 0 with instead of running (`-V`). */
  readonly print?: string;
  /** `-batch FILE`: the commands to run, `-` for standard input. */
  readonly batch?: string;
  /** `-force`: a batch goes on after a failed command. */
  readonly force?: boolean;
}

/** Parses the global options (`ip.c` `main`): every word starting with `-`, up to the object. */
export function parseGlobalOptions(argv: readonly string[]): Parsed {
  const o = {
    json: false,
    pretty: false,
    details: 0,
    stats: 0,
    brief: false,
    oneline: false,
    human: false,
    iec: false,
    numeric: false,
    family: AF.UNSPEC as number,
    netns: undefined as string | undefined,
    all: false,
  };
  let force = false;
  let batch: string | undefined;
  let timestamp: 'long' | 'short' | undefined;
  const words = new OptionWords(argv);
  for (let option = words.next(); option !== undefined; option = words.next()) {
    const { word, opt } = option;
    if (matches(opt, '-loops')) words.required();
    else if (matches(opt, '-family')) o.family = familyOption(words.value(), FAMILIES, usage);
    else if (opt === '-4') o.family = AF.INET;
    else if (opt === '-6') o.family = AF.INET6;
    else if (opt === '-0') o.family = AF.PACKET;
    else if (opt === '-M') o.family = AF.MPLS;
    else if (opt === '-B') o.family = AF.BRIDGE;
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) o.human = true;
    else if (matches(opt, '-iec')) o.iec = true;
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) o.stats++;
    else if (matches(opt, '-details')) o.details++;
    else if (matches(opt, '-resolve')) {
      // Host names are never resolved by the commands nlink-ip implements.
    } else if (matches(opt, '-oneline')) o.oneline = true;
    else if (matches(opt, '-timestamp')) timestamp ??= 'long';
    else if (matches(opt, '-tshort')) timestamp = 'short';
    else if (matches(opt, '-Version')) {
      return { options: o, rest: [], print: `nlink-ip utility, nlink-${packageVersion()}\n` };
    } else if (matches(opt, '-force')) force = true;
    else if (matches(opt, '-batch')) {
      batch = words.value();
      if (batch === undefined) throw usage();
    } else if (matches(opt, '-rcvbuf')) {
      throw new CliError(`Option "${word}" is not supported by nlink-ip.\n`);
    } else if (matches(opt, '-brief')) o.brief = true;
    else if (matches(opt, '-json')) o.json = true;
    else if (matches(opt, '-pretty')) o.pretty = true;
    else if (/^-c(o(l(o(r)?)?)?)?(=(always|auto|never))?$/.test(opt)) {
      // Colors: nlink-ip never colors its output.
    } else if (matches(opt, '-help')) throw usage();
    else if (matches(opt, '-netns')) o.netns = checkNetns(words.required());
    else if (matches(opt, '-Numeric')) o.numeric = true;
    else if (matches(opt, '-all')) o.all = true;
    else throw new CliError(`Option "${word}" is unknown, try "nlink-ip -help".\n`);
  }
  const options = timestamp === undefined ? o : { ...o, timestamp };
  return { options, rest: words.rest(), force, ...(batch === undefined ? {} : { batch }) };
}

/** Options of {@link main}, for tests and embedding. */
export interface MainOptions {
  /** Opens the netlink sockets (a `FakeSocket`'s factory in tests). */
  readonly socketFactory?: SocketFactory;
  /** What `-batch -` reads (default: the process's standard input). */
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * The module of the object `word` names (`ip`'s matching order).
 * @throws {CliError} for an unknown object, `help`, or one nlink-ip lacks.
 */
export function loadObject(word: string): Promise<IpObject> {
  return loadAnyObject('nlink-ip', OBJECTS, word, usage, 1);
}

/**
 * Runs `nlink-ip` with `argv` (the words after the program name) and resolves
 * to the exit code. Output goes to `io`; nothing else of the process is touched.
 */
export async function main(argv: readonly string[], io: CliIo = processIo, options: MainOptions = {}): Promise<number> {
  return runCommand(io, async () => {
    const parsed = parseGlobalOptions(argv);
    if (parsed.print !== undefined) {
      io.stdout(parsed.print);
      return 0;
    }
    if (parsed.batch !== undefined) {
      if (parsed.rest.length) throw new CliError(`nlink-ip: -batch takes no command line ("${parsed.rest[0]}").\n`);
      const { runBatch } = await import('./batch.js');
      const ctx = new IpContext(parsed.options, io, options.socketFactory);
      try {
        const input = options.stdin ?? process.stdin;
        return await runBatch({
          file: parsed.batch,
          force: parsed.force === true,
          ctx,
          load: loadObject,
          stdin: input,
        });
      } finally {
        ctx.close();
      }
    }
    const [objectWord, ...rest] = parsed.rest;
    if (objectWord === undefined) throw usage();
    const object = await loadObject(objectWord);
    const ctx = new IpContext(parsed.options, io, options.socketFactory);
    try {
      return await object.run(new Args(rest), ctx);
    } finally {
      ctx.close();
    }
  });
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
