/**
 * `sit`: IPv6 (or IPv4, MPLS) over IPv4 tunnels, with ISATAP and 6rd
 * (`ip link add NAME type sit remote ADDR local ADDR mode ip6ip ...`). Uses
 * the `IFLA_IPTUN_*` attributes of {@link iptunAttrs}.
 *
 * @module
 */

import { InvalidArgumentError } from '../../../errors.js';
import { nest } from '../../../schema/attrs.js';
import {
  defineIptunKind,
  type IptunData,
  type IptunOptions,
  iptunAttrs,
  iptunKeys,
  ipv4Params,
  TUNNEL_PROTO,
} from './iptun.js';
import { endpoint } from './tunnel.js';

/** IPv6 rapid deployment (RFC 5969) prefixes of a `sit` tunnel. */
export interface SixRdOptions {
  /** The 6rd prefix, `2001:db8::/32`. `{ prefix: '2002::/16' }` restores the default (iproute2's `6rd-reset`). */
  readonly prefix: string;
  /** The IPv4 relay prefix, `10.0.0.0/8`. Default `0.0.0.0/0`. */
  readonly relayPrefix?: string;
}

/** Options of `sit` tunnels. */
export interface SitOptions extends IptunOptions {
  /** Inner protocol (`mode`): IPv6 (`ip6ip`), IPv4 (`ipip`), MPLS (`mplsip`) or any (the default). */
  readonly mode?: 'ip6ip' | 'ipip' | 'mplsip' | 'any';
  /** An ISATAP tunnel (RFC 5214) (`isatap`). */
  readonly isatap?: boolean;
  /** 6rd prefixes (`6rd-prefix`, `6rd-relay_prefix`). */
  readonly ip6rd?: SixRdOptions;
}

declare module '../kind.js' {
  interface LinkKindMap {
    sit: SitOptions;
  }
}

function prefix(text: string, version: 4 | 6, what: string): { address: string; length: number } {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const max = version === 4 ? 32 : 128;
  const length = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(length) || length < 0 || length > max || (slash >= 0 && text.slice(slash + 1) === '')) {
    throw new InvalidArgumentError(what, `${JSON.stringify(text)} has no prefix length in [0, ${max}]`);
  }
  endpoint(address, version, what);
  return { address, length };
}

/** The 6rd attributes iproute2 sends: each prefix only with a non-zero length. */
function sixRdAttrs(o: SixRdOptions): IptunData {
  const p = prefix(o.prefix, 6, 'ip6rd.prefix');
  const data: IptunData = p.length === 0 ? {} : { ip6rdPrefix: p.address, ip6rdPrefixlen: p.length };
  if (o.relayPrefix !== undefined) {
    const relay = prefix(o.relayPrefix, 4, 'ip6rd.relayPrefix');
    if (relay.length !== 0) Object.assign(data, { ip6rdRelayPrefix: relay.address, ip6rdRelayPrefixlen: relay.length });
  }
  return data;
}

/** The `sit` kind. */
export const sit = defineIptunKind<SitOptions>('sit', {
  version: 4,
  modes: { ip6ip: TUNNEL_PROTO.ip6ip, ipip: TUNNEL_PROTO.ipip, mplsip: TUNNEL_PROTO.mplsip, any: TUNNEL_PROTO.any },
  keys: [...iptunKeys, 'mode', 'isatap', 'ip6rd'],
  params(o) {
    const data: IptunData = { ...ipv4Params(o), flags: o.isatap ? ['isatap'] : [] };
    return o.ip6rd === undefined ? data : Object.assign(data, sixRdAttrs(o.ip6rd));
  },
  codec: nest(iptunAttrs),
});
