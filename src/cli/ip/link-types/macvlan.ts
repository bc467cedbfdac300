/**
 * `macvlan` and `macvtap`: arguments and `-d` output as iproute2 6.1's
 * `iplink_macvlan.c`. The parent is the common `link DEV` argument.
 *
 * @module
 */

import type { MacvlanFlag, MacvlanMode, MacvlanOptions, macvlanAttrs } from '../../../route/link/kinds/macvlan.js';
import type { Decoded } from '../../../schema/attrs.js';
import { CliError, getU32 } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import { parseLladdr } from '../link-args.js';
import { type KindOption, type OptionBag, parseKindArgs } from './options.js';
import type { LinkTypeCli } from './types.js';

type MacvlanData = Decoded<(typeof macvlanAttrs)['fields']>;
type M = MacvlanOptions;
type Bag = OptionBag<M>;

const MODES: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru', 'source'];

function usage(kind: string): string {
  return (
    `Usage: ... ${kind} mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]\n` +
    '\n' +
    'MODE: private | vepa | bridge | passthru | source\n' +
    'MODE_FLAG: null | nopromisc | nodst\n' +
    'MODE_OPTS: for mode "source":\n' +
    '\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }\n' +
    'BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]\n'
  );
}

function addFlag(o: Bag, flag: MacvlanFlag | undefined): void {
  const flags = new Set(o.flags ?? []);
  if (flag) flags.add(flag);
  o.flags = [...flags];
}

function options(kind: string): readonly KindOption<M>[] {
  return [
    {
      word: 'mode',
      apply(args, o) {
        const v = args.take();
        const mode = MODES.find((m) => m === v);
        if (mode === undefined) {
          throw new CliError(
            `Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${v}"\n`,
            1,
          );
        }
        o.mode = mode;
      },
    },
    {
      word: 'flag',
      apply(args, o) {
        const v = args.take();
        if (v !== 'nopromisc' && v !== 'nodst' && v !== 'null') {
          throw new CliError(`Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "${v}"\n`, 1);
        }
        addFlag(o, v === 'null' ? undefined : v);
      },
    },
    {
      word: 'macaddr',
      apply(args, o) {
        const v = args.take();
        if (v !== 'set') {
          if (v === 'add' || v === 'del' || v === 'flush') {
            throw new CliError(`${kind}: "macaddr ${v}" is not supported by nlink-ip; use "macaddr set".\n`, 1);
          }
          throw new CliError(usage(kind), 1);
        }
        const macs: string[] = [];
        for (let next = args.peek(); next !== undefined; next = args.peek()) {
          let mac: { mac: string; length: number };
          try {
            mac = parseLladdr(next);
          } catch {
            break;
          }
          if (mac.length !== 6) break;
          args.take();
          macs.push(mac.mac);
        }
        o.macaddrs = macs;
      },
    },
    {
      word: 'nopromisc',
      apply(_args, o) {
        addFlag(o, 'nopromisc');
      },
    },
    {
      word: 'nodst',
      apply(_args, o) {
        addFlag(o, 'nodst');
      },
    },
    {
      word: 'bcqueuelen',
      apply(args, o) {
        const v = args.take();
        const len = getU32(v);
        if (len === undefined) {
          throw new CliError(
            `Error: argument of "bcqueuelen" must be a positive integer [0-4294967295], not "${v}"\n`,
            1,
          );
        }
        o.bcQueueLen = len;
      },
    },
  ];
}

function macvlanType(kind: 'macvlan' | 'macvtap'): LinkTypeCli {
  const syntax = { kind, usage: usage(kind), unknown: 'option' as const };
  const table = options(kind);
  return {
    kind,
    async parse(args, ctx): Promise<M> {
      const o: Bag = await parseKindArgs(args, syntax, table, ctx);
      if (o.flags?.includes('nopromisc') && o.mode !== 'passthru') {
        throw new CliError(`${kind}: nopromisc flag only valid in passthru mode\n${usage(kind)}`, 1);
      }
      if (ctx.link === undefined) throw new CliError(`${kind}: the parent device is required ("link DEV").\n`, 1);
      return { ...o, link: ctx.link };
    },
    print: printMacvlan,
  };
}

function printMacvlan(out: Output, data: unknown): void {
  const d = data as MacvlanData;
  if (d.mode === undefined) return;
  out.string('any', 'mode', 'mode %s ', typeof d.mode === 'string' ? d.mode : 'unknown');
  const flags = d.flags ?? [];
  if (flags.includes('nopromisc')) out.bool('any', 'nopromisc', 'nopromisc ', true);
  if (flags.includes('nodst')) out.bool('any', 'nodst', 'nodst ', true);
  if (d.bcQueueLen !== undefined) out.u64('any', 'bcqueuelen', 'bcqueuelen %lu ', d.bcQueueLen);
  if (d.bcQueueLenUsed !== undefined) out.u64('any', 'usedbcqueuelen', 'usedbcqueuelen %lu ', d.bcQueueLenUsed);
  if (d.mode !== 'source' || d.macaddrCount === undefined) return;
  out.int('any', 'macaddr_count', 'remotes (%d) ', d.macaddrCount | 0);
  const macs = d.macaddrData?.macaddr;
  if (macs === undefined) return;
  out.openArray('json', 'macaddr_data');
  for (const mac of macs) {
    out.string('json', null, null, mac);
    out.text('%s ', mac);
  }
  out.closeArray('json', '');
}

/** `macvlan`. */
export const macvlan = macvlanType('macvlan');
/** `macvtap`. */
export const macvtap = macvlanType('macvtap');
