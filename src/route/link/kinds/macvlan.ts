/**
 * `macvlan` and `macvtap`: virtual interfaces with their own MAC address on
 * top of a parent device (`ip link add NAME link DEV type macvlan mode MODE`).
 * macvtap is macvlan with a character device; both take the same options.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { attr, attrSet, multiAttr, nest } from '../../../schema/attrs.js';
import { s32, u16, u32 } from '../../../schema/codec.js';
import type { Link } from '../link.js';
import { bitsCodec, defineStackedKind, enumCodec, ethAddr, kindDataOf } from './codecs.js';

/** `IFLA_MACVLAN_*` (linux/if_link.h). */
export const IFLA_MACVLAN = {
  MODE: 1,
  FLAGS: 2,
  MACADDR_MODE: 3,
  MACADDR: 4,
  MACADDR_DATA: 5,
  MACADDR_COUNT: 6,
  BC_QUEUE_LEN: 7,
  BC_QUEUE_LEN_USED: 8,
} as const;

/** `IFLA_MACVLAN_*` newer than the installed UAPI headers (Linux 6.6), continuing {@link IFLA_MACVLAN}. */
export const IFLA_MACVLAN_NEWER = { BC_CUTOFF: 9 } as const;

/** `enum macvlan_mode` (linux/if_link.h). */
export const MACVLAN_MODE = { PRIVATE: 1, VEPA: 2, BRIDGE: 4, PASSTHRU: 8, SOURCE: 16 } as const;

/** `enum macvlan_macaddr_mode` (linux/if_link.h). */
export const MACVLAN_MACADDR = { ADD: 0, DEL: 1, FLUSH: 2, SET: 3 } as const;

/** `MACVLAN_FLAG_*` (linux/if_link.h). */
export const MACVLAN_FLAG = { NOPROMISC: 1, NODST: 2 } as const;

const MODES = {
  private: MACVLAN_MODE.PRIVATE,
  vepa: MACVLAN_MODE.VEPA,
  bridge: MACVLAN_MODE.BRIDGE,
  passthru: MACVLAN_MODE.PASSTHRU,
  source: MACVLAN_MODE.SOURCE,
} as const;

/** How a macvlan talks to its siblings and the parent. */
export type MacvlanMode = keyof typeof MODES;

const FLAGS = { nopromisc: MACVLAN_FLAG.NOPROMISC, nodst: MACVLAN_FLAG.NODST } as const;

/** macvlan flags: `nopromisc` (passthru leaves the parent's promiscuity alone), `nodst`. */
export type MacvlanFlag = keyof typeof FLAGS;

/** The addresses of `IFLA_MACVLAN_MACADDR_DATA` (each an `IFLA_MACVLAN_MACADDR`). */
export const macvlanMacaddrAttrs = attrSet('macvlan-macaddr', {
  macaddr: multiAttr(IFLA_MACVLAN.MACADDR, ethAddr),
});

/** `IFLA_MACVLAN_*`: the `IFLA_INFO_DATA` of a macvlan or macvtap. */
export const macvlanAttrs = attrSet('macvlan', {
  mode: attr(IFLA_MACVLAN.MODE, enumCodec(u32, MODES)),
  flags: attr(IFLA_MACVLAN.FLAGS, bitsCodec(u16, FLAGS)),
  macaddrMode: attr(
    IFLA_MACVLAN.MACADDR_MODE,
    enumCodec(u32, {
      add: MACVLAN_MACADDR.ADD,
      del: MACVLAN_MACADDR.DEL,
      flush: MACVLAN_MACADDR.FLUSH,
      set: MACVLAN_MACADDR.SET,
    }),
  ),
  macaddr: attr(IFLA_MACVLAN.MACADDR, ethAddr),
  macaddrData: attr(IFLA_MACVLAN.MACADDR_DATA, nest(macvlanMacaddrAttrs)),
  macaddrCount: attr(IFLA_MACVLAN.MACADDR_COUNT, u32),
  bcQueueLen: attr(IFLA_MACVLAN.BC_QUEUE_LEN, u32),
  bcQueueLenUsed: attr(IFLA_MACVLAN.BC_QUEUE_LEN_USED, u32),
  bcCutoff: attr(IFLA_MACVLAN_NEWER.BC_CUTOFF, s32),
});

/** Options of a macvlan or macvtap (`ip link add NAME link DEV type macvlan ...`). */
export interface MacvlanOptions {
  /** The parent device (`link DEV`). */
  readonly link: InterfaceRef;
  /** Mode (`mode`); the kernel default is `vepa`. */
  readonly mode?: MacvlanMode;
  /** Flags (`flag nopromisc|nodst`). */
  readonly flags?: readonly MacvlanFlag[];
  /** In `source` mode, the source MAC addresses allowed (`macaddr set MAC ...`). */
  readonly macaddrs?: readonly string[];
  /** Length of the broadcast/multicast receive queue (`bcqueuelen`). */
  readonly bcQueueLen?: number;
  /** Multicast cutoff: at most this many macvlans get a queued copy (`bc_cutoff`, Linux 6.6; negative: none). */
  readonly bcCutoff?: number;
}

declare module '../kind.js' {
  interface LinkKindMap {
    macvlan: MacvlanOptions;
    macvtap: MacvlanOptions;
  }
}

function toData(o: MacvlanOptions, kind: string) {
  if (o.macaddrs !== undefined && o.mode !== 'source') {
    throw new InvalidArgumentError(`${kind}.macaddrs`, 'source addresses need mode source');
  }
  return {
    mode: o.mode,
    flags: o.flags,
    macaddrMode: o.macaddrs === undefined ? undefined : ('set' as const),
    macaddrData: o.macaddrs === undefined ? undefined : { macaddr: o.macaddrs },
    bcQueueLen: o.bcQueueLen,
    bcCutoff: o.bcCutoff,
  };
}

/** The macvlan kind. */
export const macvlan = defineStackedKind('macvlan', macvlanAttrs, (o: MacvlanOptions) => toData(o, 'macvlan'));

/** The macvtap kind (a macvlan with a tap character device). */
export const macvtap = defineStackedKind('macvtap', macvlanAttrs, (o: MacvlanOptions) => toData(o, 'macvtap'));

/** The macvlan attributes of `link` (a macvlan or macvtap), or `undefined`. */
export function macvlanData(link: Link) {
  return kindDataOf(link, ['macvlan', 'macvtap'], macvlanAttrs);
}
