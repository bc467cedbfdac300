/**
 * Namespace id messages (`RTM_NEWNSID`/`RTM_GETNSID`/`RTM_DELNSID`):
 * `struct rtgenmsg` plus the `NETNSA_*` attributes. A namespace id is the
 * number by which one network namespace names a peer namespace (in
 * `IFLA_LINK_NETNSID`, `ip netns list`'s `(id: N)`, ...).
 *
 * @module
 */

import { attr, attrSet } from '../../schema/attrs.js';
import { field, s32, struct, u32 } from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';

/** Namespace id attributes (`NETNSA_*`, linux/net_namespace.h). */
export const NETNSA = {
  NONE: 0,
  NSID: 1,
  PID: 2,
  FD: 3,
  TARGET_NSID: 4,
  CURRENT_NSID: 5,
} as const;

/** `NETNSA_NSID_NOT_ASSIGNED`: the peer has no id (also "pick one" when setting). */
export const NETNSA_NSID_NOT_ASSIGNED = -1;

/** The constant tables of this family, for the UAPI audit. */
export const NSID_CONSTANT_TABLES = [
  { prefix: 'NETNSA_', table: NETNSA, headers: ['linux/net_namespace.h'] },
  { prefix: '', table: { NETNSA_NSID_NOT_ASSIGNED }, headers: ['linux/net_namespace.h'] },
] as const;

/** `struct rtgenmsg` (1 byte; messages pad it to 4). */
export const rtgenmsg = struct('rtgenmsg', { family: field.u8 });

/** `NETNSA_*` attributes. */
export const nsidAttrs = attrSet('nsid', {
  /** The id (`-1`: none assigned; when setting, "pick one"). */
  nsid: attr(NETNSA.NSID, s32),
  /** The namespace of this process. */
  pid: attr(NETNSA.PID, u32),
  /** The namespace of this open file descriptor. */
  fd: attr(NETNSA.FD, u32),
  /** Answer as seen from the namespace with this id. */
  targetNsid: attr(NETNSA.TARGET_NSID, s32),
  /** In answers given for a target: the id in the asking namespace. */
  currentNsid: attr(NETNSA.CURRENT_NSID, s32),
});

/** The namespace id message layout. */
export const nsidMessage = messageSchema('nsid', rtgenmsg, nsidAttrs);

/** Structs of this family, for the UAPI size audit. */
export const nsidStructs = [rtgenmsg] as const;
