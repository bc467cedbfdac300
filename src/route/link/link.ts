/**
 * The decoded link: typed accessors over a lazily decoded `RTM_NEWLINK`.
 *
 * @module
 */

import { IF_OPER, IFF } from '../../core/constants.js';
import { toObject } from '../../schema/attrs.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { linkMessage } from './schema.js';

/** A decoded link message (header plus lazy attributes). */
export type LinkMessage = ReturnType<typeof linkMessage.decode>;

/** RFC 2863 operational state names, as iproute2 prints them. */
export type OperState = 'UNKNOWN' | 'NOTPRESENT' | 'DOWN' | 'LOWERLAYERDOWN' | 'TESTING' | 'DORMANT' | 'UP';

const OPER_NAMES = new Map<number, OperState>(
  Object.entries(IF_OPER).map(([name, value]) => [value, name as OperState]),
);

/** A network interface as the kernel described it. Values are decoded when read. */
export class Link {
  /** The decoded message: `header` (`struct ifinfomsg`) and every attribute under `attrs`. */
  readonly message: LinkMessage;

  constructor(message: LinkMessage) {
    this.message = message;
  }

  /** Decodes a received `RTM_NEWLINK`/`RTM_DELLINK`. */
  static fromMessage(m: ReceivedMessage): Link {
    return new Link(linkMessage.decode(m.buf, m.offset, m.length));
  }

  /** Kernel ifindex (relative to the namespace it came from). */
  get ifindex(): number {
    return this.message.header.index;
  }

  /** Interface name. */
  get name(): string | undefined {
    return this.message.attrs.ifname;
  }

  /** The name, or `fallback` when the kernel sent none. */
  nameOr(fallback: string): string {
    return this.message.attrs.ifname ?? fallback;
  }

  /** `IFF_*` flags. */
  get flags(): number {
    return this.message.header.flags;
  }

  /** Administratively up (`IFF_UP`). */
  get isUp(): boolean {
    return (this.flags & IFF.UP) !== 0;
  }

  /** Operationally running (`IFF_RUNNING`). */
  get isRunning(): boolean {
    return (this.flags & IFF.RUNNING) !== 0;
  }

  /** Loopback device (`IFF_LOOPBACK`). */
  get isLoopback(): boolean {
    return (this.flags & IFF.LOOPBACK) !== 0;
  }

  /** Operational state. */
  get operstate(): OperState | undefined {
    const s = this.message.attrs.operstate;
    return s === undefined ? undefined : (OPER_NAMES.get(s) ?? 'UNKNOWN');
  }

  /** MTU in bytes. */
  get mtu(): number | undefined {
    return this.message.attrs.mtu;
  }

  /** Link-layer address (`aa:bb:cc:dd:ee:ff`). */
  get address(): string | undefined {
    return this.message.attrs.address;
  }

  /** Link-layer broadcast address. */
  get broadcast(): string | undefined {
    return this.message.attrs.broadcast;
  }

  /** ifindex of the master device (bridge, bond, vrf), if enslaved. */
  get master(): number | undefined {
    return this.message.attrs.master;
  }

  /** Transmit queue length. */
  get txqlen(): number | undefined {
    return this.message.attrs.txqlen;
  }

  /** Link kind (`veth`, `bridge`, ...), absent for plain devices such as `lo`. */
  get kind(): string | undefined {
    return this.message.attrs.linkinfo?.kind;
  }

  /** Kind-specific data (`IFLA_INFO_DATA`), decoded when the kind is registered, else raw bytes. */
  get kindData(): unknown {
    return this.message.attrs.linkinfo?.data;
  }

  /** Interface alias. */
  get alias(): string | undefined {
    return this.message.attrs.ifalias;
  }

  /** 64-bit counters. */
  get stats(): ReturnType<typeof linkMessage.attrs.fields.stats64.codec.decode> | undefined {
    return this.message.attrs.stats64;
  }

  /** A plain object of the header and every attribute (bigints kept). */
  toObject(): { header: LinkMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: toObject(this.message.attrs) };
  }

  /** JSON form: header and attributes (bigints as numbers where safe). */
  toJSON(): { header: LinkMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: this.message.attrs.toJSON() };
  }
}
