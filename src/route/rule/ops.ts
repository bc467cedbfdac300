/**
 * Policy routing rule operations on `Connection<Route>` (`ip rule`). A rule
 * is described by a {@link RuleConfig}, the twin of the seed's `RuleBuilder`
 * as a plain object, encoded exactly as `ip rule add|del` encodes it.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { validateIfname } from '../../core/ifname.js';
import { afOf, familyOfText, type IpFamily, parsePrefix } from '../../core/prefix.js';
import { InvalidArgumentError } from '../../errors.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder } from '../events.js';
import { withContext } from '../link/ops.js';
import { ifExists } from '../neigh/ops.js';
import { RULE_ACTIONS, Rule, type RuleAction, type RuleRange } from './rule.js';
import { FIB_RULE, FR_ACT, ruleMessage } from './schema.js';

type RouteConnection = Connection<Route>;
type RuleInput = Parameters<typeof ruleMessage.encode>[1];
type RuleAttrs = { -readonly [K in keyof NonNullable<RuleInput['attrs']>]: NonNullable<RuleInput['attrs']>[K] };

/** Table names iproute2 knows without `/etc/iproute2/rt_tables`. */
export const RULE_TABLE_NAMES = { default: 253, main: 254, local: 255 } as const;

/** IP protocol names accepted by {@link RuleConfig.ipProto}. */
export const IP_PROTOCOL_NAMES = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
  dccp: 33,
} as const;

/** A rule to add or delete (`ip rule add|del SELECTOR ACTION`). Every field is optional. */
export interface RuleConfig {
  /** `inet` or `inet6`; by default the family of `from`/`to`, else `inet` (as `ip rule`). */
  readonly family?: IpFamily;
  /** Priority (`pref`). */
  readonly priority?: number;
  /** Source prefix (`10.0.0.0/8`, an address for a full-length prefix, or `all`). */
  readonly from?: string;
  /** Destination prefix. */
  readonly to?: string;
  /** Type of service. */
  readonly tos?: number;
  /** Incoming interface name (it need not exist yet). */
  readonly iif?: string;
  /** Outgoing interface name. */
  readonly oif?: string;
  readonly fwmark?: number;
  /** Mask applied to the firewall mark before matching. */
  readonly fwmask?: number;
  /** IP protocol, by number or name (`tcp`, `udp`, ...). */
  readonly ipProto?: number | keyof typeof IP_PROTOCOL_NAMES;
  /** Source port, or an inclusive range. */
  readonly sport?: number | RuleRange;
  /** Destination port, or an inclusive range. */
  readonly dport?: number | RuleRange;
  /** User id range. */
  readonly uidRange?: RuleRange;
  /** Routing table by id (above 255 uses `FRA_TABLE`) or name. Adding with no table and no action uses `main`. */
  readonly table?: number | keyof typeof RULE_TABLE_NAMES;
  /** Action; default `to_tbl` when adding, `goto` with {@link goto}, none when deleting. */
  readonly action?: Exclude<RuleAction, 'unspec'>;
  /** Jump to the rule with this priority (action `goto`). */
  readonly goto?: number;
  /** Look the table up from the L3 master device (VRF). */
  readonly l3mdev?: boolean;
  /** `suppress_prefixlength`. */
  readonly suppressPrefixlength?: number;
  /** `suppress_ifgroup`. */
  readonly suppressIfgroup?: number;
  /** Tunnel id (`tun_id`). */
  readonly tunId?: bigint | number;
  /** Originator (`RTPROT_*` number). */
  readonly protocol?: number;
  /** Invert the selector (`not`). */
  readonly not?: boolean;
}

/** Which rules a dump covers. */
export interface RuleFilter {
  /** Only IPv4 or IPv6 rules (default: every family, multicast routing rules included). */
  readonly family?: IpFamily;
}

function ruleFamily(config: RuleConfig): IpFamily {
  if (config.family !== undefined) return config.family;
  const text = [config.from, config.to].find((p) => p !== undefined && !/^(all|any|default)$/.test(p));
  return text === undefined ? 'inet' : familyOfText(text);
}

function checkU32(value: number, what: string, max = 0xffffffff): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(what, `${String(value)} is not an integer in [0, ${max}]`);
  }
  return value;
}

function range(value: number | RuleRange, what: string, max: number): RuleRange {
  const r = typeof value === 'number' ? { start: value, end: value } : value;
  checkU32(r.start, what, max);
  checkU32(r.end, what, max);
  if (r.start > r.end) throw new InvalidArgumentError(what, `range ${r.start}-${r.end} is empty`);
  return { start: r.start, end: r.end };
}

function tableId(table: number | keyof typeof RULE_TABLE_NAMES): number {
  const id = typeof table === 'number' ? table : RULE_TABLE_NAMES[table];
  if (id === undefined) throw new InvalidArgumentError('table', `unknown table ${JSON.stringify(table)}`);
  return checkU32(id, 'table');
}

function ipProtoNumber(p: number | keyof typeof IP_PROTOCOL_NAMES): number {
  const n = typeof p === 'number' ? p : IP_PROTOCOL_NAMES[p];
  if (n === undefined) throw new InvalidArgumentError('ipProto', `unknown protocol ${JSON.stringify(p)}`);
  return checkU32(n, 'ipProto', 0xff);
}

/** Builds the request `ip rule add|del` sends for the same selector and action. */
function ruleRequest(config: RuleConfig, adding: boolean): RuleInput {
  const family = ruleFamily(config);
  const header = { family: afOf(family), dstLen: 0, srcLen: 0, tos: 0, table: 0, action: 0, flags: 0 };
  const attrs: RuleAttrs = {};
  for (const [key, text] of [
    ['from', config.from],
    ['to', config.to],
  ] as const) {
    if (text === undefined || /^(all|any|default)$/.test(text)) continue;
    const p = parsePrefix(text, { family, what: key });
    if (key === 'from') {
      header.srcLen = p.length;
      attrs.src = p.address;
    } else {
      header.dstLen = p.length;
      attrs.dst = p.address;
    }
  }
  if (config.tos !== undefined) header.tos = checkU32(config.tos, 'tos', 0xff);
  if (config.not) header.flags |= FIB_RULE.INVERT;
  if (config.priority !== undefined) attrs.priority = checkU32(config.priority, 'priority');
  if (config.iif !== undefined) attrs.iifname = validateIfname(config.iif);
  if (config.oif !== undefined) attrs.oifname = validateIfname(config.oif);
  if (config.fwmark !== undefined) attrs.fwmark = checkU32(config.fwmark, 'fwmark');
  if (config.fwmask !== undefined) attrs.fwmask = checkU32(config.fwmask, 'fwmask');
  if (config.ipProto !== undefined) attrs.ipProto = ipProtoNumber(config.ipProto);
  if (config.sport !== undefined) attrs.sportRange = range(config.sport, 'sport', 0xffff);
  if (config.dport !== undefined) attrs.dportRange = range(config.dport, 'dport', 0xffff);
  if (config.uidRange !== undefined) attrs.uidRange = range(config.uidRange, 'uidRange', 0xffffffff);
  if (config.goto !== undefined) attrs.goto = checkU32(config.goto, 'goto');
  if (config.l3mdev) attrs.l3mdev = 1;
  if (config.suppressPrefixlength !== undefined) {
    attrs.suppressPrefixlen = checkU32(config.suppressPrefixlength, 'suppressPrefixlength');
  }
  if (config.suppressIfgroup !== undefined) attrs.suppressIfgroup = checkU32(config.suppressIfgroup, 'suppressIfgroup');
  if (config.tunId !== undefined) attrs.tunId = config.tunId;
  if (config.protocol !== undefined) attrs.protocol = checkU32(config.protocol, 'protocol', 0xff);
  let action: number = FR_ACT.UNSPEC;
  if (config.action !== undefined) action = RULE_ACTIONS[config.action];
  else if (config.goto !== undefined) action = FR_ACT.GOTO;
  else if (adding) action = FR_ACT.TO_TBL;
  header.action = action;
  let table = config.table === undefined ? undefined : tableId(config.table);
  if (table === undefined && adding && action === FR_ACT.TO_TBL && !config.l3mdev) table = RULE_TABLE_NAMES.main;
  if (table !== undefined) {
    if (table < 256) header.table = table;
    else attrs.table = table;
  }
  return { header, attrs };
}

/** How a rule reads in messages: `pref 100 from 10.0.0.0/8 table 100`. */
function describeRule(config: RuleConfig): string {
  const parts: string[] = [];
  if (config.priority !== undefined) parts.push(`pref ${config.priority}`);
  if (config.not) parts.push('not');
  if (config.from !== undefined) parts.push(`from ${config.from}`);
  if (config.to !== undefined) parts.push(`to ${config.to}`);
  if (config.iif !== undefined) parts.push(`iif ${config.iif}`);
  if (config.oif !== undefined) parts.push(`oif ${config.oif}`);
  if (config.fwmark !== undefined) parts.push(`fwmark ${config.fwmark}`);
  if (config.table !== undefined) parts.push(`table ${config.table}`);
  if (config.action !== undefined) parts.push(config.action);
  if (config.goto !== undefined) parts.push(`goto ${config.goto}`);
  return parts.length ? parts.join(' ') : 'all';
}

function dumpRequest(filter: RuleFilter) {
  const family = filter.family === undefined ? AF.UNSPEC : afOf(filter.family);
  return { type: RTM.GETRULE, schema: ruleMessage, value: { header: { family } } };
}

/** Streams the rules (`RTM_GETRULE` dump), decoded lazily. */
export async function* streamRules(
  conn: RouteConnection,
  filter: RuleFilter = {},
  options: RequestOptions = {},
): AsyncGenerator<Rule> {
  for await (const m of conn.dump(dumpRequest(filter), withContext(options, 'dump rules', ''))) {
    if (m.type === RTM.NEWRULE) yield Rule.fromMessage(m);
  }
}

/** The rules of one family, or of all (`ip rule show`). */
export function getRules(conn: RouteConnection, filter: RuleFilter = {}, options: DumpOptions = {}): Promise<Rule[]> {
  return conn.dumpAll(
    dumpRequest(filter),
    (m) => (m.type === RTM.NEWRULE ? Rule.fromMessage(m) : undefined),
    withContext(options, 'dump rules', ''),
  );
}

/** Adds a rule (`ip rule add`). */
export async function addRule(conn: RouteConnection, config: RuleConfig, options: RequestOptions = {}): Promise<void> {
  const value = ruleRequest(config, true);
  await conn.ack(
    { type: RTM.NEWRULE, flags: NLM_F.CREATE | NLM_F.EXCL, schema: ruleMessage, value },
    withContext(options, 'add rule', describeRule(config)),
  );
}

/**
 * Deletes the first rule matching `rule` (`ip rule del`): a {@link RuleConfig}
 * (the kernel matches only what it gives), or a decoded {@link Rule}, sent back
 * as the kernel described it, which matches exactly that rule.
 */
export async function delRule(
  conn: RouteConnection,
  rule: RuleConfig | Rule,
  options: RequestOptions = {},
): Promise<void> {
  const value: RuleInput =
    rule instanceof Rule ? { header: rule.message.header, attrs: rule.message.attrs } : ruleRequest(rule, false);
  const what = rule instanceof Rule ? `pref ${rule.priority}` : describeRule(rule);
  await conn.ack({ type: RTM.DELRULE, schema: ruleMessage, value }, withContext(options, 'delete rule', what));
}

/** Deletes a rule if one matches; returns whether one did. */
export function delRuleIfExists(
  conn: RouteConnection,
  rule: RuleConfig | Rule,
  options: RequestOptions = {},
): Promise<boolean> {
  return ifExists(delRule(conn, rule, options));
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Policy routing rules (`ip rule show`). The twin of the seed's `get_rules`. */
    getRules(this: Connection<Route>, filter?: RuleFilter, options?: DumpOptions): Promise<Rule[]>;
    /** Streams the rules with bounded memory. */
    streamRules(this: Connection<Route>, filter?: RuleFilter, options?: RequestOptions): AsyncGenerator<Rule>;
    /** Adds a rule. The twin of the seed's `add_rule(RuleBuilder)`. */
    addRule(this: Connection<Route>, config: RuleConfig, options?: RequestOptions): Promise<void>;
    /** Deletes a rule. */
    delRule(this: Connection<Route>, rule: RuleConfig | Rule, options?: RequestOptions): Promise<void>;
    /** Deletes a rule if one matches. */
    delRuleIfExists(this: Connection<Route>, rule: RuleConfig | Rule, options?: RequestOptions): Promise<boolean>;
  }
}

installMethods<Route>({ getRules, streamRules, addRule, delRule, delRuleIfExists });

declare module '../events.js' {
  interface NetworkEventMap {
    /** A policy routing rule was added. */
    NewRule: { readonly rule: Rule };
    /** A policy routing rule was removed. */
    DelRule: { readonly rule: Rule };
  }
}

registerEventDecoder(RTM.NEWRULE, (m) => ({ type: 'NewRule', rule: Rule.fromMessage(m) }));
registerEventDecoder(RTM.DELRULE, (m) => ({ type: 'DelRule', rule: Rule.fromMessage(m) }));
