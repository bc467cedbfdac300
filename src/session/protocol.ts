/**
 * Protocol markers: `new Connection(Route)` is the TypeScript twin of the
 * seed's `Connection::<Route>::new()`. Family operations are typed on the
 * marker, so `conn.getLinks()` exists only on a `Connection<Route>`.
 *
 * @module
 */

import { NETLINK } from '../core/constants.js';

/** A netlink protocol a {@link Connection} speaks. */
export interface Protocol {
  /** Short name, used in messages. */
  readonly name: string;
  /** `NETLINK_*` protocol number. */
  readonly number: number;
}

function protocol<N extends string>(name: N, number: number): { readonly name: N; readonly number: number } {
  return Object.freeze({ name, number });
}

/** rtnetlink: links, addresses, routes, neighbours, rules, traffic control. */
export const Route = protocol('route', NETLINK.ROUTE);
/** rtnetlink marker type. */
export type Route = typeof Route;

/** Generic netlink (family-id resolved families). */
export const Generic = protocol('generic', NETLINK.GENERIC);
/** Generic netlink marker type. */
export type Generic = typeof Generic;

/** Socket diagnostics (`ss`). */
export const SockDiag = protocol('sock_diag', NETLINK.SOCK_DIAG);
/** Socket diagnostics marker type. */
export type SockDiag = typeof SockDiag;

/** Netfilter (nftables, conntrack). */
export const Netfilter = protocol('netfilter', NETLINK.NETFILTER);
/** Netfilter marker type. */
export type Netfilter = typeof Netfilter;

/** IPsec transformations. */
export const Xfrm = protocol('xfrm', NETLINK.XFRM);
/** XFRM marker type. */
export type Xfrm = typeof Xfrm;

/** Kernel audit. */
export const Audit = protocol('audit', NETLINK.AUDIT);
/** Audit marker type. */
export type Audit = typeof Audit;

/** Kernel connector (process events). */
export const Connector = protocol('connector', NETLINK.CONNECTOR);
/** Connector marker type. */
export type Connector = typeof Connector;

/** Kernel object events (uevents). */
export const KobjectUevent = protocol('kobject_uevent', NETLINK.KOBJECT_UEVENT);
/** Uevent marker type. */
export type KobjectUevent = typeof KobjectUevent;

/** FIB lookup. */
export const FibLookup = protocol('fib_lookup', NETLINK.FIB_LOOKUP);
/** FIB lookup marker type. */
export type FibLookup = typeof FibLookup;

/** SELinux notifications. */
export const SELinux = protocol('selinux', NETLINK.SELINUX);
/** SELinux marker type. */
export type SELinux = typeof SELinux;
