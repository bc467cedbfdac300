/**
 * Address messages (`RTM_NEWADDR`/`RTM_DELADDR`/`RTM_GETADDR`): `struct
 * ifaddrmsg` plus the `IFA_*` attributes.
 *
 * For IPv4, `IFA_LOCAL` is the interface's own address and `IFA_ADDRESS`
 * the peer of a point-to-point link (the local address again otherwise);
 * for IPv6 the kernel sends `IFA_ADDRESS` alone unless there is a peer.
 *
 * @module
 */

import { IFA } from '../../core/constants.js';
import { attr, attrSet } from '../../schema/attrs.js';
import { field, ip, ipv4, s32, string, struct, u8, u32 } from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';

/** `struct ifaddrmsg`. */
export const ifaddrmsg = struct('ifaddrmsg', {
  family: field.u8,
  prefixlen: field.u8,
  flags: field.u8,
  scope: field.u8,
  index: field.u32,
});

/** `struct ifa_cacheinfo` (`IFA_CACHEINFO`): lifetimes in seconds, timestamps in 1/100 s. */
export const ifaCacheinfo = struct('ifa_cacheinfo', {
  preferred: field.u32,
  valid: field.u32,
  cstamp: field.u32,
  tstamp: field.u32,
});

/** `IFA_*` attributes. */
export const addressAttrs = attrSet('address', {
  address: attr(IFA.ADDRESS, ip),
  local: attr(IFA.LOCAL, ip),
  label: attr(IFA.LABEL, string),
  broadcast: attr(IFA.BROADCAST, ipv4),
  anycast: attr(IFA.ANYCAST, ip),
  cacheinfo: attr(IFA.CACHEINFO, ifaCacheinfo),
  multicast: attr(IFA.MULTICAST, ip),
  flags: attr(IFA.FLAGS, u32),
  rtPriority: attr(IFA.RT_PRIORITY, u32),
  targetNetnsid: attr(IFA.TARGET_NETNSID, s32),
  proto: attr(IFA.PROTO, u8),
});

/** The address message layout. */
export const addressMessage = messageSchema('address', ifaddrmsg, addressAttrs);

/** Structs of this family, for the UAPI size audit. */
export const addressStructs = [ifaddrmsg, ifaCacheinfo] as const;
