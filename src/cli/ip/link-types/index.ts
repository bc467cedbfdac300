/**
 * The link kinds `nlink-ip` parses and prints, each loaded on first use.
 *
 * @module
 */

import type { LinkTypeCli } from './types.js';

type Loader = () => Promise<LinkTypeCli>;

const DIRECT: Readonly<Record<string, Loader>> = {
  bareudp: async () => (await import('./udp-tunnels.js')).bareudp,
  geneve: async () => (await import('./udp-tunnels.js')).geneve,
  bond: async () => (await import('./bond.js')).bond,
  bond_slave: async () => (await import('./bond.js')).bondSlave,
  bridge: async () => (await import('./bridge.js')).bridge,
  bridge_slave: async () => (await import('./bridge.js')).bridgeSlave,
  ipvlan: async () => (await import('./ipvlan.js')).ipvlan,
  ipvtap: async () => (await import('./ipvlan.js')).ipvtap,
  macsec: async () => (await import('./macsec.js')).macsec,
  macvlan: async () => (await import('./macvlan.js')).macvlan,
  macvtap: async () => (await import('./macvlan.js')).macvtap,
  tun: async () => (await import('./tun.js')).tun,
  veth: async () => (await import('./veth.js')).veth,
  vlan: async () => (await import('./vlan.js')).vlan,
  vrf: async () => (await import('./vrf.js')).vrf,
  vrf_slave: async () => (await import('./vrf.js')).vrfSlave,
  vxlan: async () => (await import('./vxlan.js')).vxlan,
};

const TUNNEL_KINDS = [
  'gre',
  'gretap',
  'erspan',
  'ip6gre',
  'ip6gretap',
  'ip6erspan',
  'ipip',
  'sit',
  'ip6tnl',
  'vti',
  'vti6',
];

const LOADERS: Readonly<Record<string, Loader>> = {
  ...DIRECT,
  ...Object.fromEntries(
    TUNNEL_KINDS.map((kind): [string, Loader] => [
      kind,
      async () => {
        const make = (await import('./tunnels.js')).TUNNELS[kind];
        if (!make) throw new Error(`no tunnel ${kind}`);
        return make();
      },
    ]),
  ),
};

const loaded = new Map<string, LinkTypeCli>();

/** The CLI side of a link kind (`bridge`, `bridge_slave`, ...), loaded once; `undefined` when nlink-ip has none. */
export async function loadLinkType(kind: string): Promise<LinkTypeCli | undefined> {
  const cached = loaded.get(kind);
  if (cached) return cached;
  const load = Object.hasOwn(LOADERS, kind) ? LOADERS[kind] : undefined;
  if (!load) return undefined;
  const type = await load();
  loaded.set(kind, type);
  return type;
}

/** A kind loaded before by {@link loadLinkType} (printers run synchronously). */
export function loadedLinkType(kind: string): LinkTypeCli | undefined {
  return loaded.get(kind);
}
