/**
 * Policy routing rule messages (`RTM_NEWRULE`/`RTM_DELRULE`/`RTM_GETRULE`):
 * `struct fib_rule_hdr` plus the `FRA_*` attributes.
 *
 * @module
 */

import { attr, attrSet } from '../../schema/attrs.js';
import { field, ip, string, struct, u8, u32 } from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';
import { be64 } from '../route/encap.js';

/** Rule attributes (`FRA_*`, linux/fib_rules.h). */
export const FRA = {
  UNSPEC: 0,
  DST: 1,
  SRC: 2,
  IIFNAME: 3,
  GOTO: 4,
  PRIORITY: 6,
  FWMARK: 10,
  FLOW: 11,
  TUN_ID: 12,
  SUPPRESS_IFGROUP: 13,
  SUPPRESS_PREFIXLEN: 14,
  TABLE: 15,
  FWMASK: 16,
  OIFNAME: 17,
  PAD: 18,
  L3MDEV: 19,
  UID_RANGE: 20,
  PROTOCOL: 21,
  IP_PROTO: 22,
  SPORT_RANGE: 23,
  DPORT_RANGE: 24,
} as const;

/** Rule actions (`FR_ACT_*`, linux/fib_rules.h), the `action` of `struct fib_rule_hdr`. */
export const FR_ACT = {
  UNSPEC: 0,
  TO_TBL: 1,
  GOTO: 2,
  NOP: 3,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
} as const;

/** Rule flags (`FIB_RULE_*`, linux/fib_rules.h), the `flags` of `struct fib_rule_hdr`. */
export const FIB_RULE = {
  PERMANENT: 0x1,
  INVERT: 0x2,
  UNRESOLVED: 0x4,
  IIF_DETACHED: 0x8,
  OIF_DETACHED: 0x10,
  FIND_SADDR: 0x10000,
} as const;

/** The constant tables of this family, for the UAPI audit. */
export const RULE_CONSTANT_TABLES = [
  { prefix: 'FRA_', table: FRA, headers: ['linux/fib_rules.h'] },
  { prefix: 'FR_ACT_', table: FR_ACT, headers: ['linux/fib_rules.h'] },
  { prefix: 'FIB_RULE_', table: FIB_RULE, headers: ['linux/fib_rules.h'] },
] as const;

/** `struct fib_rule_hdr`. */
export const fibRuleHdr = struct('fib_rule_hdr', {
  family: field.u8,
  dstLen: field.u8,
  srcLen: field.u8,
  tos: field.u8,
  /** The table when below 256; larger ids travel in `FRA_TABLE`. */
  table: field.u8,
  res1: field.pad(1),
  res2: field.pad(1),
  action: field.u8,
  flags: field.u32,
});

/** `struct fib_rule_port_range` (host order). */
export const fibRulePortRange = struct('fib_rule_port_range', { start: field.u16, end: field.u16 });

/** `struct fib_rule_uid_range`. */
export const fibRuleUidRange = struct('fib_rule_uid_range', { start: field.u32, end: field.u32 });

/** `FRA_*` attributes. */
export const ruleAttrs = attrSet('rule', {
  dst: attr(FRA.DST, ip),
  src: attr(FRA.SRC, ip),
  iifname: attr(FRA.IIFNAME, string),
  goto: attr(FRA.GOTO, u32),
  priority: attr(FRA.PRIORITY, u32),
  fwmark: attr(FRA.FWMARK, u32),
  /** Realms (`FRA_FLOW`). */
  flow: attr(FRA.FLOW, u32),
  tunId: attr(FRA.TUN_ID, be64),
  suppressIfgroup: attr(FRA.SUPPRESS_IFGROUP, u32),
  suppressPrefixlen: attr(FRA.SUPPRESS_PREFIXLEN, u32),
  table: attr(FRA.TABLE, u32),
  fwmask: attr(FRA.FWMASK, u32),
  oifname: attr(FRA.OIFNAME, string),
  l3mdev: attr(FRA.L3MDEV, u8),
  uidRange: attr(FRA.UID_RANGE, fibRuleUidRange),
  /** Originator of the rule (`RTPROT_*`). */
  protocol: attr(FRA.PROTOCOL, u8),
  ipProto: attr(FRA.IP_PROTO, u8),
  sportRange: attr(FRA.SPORT_RANGE, fibRulePortRange),
  dportRange: attr(FRA.DPORT_RANGE, fibRulePortRange),
});

/** The rule message layout. */
export const ruleMessage = messageSchema('rule', fibRuleHdr, ruleAttrs);

/** Structs of this family, for the UAPI size audit. */
export const ruleStructs = [fibRuleHdr, fibRulePortRange, fibRuleUidRange] as const;
