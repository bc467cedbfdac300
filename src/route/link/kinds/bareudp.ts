/**
 * `bareudp`: a UDP tunnel carrying bare layer 3 packets (MPLS, IP) of one
 * ethertype (`ip link add NAME type bareudp dstport PORT ethertype mpls_uc`).
 *
 * @module
 */

import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { be16, flag, u16 } from '../../../schema/codec.js';
import { defineLinkKind, type KindContribution } from '../kind.js';
import type { Link } from '../link.js';
import { kindDataOf } from './codecs.js';
import { checkChoice, checkUint, type DataOf } from './tunnel.js';

/** `IFLA_BAREUDP_*` attributes. */
export const bareudpAttrs = attrSet('linkinfo-bareudp', {
  /** UDP destination port. */
  port: attr(1, be16),
  /** Ethertype of the tunnelled packets. */
  ethertype: attr(2, be16),
  /** Lowest UDP source port. */
  srcportMin: attr(3, u16),
  /** Also carry the other MPLS (multicast with unicast) or IP (IPv6 with IPv4) ethertype. */
  multiprotoMode: attr(4, flag),
});

/** Ethertypes by the names iproute2 accepts. */
export const BAREUDP_ETHERTYPE = { mpls_uc: 0x8847, mpls_mc: 0x8848, ipv4: 0x0800, ipv6: 0x86dd } as const;

/** Options of `bareudp` devices. */
export interface BareudpOptions {
  /** UDP destination port (`dstport`). */
  readonly port: number;
  /** Ethertype of the tunnelled packets: a name or a 16-bit number. */
  readonly ethertype: keyof typeof BAREUDP_ETHERTYPE | number;
  /** Lowest UDP source port (`srcportmin`); absent: the kernel's choice. */
  readonly srcportMin?: number;
  /** Multiprotocol mode (`multiproto`): `mpls_uc` also carries `mpls_mc`, `ipv4` also carries `ipv6`. */
  readonly multiproto?: boolean;
}

declare module '../kind.js' {
  interface LinkKindMap {
    bareudp: BareudpOptions;
  }
}

/** The `bareudp` kind. */
export const bareudp = defineLinkKind<BareudpOptions>({
  kind: 'bareudp',
  data: nest(bareudpAttrs),
  build(o): KindContribution {
    const data: Partial<DataOf<typeof bareudpAttrs>> = {
      port: checkUint(o.port, 0xffff, 'port'),
      ethertype:
        typeof o.ethertype === 'number'
          ? checkUint(o.ethertype, 0xffff, 'ethertype')
          : checkChoice(o.ethertype, BAREUDP_ETHERTYPE, 'ethertype'),
    };
    if (o.srcportMin !== undefined) data.srcportMin = checkUint(o.srcportMin, 0xffff, 'srcportMin');
    if (o.multiproto) data.multiprotoMode = true;
    return { data };
  },
});

/** The bareudp attributes of `link`, or `undefined` when it is not a `bareudp` device. */
export function bareudpData(link: Link) {
  return kindDataOf(link, ['bareudp'], bareudpAttrs);
}
