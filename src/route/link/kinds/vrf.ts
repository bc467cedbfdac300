/**
 * `vrf`: a Virtual Routing and Forwarding domain bound to a routing table
 * (`ip link add NAME type vrf table ID`); links enslaved to it route through
 * that table.
 *
 * @module
 */

import { InvalidArgumentError } from '../../../errors.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { u32 } from '../../../schema/codec.js';
import { defineLinkKind } from '../kind.js';
import type { Link } from '../link.js';
import { checkRange, kindDataOf, portDataOf } from './codecs.js';

/** `IFLA_VRF_*` (linux/if_link.h). */
export const IFLA_VRF = { TABLE: 1 } as const;

/** `IFLA_VRF_PORT_*` (linux/if_link.h). */
export const IFLA_VRF_PORT = { TABLE: 1 } as const;

/** `IFLA_VRF_*`: a vrf's `IFLA_INFO_DATA`. */
export const vrfAttrs = attrSet('vrf', {
  table: attr(IFLA_VRF.TABLE, u32),
});

/** `IFLA_VRF_PORT_*`: the `IFLA_INFO_SLAVE_DATA` of a link enslaved to a vrf (read-only). */
export const vrfPortAttrs = attrSet('vrf-port', {
  table: attr(IFLA_VRF_PORT.TABLE, u32),
});

/** Options of a vrf (`ip link add NAME type vrf table ID`). */
export interface VrfOptions {
  /** Routing table id, 1..4294967295 (`table`). */
  readonly table: number;
}

declare module '../kind.js' {
  interface LinkKindMap {
    vrf: VrfOptions;
  }
}

/** The vrf kind. */
export const vrf = defineLinkKind<VrfOptions>({
  kind: 'vrf',
  data: nest(vrfAttrs),
  portData: nest(vrfPortAttrs),
  build(o) {
    if (o.table === undefined) throw new InvalidArgumentError('vrf.table', 'a routing table id is required');
    checkRange(o.table, 1, 0xffffffff, 'vrf.table');
    return { data: { table: o.table } };
  },
});

/** The vrf attributes of `link`, or `undefined` when it is not a vrf. */
export function vrfData(link: Link) {
  return kindDataOf(link, ['vrf'], vrfAttrs);
}

/** The vrf-port attributes of `link` (the table it routes through), or `undefined` when it is not in a vrf. */
export function vrfPortData(link: Link) {
  return portDataOf(link, 'vrf', vrfPortAttrs);
}
