/**
 * `tun`: TUN and TAP devices, as the kernel describes them in
 * `IFLA_INFO_DATA` (`ip -d link show` prints `tun type tap pi off ...`).
 *
 * Decoding only: TUN/TAP devices are created with the `TUNSETIFF` ioctl on
 * `/dev/net/tun`, not over netlink, so this module registers the data codec
 * in {@link linkKindRegistry} and defines no buildable kind.
 *
 * @module
 */

import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { u8, u32 } from '../../../schema/codec.js';
import type { Link } from '../link.js';
import { linkKindRegistry } from '../schema.js';
import { bool8, enumCodec, kindDataOf } from './codecs.js';

/** `IFLA_TUN_*` (linux/if_link.h). */
export const IFLA_TUN = {
  OWNER: 1,
  GROUP: 2,
  TYPE: 3,
  PI: 4,
  VNET_HDR: 5,
  PERSIST: 6,
  MULTI_QUEUE: 7,
  NUM_QUEUES: 8,
  NUM_DISABLED_QUEUES: 9,
} as const;

/** Device types of `IFLA_TUN_TYPE` (`IFF_TUN`, `IFF_TAP`, linux/if_tun.h). */
export const TUN_TYPE = { tun: 0x0001, tap: 0x0002 } as const;

/** `IFLA_TUN_*`: the `IFLA_INFO_DATA` of a `tun` link. */
export const tunAttrs = attrSet('tun', {
  /** Owning user id (present only when the device has an owner). */
  owner: attr(IFLA_TUN.OWNER, u32),
  /** Owning group id (present only when the device has a group). */
  group: attr(IFLA_TUN.GROUP, u32),
  /** `tun` (layer 3) or `tap` (Ethernet); a number for a type this library does not know. */
  type: attr(IFLA_TUN.TYPE, enumCodec(u8, TUN_TYPE)),
  /** Packets carry the 4-byte packet information header (no `IFF_NO_PI`). */
  pi: attr(IFLA_TUN.PI, bool8),
  /** Packets carry a `virtio_net_hdr` (`IFF_VNET_HDR`). */
  vnetHdr: attr(IFLA_TUN.VNET_HDR, bool8),
  /** The device outlives the file descriptor that created it (`TUNSETPERSIST`). */
  persist: attr(IFLA_TUN.PERSIST, bool8),
  /** Multi-queue device (`IFF_MULTI_QUEUE`). */
  multiQueue: attr(IFLA_TUN.MULTI_QUEUE, bool8),
  /** Queues attached. */
  numQueues: attr(IFLA_TUN.NUM_QUEUES, u32),
  /** Queues attached but disabled. */
  numDisabledQueues: attr(IFLA_TUN.NUM_DISABLED_QUEUES, u32),
});

linkKindRegistry.set('tun', nest(tunAttrs));

/** The TUN/TAP attributes of `link`, or `undefined` when it is not a `tun` link. */
export function tunData(link: Link) {
  return kindDataOf(link, ['tun'], tunAttrs);
}
