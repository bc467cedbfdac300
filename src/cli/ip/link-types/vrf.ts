/**
 * `vrf` and the `vrf_slave` port data: arguments and `-d` output as
 * iproute2 6.1's `iplink_vrf.c`.
 *
 * @module
 */

import type { VrfOptions, vrfAttrs } from '../../../route/link/kinds/vrf.js';
import type { Decoded } from '../../../schema/attrs.js';
import { CliError, invarg } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import { tableId } from '../names.js';
import { type KindOption, parseKindArgs } from './options.js';
import type { LinkTypeCli } from './types.js';

type VrfData = Decoded<(typeof vrfAttrs)['fields']>;

const OPTIONS: readonly KindOption<VrfOptions>[] = [
  {
    word: 'table',
    apply(args, o) {
      const v = args.take();
      const table = tableId(v);
      if (table === undefined) throw invarg('invalid table ID\n', v);
      o.table = table;
    },
  },
];

/** `table N`: the data of a VRF, and the port data of its members. */
function printTable(out: Output, data: unknown): void {
  const table = (data as VrfData).table;
  if (table !== undefined) out.uint('any', 'table', 'table %u ', table);
}

const SYNTAX = { kind: 'vrf', usage: 'Usage: ... vrf table TABLEID\n', unknown: 'option' as const };

/** `vrf`. */
export const vrf: LinkTypeCli = {
  kind: 'vrf',
  async parse(args, ctx): Promise<VrfOptions> {
    const o = await parseKindArgs(args, SYNTAX, OPTIONS, ctx);
    if (o.table === undefined) throw new CliError('vrf: "table" is required by nlink-ip.\n', 1);
    return { table: o.table };
  },
  print: printTable,
};

/** `vrf_slave`: how the port data of a VRF's member prints (`table N`). */
export const vrfSlave: LinkTypeCli = { kind: 'vrf_slave', print: printTable };
