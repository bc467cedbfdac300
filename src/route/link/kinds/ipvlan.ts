/**
 * `ipvlan` and `ipvtap`: virtual interfaces sharing the parent's MAC address,
 * switched by IP address (`ip link add NAME link DEV type ipvlan mode l3`).
 * ipvtap is ipvlan with a character device; both take the same options.
 *
 * Like iproute2, options always carry `IFLA_IPVLAN_FLAGS` (`bridge`, 0,
 * unless another is given); without options there is no `IFLA_INFO_DATA`.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { attr, attrSet } from '../../../schema/attrs.js';
import { u16 } from '../../../schema/codec.js';
import type { Link } from '../link.js';
import { defineStackedKind, enumCodec, kindDataOf } from './codecs.js';

/** `IFLA_IPVLAN_*` (linux/if_link.h). */
export const IFLA_IPVLAN = { MODE: 1, FLAGS: 2 } as const;

/** `enum ipvlan_mode` (linux/if_link.h). */
export const IPVLAN_MODE = { L2: 0, L3: 1, L3S: 2 } as const;

/** `IPVLAN_F_*` (linux/if_link.h); neither bit is `bridge`, the default. */
export const IPVLAN_F = { PRIVATE: 0x01, VEPA: 0x02 } as const;

const MODES = { l2: IPVLAN_MODE.L2, l3: IPVLAN_MODE.L3, l3s: IPVLAN_MODE.L3S } as const;
const FLAGS = { bridge: 0, private: IPVLAN_F.PRIVATE, vepa: IPVLAN_F.VEPA } as const;

/** ipvlan switching mode: `l2`, `l3` (the default), `l3s` (l3 through netfilter). */
export type IpvlanMode = keyof typeof MODES;
/** How ipvlan siblings talk: `bridge` (the default), `private`, `vepa`. */
export type IpvlanFlags = keyof typeof FLAGS;

/** `IFLA_IPVLAN_*`: the `IFLA_INFO_DATA` of an ipvlan or ipvtap. */
export const ipvlanAttrs = attrSet('ipvlan', {
  mode: attr(IFLA_IPVLAN.MODE, enumCodec(u16, MODES)),
  flags: attr(IFLA_IPVLAN.FLAGS, enumCodec(u16, FLAGS)),
});

/** Options of an ipvlan or ipvtap (`ip link add NAME link DEV type ipvlan [mode MODE] [FLAGS]`). */
export interface IpvlanOptions {
  /** The parent device (`link DEV`). */
  readonly link: InterfaceRef;
  /** Mode (`mode l2|l3|l3s`). */
  readonly mode?: IpvlanMode;
  /** Sibling traffic (`bridge|private|vepa`). */
  readonly flags?: IpvlanFlags;
}

declare module '../kind.js' {
  interface LinkKindMap {
    ipvlan: IpvlanOptions;
    ipvtap: IpvlanOptions;
  }
}

const toData = (o: IpvlanOptions) =>
  o.mode === undefined && o.flags === undefined ? {} : { mode: o.mode, flags: o.flags ?? ('bridge' as const) };

/** The ipvlan kind. */
export const ipvlan = defineStackedKind('ipvlan', ipvlanAttrs, toData);

/** The ipvtap kind (an ipvlan with a tap character device). */
export const ipvtap = defineStackedKind('ipvtap', ipvlanAttrs, toData);

/** The ipvlan attributes of `link` (an ipvlan or ipvtap), or `undefined`. */
export function ipvlanData(link: Link) {
  return kindDataOf(link, ['ipvlan', 'ipvtap'], ipvlanAttrs);
}
