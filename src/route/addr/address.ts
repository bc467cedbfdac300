/**
 * The decoded address: typed accessors over a lazily decoded `RTM_NEWADDR`.
 *
 * @module
 */

import { IFA_F } from '../../core/constants.js';
import { type IpFamily, ipFamilyOfAf } from '../../core/prefix.js';
import { toObject } from '../../schema/attrs.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { type RouteScopeName, routeScopeNames } from '../route/names.js';
import { addressMessage } from './schema.js';

/** A decoded address message (header plus lazy attributes). */
export type AddressMessage = ReturnType<typeof addressMessage.decode>;

/** `IFA_F_*` by the names iproute2 prints (`secondary` is `temporary` for IPv6). */
export const ADDRESS_FLAGS = {
  secondary: IFA_F.SECONDARY,
  nodad: IFA_F.NODAD,
  optimistic: IFA_F.OPTIMISTIC,
  dadfailed: IFA_F.DADFAILED,
  home: IFA_F.HOMEADDRESS,
  deprecated: IFA_F.DEPRECATED,
  tentative: IFA_F.TENTATIVE,
  permanent: IFA_F.PERMANENT,
  mngtmpaddr: IFA_F.MANAGETEMPADDR,
  noprefixroute: IFA_F.NOPREFIXROUTE,
  autojoin: IFA_F.MCAUTOJOIN,
  'stable-privacy': IFA_F.STABLE_PRIVACY,
} as const;

/** An address flag name (plus `temporary`, the IPv6 name of `secondary`). */
export type AddressFlagName = keyof typeof ADDRESS_FLAGS | 'temporary';

/** `INFINITY_LIFE_TIME`: a lifetime that never ends. */
export const INFINITY_LIFE_TIME = 0xffffffff;

/** A lifetime in seconds, or `forever`. */
export type Lifetime = number | 'forever';

function lifetime(v: number | undefined): Lifetime | undefined {
  return v === undefined ? undefined : v === INFINITY_LIFE_TIME ? 'forever' : v;
}

/** An interface address as the kernel described it. Values are decoded when read. */
export class Address {
  /** The decoded message: `header` (`struct ifaddrmsg`) and every attribute under `attrs`. */
  readonly message: AddressMessage;

  constructor(message: AddressMessage) {
    this.message = message;
  }

  /** Decodes a received `RTM_NEWADDR`/`RTM_DELADDR`. */
  static fromMessage(m: ReceivedMessage): Address {
    return new Address(addressMessage.decode(m.buf, m.offset, m.length));
  }

  /** `inet`, `inet6`, or the `AF_*` number of another family. */
  get family(): IpFamily | number {
    const af = this.message.header.family;
    return ipFamilyOfAf(af) ?? af;
  }

  /** ifindex of the interface (relative to the namespace it came from). */
  get ifindex(): number {
    return this.message.header.index;
  }

  /** Prefix length. */
  get prefixLen(): number {
    return this.message.header.prefixlen;
  }

  /** The interface's own address (`IFA_LOCAL`, else `IFA_ADDRESS`): what iproute2 shows as `local`. */
  get address(): string | undefined {
    return this.message.attrs.local ?? this.message.attrs.address;
  }

  /** The peer of a point-to-point address (`IFA_ADDRESS` when it differs from `IFA_LOCAL`). */
  get peer(): string | undefined {
    const { local, address } = this.message.attrs;
    return local !== undefined && address !== undefined && address !== local ? address : undefined;
  }

  /** `address/prefixLen`. */
  get prefix(): string {
    return `${this.address ?? ''}/${this.prefixLen}`;
  }

  /** IPv4 broadcast address. */
  get broadcast(): string | undefined {
    return this.message.attrs.broadcast;
  }

  /** Anycast address. */
  get anycast(): string | undefined {
    return this.message.attrs.anycast;
  }

  /** IPv4 label (`eth0:1`). */
  get label(): string | undefined {
    return this.message.attrs.label;
  }

  /** Scope: a name (`global`, `link`, `host`...) or a number. */
  get scope(): RouteScopeName | number {
    return routeScopeNames.name(this.message.header.scope);
  }

  /** `IFA_F_*` flags (all 32 bits from `IFA_FLAGS` when present). */
  get flags(): number {
    return this.message.attrs.flags ?? this.message.header.flags;
  }

  /** Names of the flags set, as iproute2 prints them. */
  get flagNames(): AddressFlagName[] {
    const names: AddressFlagName[] = [];
    for (const [name, bit] of Object.entries(ADDRESS_FLAGS) as [keyof typeof ADDRESS_FLAGS, number][]) {
      if ((this.flags & bit) === 0) continue;
      names.push(name === 'secondary' && this.family === 'inet6' ? 'temporary' : name);
    }
    return names;
  }

  /** A secondary IPv4 address (or a temporary IPv6 one). */
  get isSecondary(): boolean {
    return (this.flags & IFA_F.SECONDARY) !== 0;
  }

  /** Configured, not learnt (`IFA_F_PERMANENT`). */
  get isPermanent(): boolean {
    return (this.flags & IFA_F.PERMANENT) !== 0;
  }

  /** IPv6 duplicate address detection still running. */
  get isTentative(): boolean {
    return (this.flags & IFA_F.TENTATIVE) !== 0;
  }

  /** Seconds the address stays valid, or `forever`. */
  get validLifetime(): Lifetime | undefined {
    return lifetime(this.message.attrs.cacheinfo?.valid);
  }

  /** Seconds the address stays preferred, or `forever`. */
  get preferredLifetime(): Lifetime | undefined {
    return lifetime(this.message.attrs.cacheinfo?.preferred);
  }

  /** Metric of the prefix route (`IFA_RT_PRIORITY`). */
  get metric(): number | undefined {
    return this.message.attrs.rtPriority;
  }

  /** Address protocol (`IFA_PROTO`: who added it). */
  get proto(): number | undefined {
    return this.message.attrs.proto;
  }

  /** A plain object of the header and every attribute (bigints kept). */
  toObject(): { header: AddressMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: toObject(this.message.attrs) };
  }

  /** JSON form: header and attributes. */
  toJSON(): { header: AddressMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: this.message.attrs.toJSON() };
  }
}
