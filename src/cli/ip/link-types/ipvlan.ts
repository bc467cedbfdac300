/**
 * `ipvlan` and `ipvtap`: arguments and `-d` output as iproute2 6.1's
 * `iplink_ipvlan.c`. The parent is the common `link DEV` argument.
 *
 * @module
 */

import type { IpvlanFlags, IpvlanMode, IpvlanOptions, ipvlanAttrs } from '../../../route/link/kinds/ipvlan.js';
import type { Decoded } from '../../../schema/attrs.js';
import { CliError } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import { type KindOption, parseKindArgs } from './options.js';
import type { LinkTypeCli } from './types.js';

type IpvlanData = Decoded<(typeof ipvlanAttrs)['fields']>;
type I = IpvlanOptions;

const MODES: readonly IpvlanMode[] = ['l2', 'l3', 'l3s'];

function usage(kind: string): string {
  return (
    `Usage: ... ${kind} [ mode MODE ] [ FLAGS ]\n` +
    '\n' +
    'MODE: l3 | l3s | l2\n' +
    'FLAGS: bridge | private | vepa\n' +
    '(first values are the defaults if nothing is specified).\n'
  );
}

/** A sibling-traffic flag; a second one is an unknown option (iproute2's `mflag_given`). */
function flag(kind: string, word: IpvlanFlags): KindOption<I> {
  return {
    word,
    apply(_args, o, _ctx, typed) {
      if (o.flags !== undefined) throw new CliError(`${kind}: unknown option "${typed}"?\n${usage(kind)}`, 1);
      o.flags = word;
    },
  };
}

function ipvlanType(kind: 'ipvlan' | 'ipvtap'): LinkTypeCli {
  const syntax = { kind, usage: usage(kind), unknown: 'option' as const };
  const mode: KindOption<I> = {
    word: 'mode',
    apply(args, o) {
      const v = args.take();
      const m = MODES.find((x) => x === v);
      if (m === undefined) throw new CliError('Error: argument of "mode" must be either "l2", "l3" or "l3s"\n', 1);
      o.mode = m;
    },
  };
  const withFlags = [mode, flag(kind, 'private'), flag(kind, 'vepa'), flag(kind, 'bridge')];
  return {
    kind,
    async parse(args, ctx): Promise<I> {
      const o = await parseKindArgs(args, syntax, withFlags, ctx);
      if (ctx.link === undefined) throw new CliError(`${kind}: the parent device is required ("link DEV").\n`, 1);
      return { ...o, flags: o.flags ?? 'bridge', link: ctx.link };
    },
    print(out: Output, data: unknown) {
      const d = data as IpvlanData;
      if (d.mode !== undefined) out.string('any', 'mode', ' mode %s ', typeof d.mode === 'string' ? d.mode : 'unknown');
      if (d.flags !== undefined) {
        const f = typeof d.flags === 'string' ? d.flags : 'bridge';
        out.bool('any', f, `${f} `, true);
      }
    },
  };
}

/** `ipvlan`. */
export const ipvlan = ipvlanType('ipvlan');
/** `ipvtap`. */
export const ipvtap = ipvlanType('ipvtap');
