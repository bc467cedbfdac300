/**
 * IP-in-IP tunnels over the `IFLA_IPTUN_*` attributes: `ipip` (IPv4 over
 * IPv4, `ip link add NAME type ipip remote ADDR local ADDR ...`) and `ip6tnl`
 * (IPv4 or IPv6 over IPv6). `sit` (in `sit.ts`) shares the attribute set.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { nest } from '../../../schema/attrs.js';
import type { Link } from '../link.js';
import { kindDataOf } from './codecs.js';
import {
  defineIptunKind,
  type IptunOptions,
  ip6tnlAttrs,
  iptunAttrs,
  iptunKeys,
  ipv4Params,
  TUNNEL_PROTO,
} from './iptun.js';
import { type Ip6TunnelOptions, ip6TunnelAttrs, ip6TunnelKeys, type TunnelEncap } from './tunnel.js';

export { type IptunOptions, ip6tnlAttrs, iptunAttrs, SIT_FLAG, TUNNEL_PROTO } from './iptun.js';

/** Options of `ipip` tunnels. */
export interface IpipOptions extends IptunOptions {
  /** Inner protocol (`mode`): IPv4 (`ipip`), MPLS (`mplsip`) or either (`any`, the default). */
  readonly mode?: 'ipip' | 'mplsip' | 'any';
}

/** Options of `ip6tnl` tunnels. */
export interface Ip6tnlOptions extends Ip6TunnelOptions {
  /** Local IPv6 endpoint; absent or `::`: any. */
  readonly local?: string;
  /** Remote IPv6 endpoint. */
  readonly remote?: string;
  /** Lower device the encapsulated packets leave through (`dev`). */
  readonly dev?: InterfaceRef;
  /** Inner protocol (`mode`): IPv6 (`ip6ip6`), IPv4 (`ipip6`) or either (`any`, the default). */
  readonly mode?: 'ip6ip6' | 'ipip6' | 'any';
  /** UDP encapsulation (FOU/GUE). */
  readonly encap?: TunnelEncap;
  /** A flow-based tunnel (`external`); only `mode` may go with it. */
  readonly external?: boolean;
}

declare module '../kind.js' {
  interface LinkKindMap {
    ipip: IpipOptions;
    ip6tnl: Ip6tnlOptions;
  }
}

/** The `ipip` kind. */
export const ipip = defineIptunKind<IpipOptions>('ipip', {
  version: 4,
  modes: { ipip: TUNNEL_PROTO.ipip, mplsip: TUNNEL_PROTO.mplsip, any: TUNNEL_PROTO.any },
  keys: [...iptunKeys, 'mode'],
  params: ipv4Params,
  codec: nest(iptunAttrs),
});

/** The `ip6tnl` kind. */
export const ip6tnl = defineIptunKind<Ip6tnlOptions>('ip6tnl', {
  version: 6,
  modes: { ip6ip6: TUNNEL_PROTO.ip6ip, ipip6: TUNNEL_PROTO.ipip, any: TUNNEL_PROTO.any },
  keys: [...ip6TunnelKeys, 'local', 'remote', 'dev', 'mode', 'encap'],
  params: ip6TunnelAttrs,
  codec: nest(ip6tnlAttrs),
});

/** The IPTUN attributes of `link` when it is an `ipip` or `sit` tunnel, else `undefined`. */
export function iptunData(link: Link) {
  return kindDataOf(link, ['ipip', 'sit'], iptunAttrs);
}

/** The IPTUN attributes of `link` when it is an `ip6tnl` tunnel, else `undefined`. */
export function ip6tnlData(link: Link) {
  return kindDataOf(link, ['ip6tnl'], ip6tnlAttrs);
}
