/**
 * The decoded neighbour: typed accessors over a lazily decoded `RTM_NEWNEIGH`.
 *
 * @module
 */

import { type IpFamily, ipFamilyOfAf } from '../../core/prefix.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { NTF, NTF_EXT, NUD, neighMessage } from './schema.js';

/** A decoded neighbour message (header plus lazy attributes). */
export type NeighborMessage = ReturnType<typeof neighMessage.decode>;

/** A neighbour state by name, as `ip neigh ... nud STATE` spells it. */
export type NeighborState =
  | 'none'
  | 'incomplete'
  | 'reachable'
  | 'stale'
  | 'delay'
  | 'probe'
  | 'failed'
  | 'noarp'
  | 'permanent';

/** A neighbour flag by name, as iproute2 prints it (`managed` lives in `NDA_FLAGS_EXT`). */
export type NeighborFlag =
  | 'use'
  | 'self'
  | 'master'
  | 'proxy'
  | 'extern_learn'
  | 'offloaded'
  | 'sticky'
  | 'router'
  | 'managed';

/** `NUD_*` bit of each state name (`none` is 0). */
export const NEIGHBOR_STATES: Readonly<Record<NeighborState, number>> = {
  none: NUD.NONE,
  incomplete: NUD.INCOMPLETE,
  reachable: NUD.REACHABLE,
  stale: NUD.STALE,
  delay: NUD.DELAY,
  probe: NUD.PROBE,
  failed: NUD.FAILED,
  noarp: NUD.NOARP,
  permanent: NUD.PERMANENT,
};

/** `NTF_*` bit of each flag name carried in `ndm_flags`. */
export const NEIGHBOR_FLAGS: Readonly<Record<Exclude<NeighborFlag, 'managed'>, number>> = {
  use: NTF.USE,
  self: NTF.SELF,
  master: NTF.MASTER,
  proxy: NTF.PROXY,
  extern_learn: NTF.EXT_LEARNED,
  offloaded: NTF.OFFLOADED,
  sticky: NTF.STICKY,
  router: NTF.ROUTER,
};

/** The names of the `NUD_*` bits set in `state`, in bit order (`['none']` for 0). */
export function neighborStateNames(state: number): NeighborState[] {
  if (state === 0) return ['none'];
  return (Object.entries(NEIGHBOR_STATES) as [NeighborState, number][])
    .filter(([, bit]) => bit !== 0 && (state & bit) !== 0)
    .map(([name]) => name);
}

/** ARP/NDP cache timers of an entry, in clock ticks (`USER_HZ`, usually 100 a second). */
export interface NeighborCacheInfo {
  readonly confirmed: number;
  readonly used: number;
  readonly updated: number;
  readonly refcnt: number;
}

/**
 * A neighbour entry (ARP, NDP, or proxy) as the kernel described it. Values
 * are decoded when read. Bridge forwarding entries use the same message:
 * see `FdbEntry`.
 */
export class Neighbor {
  /** The decoded message: `header` (`struct ndmsg`) and every attribute under `attrs`. */
  readonly message: NeighborMessage;

  constructor(message: NeighborMessage) {
    this.message = message;
  }

  /** Decodes a received `RTM_NEWNEIGH`/`RTM_DELNEIGH`. */
  static fromMessage(m: ReceivedMessage): Neighbor {
    return new Neighbor(neighMessage.decode(m.buf, m.offset, m.length));
  }

  /** `AF_*` family (`AF_INET`, `AF_INET6`, `AF_BRIDGE`, ...). */
  get family(): number {
    return this.message.header.family;
  }

  /** `inet` or `inet6`, or `undefined` for other families. */
  get ipFamily(): IpFamily | undefined {
    return ipFamilyOfAf(this.message.header.family);
  }

  /** The interface the entry belongs to (relative to the connection's namespace). */
  get ifindex(): number {
    return this.message.header.ifindex;
  }

  /** The protocol address (`NDA_DST`). */
  get destination(): string | undefined {
    return this.message.attrs.dst;
  }

  /** The link-layer address (`NDA_LLADDR`). */
  get lladdr(): string | undefined {
    return this.message.attrs.lladdr;
  }

  /** `NUD_*` state bits. */
  get state(): number {
    return this.message.header.state;
  }

  /** The names of the state bits (`['reachable']`, `['none']`). */
  get stateNames(): NeighborState[] {
    return neighborStateNames(this.message.header.state);
  }

  /** `NTF_*` flag bits of `ndm_flags`. */
  get flags(): number {
    return this.message.header.flags;
  }

  /** `NTF_EXT_*` bits (`NDA_FLAGS_EXT`), 0 when absent. */
  get flagsExt(): number {
    return this.message.attrs.flagsExt ?? 0;
  }

  /** The names of the flags set, including `managed` from the extended flags. */
  get flagNames(): NeighborFlag[] {
    const names = (Object.entries(NEIGHBOR_FLAGS) as [NeighborFlag, number][])
      .filter(([, bit]) => (this.flags & bit) !== 0)
      .map(([name]) => name);
    if (this.flagsExt & NTF_EXT.MANAGED) names.push('managed');
    return names;
  }

  /** A proxy entry (`ip neigh add proxy ...`). */
  get isProxy(): boolean {
    return (this.flags & NTF.PROXY) !== 0;
  }

  /** The neighbour is a router (`NTF_ROUTER`, IPv6). */
  get isRouter(): boolean {
    return (this.flags & NTF.ROUTER) !== 0;
  }

  /** Entry type (`RTN_*`: unicast, multicast, ...). */
  get type(): number {
    return this.message.header.type;
  }

  /** Unicast probes sent (`NDA_PROBES`). */
  get probes(): number | undefined {
    return this.message.attrs.probes;
  }

  /** Cache timers (`NDA_CACHEINFO`). */
  get cacheinfo(): NeighborCacheInfo | undefined {
    return this.message.attrs.cacheinfo;
  }

  /** The master device's ifindex (`NDA_MASTER`). */
  get master(): number | undefined {
    return this.message.attrs.master;
  }

  /** Originator of the entry (`RTPROT_*`, `NDA_PROTOCOL`). */
  get protocol(): number | undefined {
    return this.message.attrs.protocol;
  }

  /** JSON form: header and attributes. */
  toJSON(): { header: NeighborMessage['header']; attrs: unknown } {
    return { header: this.message.header, attrs: this.message.attrs.toJSON() };
  }
}
