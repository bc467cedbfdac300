/**
 * Every built-in link kind; importing this module registers them.
 *
 * @module
 */

export * from './bareudp.js';
export * from './bond.js';
export * from './bridge.js';
export type { NoKindOptions, VlanProtocol } from './codecs.js';
export * from './dummy.js';
export * from './geneve.js';
export * from './gre.js';
export * from './ifb.js';
export * from './ipip.js';
export * from './ipvlan.js';
export * from './macsec.js';
export * from './macvlan.js';
export * from './netkit.js';
export * from './nlmon.js';
export * from './sit.js';
export * from './tun.js';
export {
  IP6_TNL_F,
  type Ip6TunnelFlag,
  type Ip6TunnelOptions,
  TUNNEL_ENCAP,
  TUNNEL_ENCAP_FLAG,
  type TunnelEncap,
  type TunnelEndpoints,
  type TunnelKeyOptions,
  type TunnelTos,
  type TunnelTtl,
} from './tunnel.js';
export * from './veth.js';
export * from './virt-wifi.js';
export * from './vlan.js';
export * from './vrf.js';
export * from './vti.js';
export * from './vxlan.js';
export * from './wireguard.js';
