/**
 * The decoded bridge forwarding database entry: a neighbour message of
 * family `AF_BRIDGE`, read the way `bridge fdb show` reads it.
 *
 * @module
 */

import type { ReceivedMessage } from '../../session/engine.js';
import { Neighbor } from '../neigh/neighbor.js';
import { NTF, NUD, neighMessage } from '../neigh/schema.js';

/** An FDB entry state, as `bridge fdb` names it. */
export type FdbState = 'permanent' | 'static' | 'stale' | 'dynamic';

/**
 * The state of an FDB entry by iproute2's reading of `ndm_state`:
 * `permanent` (local), `static` (`NUD_NOARP`), `stale`, `dynamic` (`NUD_REACHABLE`),
 * `undefined` for anything else.
 */
export function fdbStateName(state: number): FdbState | undefined {
  if (state & NUD.PERMANENT) return 'permanent';
  if (state & NUD.NOARP) return 'static';
  if (state & NUD.STALE) return 'stale';
  if (state & NUD.REACHABLE) return 'dynamic';
  return undefined;
}

/** A bridge (or VXLAN) forwarding database entry. Values are decoded when read. */
export class FdbEntry extends Neighbor {
  /** Decodes a received `RTM_NEWNEIGH`/`RTM_DELNEIGH` of family `AF_BRIDGE`. */
  static override fromMessage(m: ReceivedMessage): FdbEntry {
    return new FdbEntry(neighMessage.decode(m.buf, m.offset, m.length));
  }

  /** The MAC address (`NDA_LLADDR`). */
  get mac(): string | undefined {
    return this.message.attrs.lladdr;
  }

  /** `permanent`, `static`, `stale` or `dynamic`. */
  get fdbState(): FdbState | undefined {
    return fdbStateName(this.state);
  }

  /** VLAN id (`NDA_VLAN`). */
  get vlan(): number | undefined {
    return this.message.attrs.vlan;
  }

  /** Remote VTEP address of a VXLAN entry (`NDA_DST`). */
  get dst(): string | undefined {
    return this.message.attrs.dst;
  }

  /** Remote UDP port of a VXLAN entry (`NDA_PORT`). */
  get port(): number | undefined {
    return this.message.attrs.port;
  }

  /** VNI of a VXLAN entry (`NDA_VNI`). */
  get vni(): number | undefined {
    return this.message.attrs.vni;
  }

  /** Source VNI of a VXLAN entry in collect-metadata mode (`NDA_SRC_VNI`). */
  get srcVni(): number | undefined {
    return this.message.attrs.srcVni;
  }

  /** Outgoing interface of a VXLAN entry (`via`, `NDA_IFINDEX`). */
  get via(): number | undefined {
    return this.message.attrs.ifindex;
  }

  /** Nexthop group id of a VXLAN entry (`NDA_NH_ID`). */
  get nhId(): number | undefined {
    return this.message.attrs.nhId;
  }

  /** Namespace id of `via` when it lives in another namespace (`NDA_LINK_NETNSID`). */
  get linkNetnsid(): number | undefined {
    return this.message.attrs.linkNetnsid;
  }

  /** Held by the device's own driver or address lists (`NTF_SELF`). */
  get isSelf(): boolean {
    return (this.flags & NTF.SELF) !== 0;
  }

  /**
   * Held by the master bridge's table: the kernel reports such entries with
   * `NDA_MASTER` (`master br0` in `bridge fdb show`), requests with `NTF_MASTER`.
   */
  get isMaster(): boolean {
    return (this.flags & NTF.MASTER) !== 0 || (this.master ?? 0) !== 0;
  }

  /** Learned by an external control plane (`extern_learn`). */
  get isExternLearn(): boolean {
    return (this.flags & NTF.EXT_LEARNED) !== 0;
  }

  /** Offloaded to hardware (`offload`). */
  get isOffloaded(): boolean {
    return (this.flags & NTF.OFFLOADED) !== 0;
  }

  /** May not roam to another port (`sticky`). */
  get isSticky(): boolean {
    return (this.flags & NTF.STICKY) !== 0;
  }
}
