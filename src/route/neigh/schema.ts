/**
 * Neighbour messages (`RTM_NEWNEIGH`/`RTM_DELNEIGH`/`RTM_GETNEIGH`):
 * `struct ndmsg` plus the `NDA_*` attributes. The same layout carries ARP
 * and NDP entries (`AF_INET`, `AF_INET6`) and bridge forwarding entries
 * (`AF_BRIDGE`, see `src/route/bridge/`).
 *
 * @module
 */

import { attr, attrSet, nest } from '../../schema/attrs.js';
import { be16, field, flag, ip, mac, s32, struct, u8, u16, u32 } from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';

/** Neighbour attributes (`NDA_*`, linux/neighbour.h). */
export const NDA = {
  UNSPEC: 0,
  DST: 1,
  LLADDR: 2,
  CACHEINFO: 3,
  PROBES: 4,
  VLAN: 5,
  PORT: 6,
  VNI: 7,
  IFINDEX: 8,
  MASTER: 9,
  LINK_NETNSID: 10,
  SRC_VNI: 11,
  PROTOCOL: 12,
  NH_ID: 13,
  FDB_EXT_ATTRS: 14,
  FLAGS_EXT: 15,
  NDM_STATE_MASK: 16,
  NDM_FLAGS_MASK: 17,
} as const;

/** Neighbour cache entry states (`NUD_*`, linux/neighbour.h): bits of `ndm_state`. */
export const NUD = {
  NONE: 0x00,
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
} as const;

/** Neighbour entry flags (`NTF_*`, linux/neighbour.h): bits of `ndm_flags`. */
export const NTF = {
  USE: 1 << 0,
  SELF: 1 << 1,
  MASTER: 1 << 2,
  PROXY: 1 << 3,
  EXT_LEARNED: 1 << 4,
  OFFLOADED: 1 << 5,
  STICKY: 1 << 6,
  ROUTER: 1 << 7,
} as const;

/** Extended neighbour flags carried in `NDA_FLAGS_EXT` (`NTF_EXT_*`). */
export const NTF_EXT = {
  MANAGED: 1 << 0,
} as const;

/** Attributes nested in `NDA_FDB_EXT_ATTRS` (`NFEA_*`). */
export const NFEA = {
  UNSPEC: 0,
  ACTIVITY_NOTIFY: 1,
  DONT_REFRESH: 2,
} as const;

/** The constant tables of this family, for the UAPI audit. */
export const NEIGH_CONSTANT_TABLES = [
  { prefix: 'NDA_', table: NDA, headers: ['linux/neighbour.h'] },
  { prefix: 'NUD_', table: NUD, headers: ['linux/neighbour.h'] },
  { prefix: 'NTF_', table: NTF, headers: ['linux/neighbour.h'] },
  { prefix: 'NTF_EXT_', table: NTF_EXT, headers: ['linux/neighbour.h'] },
  { prefix: 'NFEA_', table: NFEA, headers: ['linux/neighbour.h'] },
] as const;

/** `struct ndmsg`. */
export const ndmsg = struct('ndmsg', {
  family: field.u8,
  pad1: field.pad(1),
  pad2: field.pad(2),
  ifindex: field.s32,
  state: field.u16,
  flags: field.u8,
  type: field.u8,
});

/** `struct nda_cacheinfo`: ages in clock ticks (`USER_HZ`), and the reference count. */
export const ndaCacheinfo = struct('nda_cacheinfo', {
  confirmed: field.u32,
  used: field.u32,
  updated: field.u32,
  refcnt: field.u32,
});

/** `NDA_FDB_EXT_ATTRS` attributes (bridge FDB activity tracking). */
export const fdbExtAttrs = attrSet('fdb-ext', {
  activityNotify: attr(NFEA.ACTIVITY_NOTIFY, u8),
  dontRefresh: attr(NFEA.DONT_REFRESH, flag),
});

/** `NDA_*` attributes. */
export const neighAttrs = attrSet('neigh', {
  /** Protocol address (IPv4/IPv6), or the remote VTEP of a VXLAN FDB entry. */
  dst: attr(NDA.DST, ip),
  /** Link-layer address. */
  lladdr: attr(NDA.LLADDR, mac),
  cacheinfo: attr(NDA.CACHEINFO, ndaCacheinfo),
  probes: attr(NDA.PROBES, u32),
  vlan: attr(NDA.VLAN, u16),
  /** UDP destination port (network order on the wire). */
  port: attr(NDA.PORT, be16),
  vni: attr(NDA.VNI, u32),
  /** Outgoing interface of a VXLAN FDB entry (`via`), or a dump filter. */
  ifindex: attr(NDA.IFINDEX, u32),
  /** The master device (bridge, VRF), or a dump filter. */
  master: attr(NDA.MASTER, u32),
  linkNetnsid: attr(NDA.LINK_NETNSID, s32),
  srcVni: attr(NDA.SRC_VNI, u32),
  /** Originator of the entry (`RTPROT_*`). */
  protocol: attr(NDA.PROTOCOL, u8),
  nhId: attr(NDA.NH_ID, u32),
  fdbExtAttrs: attr(NDA.FDB_EXT_ATTRS, nest(fdbExtAttrs)),
  /** `NTF_EXT_*` flags. */
  flagsExt: attr(NDA.FLAGS_EXT, u32),
  /** Bulk deletion: which `ndm_state` bits must match. */
  stateMask: attr(NDA.NDM_STATE_MASK, u16),
  /** Bulk deletion: which `ndm_flags` bits must match. */
  flagsMask: attr(NDA.NDM_FLAGS_MASK, u8),
});

/** The neighbour message layout. */
export const neighMessage = messageSchema('neigh', ndmsg, neighAttrs);

/** Structs of this family, for the UAPI size audit. */
export const neighStructs = [ndmsg, ndaCacheinfo] as const;
