/**
 * The decoded policy routing rule: typed accessors over a lazily decoded `RTM_NEWRULE`.
 *
 * @module
 */

import { type IpFamily, ipFamilyOfAf } from '../../core/prefix.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { FIB_RULE, FR_ACT, ruleMessage } from './schema.js';

/** A decoded rule message (header plus lazy attributes). */
export type RuleMessage = ReturnType<typeof ruleMessage.decode>;

/** A rule action by name, as iproute2 spells it (`to_tbl` is `ip rule ... table N`). */
export type RuleAction = 'unspec' | 'to_tbl' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

/** `FR_ACT_*` value of each action name. */
export const RULE_ACTIONS: Readonly<Record<RuleAction, number>> = {
  unspec: FR_ACT.UNSPEC,
  to_tbl: FR_ACT.TO_TBL,
  goto: FR_ACT.GOTO,
  nop: FR_ACT.NOP,
  blackhole: FR_ACT.BLACKHOLE,
  unreachable: FR_ACT.UNREACHABLE,
  prohibit: FR_ACT.PROHIBIT,
};

const ACTION_NAMES = new Map<number, RuleAction>(
  (Object.entries(RULE_ACTIONS) as [RuleAction, number][]).map(([name, v]) => [v, name]),
);

/** An inclusive range (ports, uids). */
export interface RuleRange {
  readonly start: number;
  readonly end: number;
}

/** `undefined` for the kernel's -1 ("unset") sent as a `u32`. */
function unsetIfAllOnes(v: number | undefined): number | undefined {
  return v === 0xffffffff ? undefined : v;
}

function prefix(address: string | undefined, length: number): string | undefined {
  return address === undefined ? undefined : `${address}/${length}`;
}

/** A policy routing rule as the kernel described it. Values are decoded when read. */
export class Rule {
  /** The decoded message: `header` (`struct fib_rule_hdr`) and every attribute under `attrs`. */
  readonly message: RuleMessage;

  constructor(message: RuleMessage) {
    this.message = message;
  }

  /** Decodes a received `RTM_NEWRULE`/`RTM_DELRULE`. */
  static fromMessage(m: ReceivedMessage): Rule {
    return new Rule(ruleMessage.decode(m.buf, m.offset, m.length));
  }

  /** `AF_*` family. */
  get family(): number {
    return this.message.header.family;
  }

  /** `inet` or `inet6` (`undefined` for other families, such as MPLS). */
  get ipFamily(): IpFamily | undefined {
    return ipFamilyOfAf(this.message.header.family);
  }

  /** Priority (`pref`); 0 for the first rule, whose `FRA_PRIORITY` the kernel leaves out. */
  get priority(): number {
    return this.message.attrs.priority ?? 0;
  }

  /** Source prefix (`from`, `10.0.0.0/8`), `undefined` for any source. */
  get from(): string | undefined {
    return prefix(this.message.attrs.src, this.message.header.srcLen);
  }

  /** Destination prefix (`to`), `undefined` for any destination. */
  get to(): string | undefined {
    return prefix(this.message.attrs.dst, this.message.header.dstLen);
  }

  /** Type of service to match. */
  get tos(): number {
    return this.message.header.tos;
  }

  /** The table of a `to_tbl` rule: `FRA_TABLE`, else the header's 8-bit table. */
  get table(): number {
    return this.message.attrs.table ?? this.message.header.table;
  }

  /** The action by name (`unspec` for unknown values; see {@link actionCode}). */
  get action(): RuleAction {
    return ACTION_NAMES.get(this.message.header.action) ?? 'unspec';
  }

  /** The `FR_ACT_*` value. */
  get actionCode(): number {
    return this.message.header.action;
  }

  /** `FIB_RULE_*` flags. */
  get flags(): number {
    return this.message.header.flags;
  }

  /** The selector is inverted (`not`). */
  get invert(): boolean {
    return (this.flags & FIB_RULE.INVERT) !== 0;
  }

  /** Incoming interface name (`iif`). */
  get iif(): string | undefined {
    return this.message.attrs.iifname;
  }

  /** Outgoing interface name (`oif`). */
  get oif(): string | undefined {
    return this.message.attrs.oifname;
  }

  /** Firewall mark to match. */
  get fwmark(): number | undefined {
    return this.message.attrs.fwmark;
  }

  /** Mask applied to the firewall mark. */
  get fwmask(): number | undefined {
    return this.message.attrs.fwmask;
  }

  /** Target priority of a `goto` rule. */
  get goto(): number | undefined {
    return this.message.attrs.goto;
  }

  /** Realms (`FRA_FLOW`). */
  get flow(): number | undefined {
    return this.message.attrs.flow;
  }

  /** Tunnel id to match (`tun_id`). */
  get tunId(): bigint | undefined {
    return this.message.attrs.tunId;
  }

  /**
   * Reject routing decisions with a prefix length at or below this
   * (`suppress_prefixlength`); the kernel sends -1 (as a `u32`) when unset.
   */
  get suppressPrefixlength(): number | undefined {
    return unsetIfAllOnes(this.message.attrs.suppressPrefixlen);
  }

  /** Reject routing decisions whose device is in this group (`suppress_ifgroup`). */
  get suppressIfgroup(): number | undefined {
    return unsetIfAllOnes(this.message.attrs.suppressIfgroup);
  }

  /** The table is looked up by the L3 master device (`l3mdev`). */
  get l3mdev(): boolean {
    return (this.message.attrs.l3mdev ?? 0) !== 0;
  }

  /** User id range (`uidrange`). */
  get uidRange(): RuleRange | undefined {
    return this.message.attrs.uidRange;
  }

  /** Originator (`RTPROT_*`). */
  get protocol(): number | undefined {
    return this.message.attrs.protocol;
  }

  /** IP protocol to match (`ipproto`). */
  get ipProto(): number | undefined {
    return this.message.attrs.ipProto;
  }

  /** Source port range (`sport`). */
  get sport(): RuleRange | undefined {
    return this.message.attrs.sportRange;
  }

  /** Destination port range (`dport`). */
  get dport(): RuleRange | undefined {
    return this.message.attrs.dportRange;
  }

  /** JSON form: header and attributes. */
  toJSON(): { header: RuleMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: this.message.attrs.toJSON() };
  }
}
