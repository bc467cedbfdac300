/**
 * `veth`: a pair of virtual Ethernet devices (`ip link add NAME type veth peer name PEER`).
 *
 * @module
 */

import { validateIfname } from '../../../core/ifname.js';
import type { NamespaceSpec } from '../../../core/netns-path.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { nestedMessage } from '../../../schema/message.js';
import { defineLinkKind, type LinkAttrsInput } from '../kind.js';
import { linkMessage } from '../schema.js';

/** `VETH_INFO_*` attributes. */
export const vethAttrs = attrSet('veth', {
  /** The peer: a `struct ifinfomsg` and `IFLA_*` attributes. */
  peer: attr(1, nestedMessage(linkMessage)),
});

/** Options of a veth pair. */
export interface VethOptions {
  /** The other end. Without it the kernel picks a name (`vethN`). */
  readonly peer?: {
    readonly name?: string;
    /** Create the peer directly in this namespace. */
    readonly namespace?: NamespaceSpec;
    readonly address?: string;
    readonly mtu?: number;
    readonly txqlen?: number;
  };
}

declare module '../kind.js' {
  interface LinkKindMap {
    veth: VethOptions;
  }
}

/** The veth kind. */
export const veth = defineLinkKind<VethOptions>({
  kind: 'veth',
  data: nest(vethAttrs),
  build(options, ctx) {
    const p = options.peer;
    if (!p) return {};
    const attrs: Record<string, unknown> = {};
    if (p.name !== undefined) attrs.ifname = validateIfname(p.name);
    if (p.address !== undefined) attrs.address = p.address;
    if (p.mtu !== undefined) attrs.mtu = p.mtu;
    if (p.txqlen !== undefined) attrs.txqlen = p.txqlen;
    if (p.namespace !== undefined) Object.assign(attrs, ctx.namespaceAttrs(p.namespace));
    return { data: { peer: { header: {}, attrs: attrs as LinkAttrsInput } } };
  },
});
