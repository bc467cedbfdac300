/**
 * Decoded multicast database entries (`bridge mdb show`): one item per group
 * and port, and the multicast router ports.
 *
 * @module
 */

import { formatIpv4, formatIpv6, formatMac } from '../../schema/address.js';
import { MDB, MDB_FLAGS, type mdbEntryInfoMessage, type mdbRouterPortMessage } from './schema.js';

/** A decoded `MDBA_MDB_ENTRY_INFO`: `struct br_mdb_entry` and the attributes after it. */
export type MdbEntryInfo = ReturnType<typeof mdbEntryInfoMessage.decode>;
/** A decoded `MDBA_ROUTER_PORT`. */
export type MdbRouterPortInfo = ReturnType<typeof mdbRouterPortMessage.decode>;

/** `ETH_P_IP`, `ETH_P_IPV6`: the `proto` of IP multicast groups in a `struct br_mdb_entry`. */
export const MDB_GROUP_PROTO = { IP: 0x0800, IPV6: 0x86dd } as const;

/** An MDB entry flag by name, as iproute2 prints it. */
export type MdbFlag = 'offload' | 'fast_leave' | 'added_by_star_ex' | 'blocked';

const MDB_FLAG_BITS: Readonly<Record<MdbFlag, number>> = {
  offload: MDB_FLAGS.OFFLOAD,
  fast_leave: MDB_FLAGS.FAST_LEAVE,
  added_by_star_ex: MDB_FLAGS.STAR_EXCL,
  blocked: MDB_FLAGS.BLOCKED,
};

/** The group address of a `struct br_mdb_entry`, read by its `proto`: IPv4, IPv6, or a MAC address. */
export function mdbGroupAddress(addr: Uint8Array, proto: number): string {
  if (proto === MDB_GROUP_PROTO.IP) return formatIpv4(addr);
  if (proto === MDB_GROUP_PROTO.IPV6) return formatIpv6(addr);
  return formatMac(addr, 0, 6);
}

/** One source of a source-specific group. */
export interface MdbSource {
  readonly address: string | undefined;
  /** Remaining time in hundredths of a second. */
  readonly timer: number | undefined;
}

/** One group membership of one bridge port. Values are decoded when read. */
export class MdbEntry {
  /** The bridge's ifindex. */
  readonly bridge: number;
  /** The decoded `MDBA_MDB_ENTRY_INFO`. */
  readonly info: MdbEntryInfo;

  constructor(bridge: number, info: MdbEntryInfo) {
    this.bridge = bridge;
    this.info = info;
  }

  /** The port's ifindex. */
  get port(): number {
    return this.info.header.ifindex;
  }

  /** VLAN id (0 for none). */
  get vid(): number {
    return this.info.header.vid;
  }

  /** `ETH_P_IP`, `ETH_P_IPV6`, or 0 for an L2 group. */
  get proto(): number {
    return this.info.header.proto;
  }

  /** The group address (`239.1.1.1`, `ff0e::1`, `01:00:5e:00:00:05`). */
  get group(): string {
    return mdbGroupAddress(this.info.header.addr, this.info.header.proto);
  }

  /** The source of an (S, G) entry. */
  get source(): string | undefined {
    return this.info.attrs.source;
  }

  /** Added by a user and kept (`permanent`), or learned and aging (`temp`). */
  get state(): 'permanent' | 'temp' {
    return this.info.header.state === MDB.PERMANENT ? 'permanent' : 'temp';
  }

  /** `MDB_FLAGS_*` bits. */
  get flags(): number {
    return this.info.header.flags;
  }

  /** The names of the flags set. */
  get flagNames(): MdbFlag[] {
    return (Object.entries(MDB_FLAG_BITS) as [MdbFlag, number][])
      .filter(([, bit]) => (this.flags & bit) !== 0)
      .map(([name]) => name);
  }

  /** Remaining time in hundredths of a second (0 for permanent entries). */
  get timer(): number | undefined {
    return this.info.attrs.timer;
  }

  /** IGMPv3/MLDv2 filter mode of the group. */
  get groupMode(): 'include' | 'exclude' | undefined {
    const m = this.info.attrs.groupMode;
    return m === undefined ? undefined : m === 1 ? 'include' : 'exclude';
  }

  /** The sources of the group (IGMPv3/MLDv2). */
  get sources(): MdbSource[] {
    return (this.info.attrs.srcList?.entry ?? []).map((s) => ({ address: s.address, timer: s.timer }));
  }

  /** Originator (`RTPROT_*`). */
  get rtprot(): number | undefined {
    return this.info.attrs.rtprot;
  }

  /** JSON form, close to `bridge -j mdb show`. */
  toJSON(): Record<string, unknown> {
    return {
      bridge: this.bridge,
      port: this.port,
      group: this.group,
      source: this.source,
      vid: this.vid,
      state: this.state,
      flags: this.flagNames,
      timer: this.timer,
    };
  }
}

/** A multicast router port of a bridge. */
export interface MdbRouterPort {
  /** The bridge's ifindex. */
  readonly bridge: number;
  /** The port's ifindex. */
  readonly port: number;
  /** Remaining time in hundredths of a second. */
  readonly timer: number | undefined;
  /** `MDB_RTR_TYPE_*`. */
  readonly type: number | undefined;
  readonly vid: number | undefined;
}

/** Flattens a decoded router port. */
export function mdbRouterPort(bridge: number, p: MdbRouterPortInfo): MdbRouterPort {
  return { bridge, port: p.header.ifindex, timer: p.attrs.timer, type: p.attrs.type, vid: p.attrs.vid };
}
