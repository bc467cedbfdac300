/**
 * `netkit` (Linux 6.7): a pair of devices like veth whose transmit path runs
 * BPF programs (`ip link add NAME type netkit [mode l2|l3] [forward|blackhole]
 * peer [forward|blackhole] [name PEER ...]`, iproute2 6.7 and later).
 *
 * The attribute numbers are those of Linux's include/uapi/linux/if_link.h;
 * the installed UAPI headers predate netkit, so the UAPI audit cannot check them.
 *
 * @module
 */

import { InvalidArgumentError } from '../../../errors.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { u16, u32 } from '../../../schema/codec.js';
import { nestedMessage } from '../../../schema/message.js';
import { defineLinkKind, type LinkCommonOptions } from '../kind.js';
import type { Link } from '../link.js';
import { linkMessage } from '../schema.js';
import { bool8, enumCodec, kindDataOf, validate } from './codecs.js';
import { type VethOptions, veth } from './veth.js';

/** `IFLA_NETKIT_*` (linux/if_link.h, Linux 6.7 to 6.14). */
export const IFLA_NETKIT = {
  PEER_INFO: 1,
  PRIMARY: 2,
  POLICY: 3,
  PEER_POLICY: 4,
  MODE: 5,
  SCRUB: 6,
  PEER_SCRUB: 7,
  HEADROOM: 8,
  TAILROOM: 9,
} as const;

/** `enum netkit_action` values a policy may take: `NETKIT_PASS`, `NETKIT_DROP`. */
const POLICIES = { forward: 0, blackhole: 2 } as const;
/** `enum netkit_mode`. */
const MODES = { l2: 0, l3: 1 } as const;
/** `enum netkit_scrub`. */
const SCRUBS = { none: 0, default: 1 } as const;

/** What a netkit device does with packets when no BPF program decides. */
export type NetkitPolicy = keyof typeof POLICIES;
/** `l3` (the default: no link-layer header, no MAC address) or `l2`. */
export type NetkitMode = keyof typeof MODES;
/** Whether `skb->mark` and `skb->priority` are cleared crossing namespaces (`default`) or left to BPF (`none`). */
export type NetkitScrub = keyof typeof SCRUBS;

/** `IFLA_NETKIT_*`: a netkit's `IFLA_INFO_DATA`. */
export const netkitAttrs = attrSet('netkit', {
  /** The peer: a `struct ifinfomsg` and `IFLA_*` attributes, as for veth. */
  peerInfo: attr(IFLA_NETKIT.PEER_INFO, nestedMessage(linkMessage)),
  /** Set on the device BPF programs attach through (read-only). */
  primary: attr(IFLA_NETKIT.PRIMARY, bool8),
  policy: attr(IFLA_NETKIT.POLICY, enumCodec(u32, POLICIES)),
  peerPolicy: attr(IFLA_NETKIT.PEER_POLICY, enumCodec(u32, POLICIES)),
  mode: attr(IFLA_NETKIT.MODE, enumCodec(u32, MODES)),
  scrub: attr(IFLA_NETKIT.SCRUB, enumCodec(u32, SCRUBS)),
  peerScrub: attr(IFLA_NETKIT.PEER_SCRUB, enumCodec(u32, SCRUBS)),
  headroom: attr(IFLA_NETKIT.HEADROOM, u16),
  tailroom: attr(IFLA_NETKIT.TAILROOM, u16),
});

/** Options of a netkit pair. */
export interface NetkitOptions {
  /** `l3` (the kernel default) or `l2` (`mode`). Addresses need `l2`. */
  readonly mode?: NetkitMode;
  /** Default policy of this device (`forward`, the default, or `blackhole`). */
  readonly policy?: NetkitPolicy;
  /** Default policy of the peer (`peer forward|blackhole`). */
  readonly peerPolicy?: NetkitPolicy;
  /** Scrubbing on this device (Linux 6.10). */
  readonly scrub?: NetkitScrub;
  /** Scrubbing on the peer (Linux 6.10). */
  readonly peerScrub?: NetkitScrub;
  /** Headroom reserved for BPF (Linux 6.14). */
  readonly headroom?: number;
  /** Tailroom reserved for BPF (Linux 6.14). */
  readonly tailroom?: number;
  /** The other end, as for veth. Without it the kernel names it `nkN`. */
  readonly peer?: VethOptions['peer'];
}

declare module '../kind.js' {
  interface LinkKindMap {
    netkit: NetkitOptions;
  }
}

/** The netkit kind. */
export const netkit = defineLinkKind<NetkitOptions>({
  kind: 'netkit',
  data: nest(netkitAttrs),
  async build(o, ctx) {
    const address = (o as NetkitOptions & Partial<LinkCommonOptions>).address ?? o.peer?.address;
    if (address !== undefined && o.mode !== 'l2') {
      throw new InvalidArgumentError('netkit.mode', 'MAC addresses need mode l2');
    }
    const data = {
      mode: o.mode,
      policy: o.policy,
      peerPolicy: o.peerPolicy,
      scrub: o.scrub,
      peerScrub: o.peerScrub,
      headroom: o.headroom,
      tailroom: o.tailroom,
    };
    validate(nest(netkitAttrs), data, 'netkit');
    // The peer takes veth's options and encoding: `struct ifinfomsg` plus `IFLA_*`.
    const peer = o.peer === undefined ? undefined : (await veth.build({ peer: o.peer }, ctx)).data;
    return { data: { ...data, peerInfo: (peer as { readonly peer?: unknown } | undefined)?.peer } };
  },
});

/** The netkit attributes of `link`, or `undefined` when it is not a netkit device. */
export function netkitData(link: Link) {
  return kindDataOf(link, ['netkit'], netkitAttrs);
}
