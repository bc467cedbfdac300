/**
 * Virtual tunnel interfaces for IPsec: `vti` (IPv4) and `vti6` (IPv6), over
 * the `IFLA_VTI_*` attributes
 * (`ip link add NAME type vti remote ADDR local ADDR key KEY ...`).
 * The key selects the xfrm policies (their `mark`) of the tunnel's traffic.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { be32, ip, u32 } from '../../../schema/codec.js';
import { defineLinkKind, type KindContribution } from '../kind.js';
import type { Link } from '../link.js';
import { kindDataOf } from './codecs.js';
import {
  checkUint,
  type DataOf,
  endpoints,
  hasOptions,
  type IpVersion,
  optionKeys,
  type TunnelEndpoints,
  type TunnelKeyOptions,
  tunnelKeys,
  withLowerDevice,
} from './tunnel.js';

/** `IFLA_VTI_*` attributes (the kernel's `linkinfo-vti-attrs`). */
export const vtiAttrs = attrSet('linkinfo-vti', {
  /** ifindex of the lower device. */
  link: attr(1, u32),
  /** Input key. */
  ikey: attr(2, be32),
  /** Output key. */
  okey: attr(3, be32),
  /** Local endpoint (4 or 16 bytes). */
  local: attr(4, ip),
  /** Remote endpoint. */
  remote: attr(5, ip),
  fwmark: attr(6, u32),
});

/** Options of `vti` (IPv4 endpoints) and `vti6` (IPv6 endpoints) tunnels. */
export interface VtiOptions extends TunnelEndpoints, TunnelKeyOptions {
  /** Lower device the encapsulated packets leave through (`dev`). */
  readonly dev?: InterfaceRef;
  /** Firewall mark of the outer packets. */
  readonly fwmark?: number;
}

declare module '../kind.js' {
  interface LinkKindMap {
    vti: VtiOptions;
    vti6: VtiOptions;
  }
}

const vtiKeys = optionKeys<VtiOptions>({
  local: true,
  remote: true,
  key: true,
  ikey: true,
  okey: true,
  dev: true,
  fwmark: true,
});

function vtiKind(kind: string, version: IpVersion) {
  const codec = nest(vtiAttrs);
  return defineLinkKind<VtiOptions>({
    kind,
    data: codec,
    async build(o, ctx): Promise<KindContribution> {
      if (!hasOptions(o, vtiKeys)) return {};
      const { ikey, okey } = tunnelKeys(o);
      const data: Partial<DataOf<typeof vtiAttrs>> = {
        ikey: ikey ?? 0,
        okey: okey ?? 0,
        fwmark: checkUint(o.fwmark ?? 0, 0xffffffff, 'fwmark'),
        ...endpoints(o, version),
      };
      return { data: await withLowerDevice(codec, data, o.dev, ctx) };
    },
  });
}

/** The `vti` kind (IPv4). */
export const vti = vtiKind('vti', 4);
/** The `vti6` kind (IPv6). */
export const vti6 = vtiKind('vti6', 6);

/** The VTI attributes of `link` (`vti` or `vti6`), or `undefined` when it is not a VTI tunnel. */
export function vtiData(link: Link) {
  return kindDataOf(link, ['vti', 'vti6'], vtiAttrs);
}
