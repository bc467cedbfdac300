/**
 * Decoded bridge VLAN state: the VLANs of each port (`bridge vlan show`,
 * `bridge vlan tunnelshow`) and the per-VLAN options (`bridge -d vlan show`,
 * `bridge vlan global show`).
 *
 * @module
 */

import type { ReceivedMessage } from '../../session/engine.js';
import { BR_STATE, type BridgePortState } from '../link/kinds/bridge.js';
import { BRIDGE_VLAN_INFO, bridgeLinkMessage, type vlanDbMessage } from './schema.js';

/** A decoded `AF_BRIDGE` link message. */
export type BridgeLinkMessage = ReturnType<typeof bridgeLinkMessage.decode>;
/** A decoded `RTM_NEWVLAN` message. */
export type VlanDbMessage = ReturnType<typeof vlanDbMessage.decode>;

/** `BR_STATE_*` value of each spanning-tree state name (`forwarding`, ...). */
export const STP_STATES = Object.fromEntries(
  Object.entries(BR_STATE).map(([name, v]) => [name.toLowerCase(), v]),
) as Readonly<Record<BridgePortState, number>>;

const STP_NAMES = new Map<number, BridgePortState>(
  (Object.entries(STP_STATES) as [BridgePortState, number][]).map(([name, v]) => [v, name]),
);

/** The name of a `BR_STATE_*` value, `undefined` for unknown values. */
export function stpStateName(state: number): BridgePortState | undefined {
  return STP_NAMES.get(state);
}

/** One VLAN, or a range of VLANs with the same flags, of a port. */
export interface BridgeVlan {
  readonly vid: number;
  /** Last VLAN of the range (`vid` for a single VLAN). */
  readonly vidEnd: number;
  /** Untagged ingress frames get this VLAN (`PVID`). */
  readonly pvid: boolean;
  /** Egress frames leave untagged. */
  readonly untagged: boolean;
  /** `BRIDGE_VLAN_INFO_*` bits, without the range bits. */
  readonly flags: number;
}

/** A VLAN-to-tunnel-id (VNI) mapping, or a range of them, of a VXLAN port. */
export interface BridgeVlanTunnel {
  readonly vid: number;
  readonly vidEnd: number;
  readonly tunnelId: number;
  /** Tunnel id of `vidEnd`. */
  readonly tunnelIdEnd: number;
}

const RANGE_BITS = BRIDGE_VLAN_INFO.RANGE_BEGIN | BRIDGE_VLAN_INFO.RANGE_END;

/**
 * Pairs `RANGE_BEGIN`/`RANGE_END` items into ranges (the kernel sends them
 * when asked for compressed VLAN lists); a lone item is a range of one.
 */
function collapseRanges<T, R>(items: readonly T[], flagsOf: (item: T) => number, make: (first: T, last: T) => R): R[] {
  const out: R[] = [];
  let begin: T | undefined;
  for (const item of items) {
    const f = flagsOf(item);
    if (f & BRIDGE_VLAN_INFO.RANGE_BEGIN) begin = item;
    else if (f & BRIDGE_VLAN_INFO.RANGE_END && begin !== undefined) {
      out.push(make(begin, item));
      begin = undefined;
    } else out.push(make(item, item));
  }
  return out;
}

/** The VLANs (and VLAN tunnel mappings) of one bridge port, or of a bridge itself. */
export class BridgePortVlans {
  /** The decoded `AF_BRIDGE` link message. */
  readonly message: BridgeLinkMessage;

  constructor(message: BridgeLinkMessage) {
    this.message = message;
  }

  /** Decodes a received `RTM_NEWLINK` of family `AF_BRIDGE`. */
  static fromMessage(m: ReceivedMessage): BridgePortVlans {
    return new BridgePortVlans(bridgeLinkMessage.decode(m.buf, m.offset, m.length));
  }

  /** The port's ifindex. */
  get ifindex(): number {
    return this.message.header.index;
  }

  /** The port's name. */
  get name(): string | undefined {
    return this.message.attrs.ifname;
  }

  /** The bridge's ifindex (absent for the bridge itself). */
  get master(): number | undefined {
    return this.message.attrs.master;
  }

  /** The VLANs, ranges collapsed. */
  get vlans(): BridgeVlan[] {
    const infos = this.message.attrs.afSpec?.vlanInfo ?? [];
    return collapseRanges(
      infos,
      (i) => i.flags,
      (first, last) => ({
        vid: first.vid,
        vidEnd: last.vid,
        pvid: (first.flags & BRIDGE_VLAN_INFO.PVID) !== 0,
        untagged: (first.flags & BRIDGE_VLAN_INFO.UNTAGGED) !== 0,
        flags: first.flags & ~RANGE_BITS,
      }),
    );
  }

  /** The VLAN-to-tunnel-id mappings, ranges collapsed. */
  get tunnels(): BridgeVlanTunnel[] {
    const infos = this.message.attrs.afSpec?.tunnelInfo ?? [];
    return collapseRanges(
      infos,
      (i) => i.flags ?? 0,
      (first, last) => ({
        vid: first.vid ?? 0,
        vidEnd: last.vid ?? 0,
        tunnelId: first.id ?? 0,
        tunnelIdEnd: last.id ?? 0,
      }),
    );
  }

  /** JSON form: name, ifindex, VLANs and tunnels. */
  toJSON(): { ifindex: number; name: string | undefined; vlans: BridgeVlan[]; tunnels: BridgeVlanTunnel[] } {
    return { ifindex: this.ifindex, name: this.name, vlans: this.vlans, tunnels: this.tunnels };
  }
}

/** Which VLAN (or range) of which device an item of a VLAN database dump is about. */
export interface VlanDbItem {
  /** The port's ifindex (for global options, the bridge's). */
  readonly ifindex: number;
  readonly vid: number;
  /** Last VLAN of the range (`vid` for a single VLAN). */
  readonly vidEnd: number;
}

/** Per-VLAN options of one port's VLAN, or range (`RTM_GETVLAN`, `bridge -d vlan show`). */
export interface BridgeVlanOptions extends VlanDbItem {
  readonly pvid: boolean;
  readonly untagged: boolean;
  /** `BRIDGE_VLAN_INFO_*` bits. */
  readonly flags: number;
  /** Spanning-tree state of the VLAN on the port. */
  readonly state?: BridgePortState | undefined;
  /** `MDB_RTR_TYPE_*` of the VLAN on the port. */
  readonly mcastRouter?: number | undefined;
  /** Tunnel id (VNI) of the VLAN on a VXLAN port. */
  readonly tunnelId?: number | undefined;
  /** Counters, when asked for. */
  readonly stats?:
    | { readonly rxBytes: bigint; readonly rxPackets: bigint; readonly txBytes: bigint; readonly txPackets: bigint }
    | undefined;
}

/** Bridge-wide options of a VLAN, or range (`bridge vlan global show`). Intervals in hundredths of a second. */
export interface BridgeVlanGlobalOptions extends VlanDbItem {
  readonly mcastSnooping?: boolean | undefined;
  readonly mcastQuerier?: boolean | undefined;
  readonly mcastIgmpVersion?: number | undefined;
  readonly mcastMldVersion?: number | undefined;
  readonly mcastLastMemberCount?: number | undefined;
  readonly mcastStartupQueryCount?: number | undefined;
  readonly mcastLastMemberInterval?: bigint | undefined;
  readonly mcastMembershipInterval?: bigint | undefined;
  readonly mcastQuerierInterval?: bigint | undefined;
  readonly mcastQueryInterval?: bigint | undefined;
  readonly mcastQueryResponseInterval?: bigint | undefined;
  readonly mcastStartupQueryInterval?: bigint | undefined;
  /** Multiple spanning tree instance of the VLAN. */
  readonly msti?: number | undefined;
}

function bool(v: number | undefined): boolean | undefined {
  return v === undefined ? undefined : v !== 0;
}

/** The per-port VLAN options of an `RTM_NEWVLAN` message, one item per VLAN entry. */
export function vlanOptionsOf(m: VlanDbMessage): BridgeVlanOptions[] {
  return (m.attrs.entry ?? []).map((e) => {
    const flags = e.info?.flags ?? 0;
    const vid = e.info?.vid ?? 0;
    const s = e.stats;
    return {
      ifindex: m.header.ifindex,
      vid,
      vidEnd: e.range ?? vid,
      pvid: (flags & BRIDGE_VLAN_INFO.PVID) !== 0,
      untagged: (flags & BRIDGE_VLAN_INFO.UNTAGGED) !== 0,
      flags,
      state: e.state === undefined ? undefined : stpStateName(e.state),
      mcastRouter: e.mcastRouter,
      tunnelId: e.tunnelInfo?.id,
      stats: s && {
        rxBytes: s.rxBytes ?? 0n,
        rxPackets: s.rxPackets ?? 0n,
        txBytes: s.txBytes ?? 0n,
        txPackets: s.txPackets ?? 0n,
      },
    };
  });
}

/** The bridge-wide VLAN options of an `RTM_NEWVLAN` message, one item per VLAN entry. */
export function vlanGlobalOptionsOf(m: VlanDbMessage): BridgeVlanGlobalOptions[] {
  return (m.attrs.globalOptions ?? []).map((g) => {
    const vid = g.id ?? 0;
    return {
      ifindex: m.header.ifindex,
      vid,
      vidEnd: g.range ?? vid,
      mcastSnooping: bool(g.mcastSnooping),
      mcastQuerier: bool(g.mcastQuerier),
      mcastIgmpVersion: g.mcastIgmpVersion,
      mcastMldVersion: g.mcastMldVersion,
      mcastLastMemberCount: g.mcastLastMemberCnt,
      mcastStartupQueryCount: g.mcastStartupQueryCnt,
      mcastLastMemberInterval: g.mcastLastMemberIntvl,
      mcastMembershipInterval: g.mcastMembershipIntvl,
      mcastQuerierInterval: g.mcastQuerierIntvl,
      mcastQueryInterval: g.mcastQueryIntvl,
      mcastQueryResponseInterval: g.mcastQueryResponseIntvl,
      mcastStartupQueryInterval: g.mcastStartupQueryIntvl,
      msti: g.msti,
    };
  });
}
