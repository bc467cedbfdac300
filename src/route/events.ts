/**
 * rtnetlink events: `subscribe(groups)`, `subscribeAll()`, `events()` and
 * `intoEvents()` on `Connection<Route>`, yielding {@link NetworkEvent}s.
 *
 * Links decode to {@link Link}; the families (addresses, routes, nexthops,
 * neighbours and FDB, rules, nsid, MDB, and traffic control in its generic
 * form, `src/route/tc/message.ts`) register their typed events when loaded;
 * a type whose family is not loaded arrives as the raw received message.
 *
 * @module
 */

import { RTM, RTNLGRP } from '../core/constants.js';
import type { OverrunError } from '../errors.js';
import type { Connection } from '../session/connection.js';
import type { ReceivedMessage } from '../session/engine.js';
import { installMethods } from '../session/methods.js';
import type { Route } from '../session/protocol.js';
import { Link } from './link/link.js';

/** rtnetlink multicast groups by name (the seed's `RtnetlinkGroup`). */
export const RtnetlinkGroup = {
  Link: RTNLGRP.LINK,
  Neigh: RTNLGRP.NEIGH,
  Tc: RTNLGRP.TC,
  Ipv4Addr: RTNLGRP.IPV4_IFADDR,
  Ipv4Route: RTNLGRP.IPV4_ROUTE,
  Ipv4Rule: RTNLGRP.IPV4_RULE,
  Ipv6Addr: RTNLGRP.IPV6_IFADDR,
  Ipv6Route: RTNLGRP.IPV6_ROUTE,
  Ipv6Rule: RTNLGRP.IPV6_RULE,
  Ipv4Netconf: RTNLGRP.IPV4_NETCONF,
  Ipv6Netconf: RTNLGRP.IPV6_NETCONF,
  Mdb: RTNLGRP.MDB,
  MplsRoute: RTNLGRP.MPLS_ROUTE,
  Nsid: RTNLGRP.NSID,
  Nexthop: RTNLGRP.NEXTHOP,
  BridgeVlan: RTNLGRP.BRVLAN,
} as const;

/** One of the {@link RtnetlinkGroup} values. */
export type RtnetlinkGroup = (typeof RtnetlinkGroup)[keyof typeof RtnetlinkGroup];

/** The groups {@link subscribeAll} joins: every object type `ip monitor all` shows. */
export const ALL_RTNETLINK_GROUPS: readonly RtnetlinkGroup[] = [
  RtnetlinkGroup.Link,
  RtnetlinkGroup.Neigh,
  RtnetlinkGroup.Tc,
  RtnetlinkGroup.Ipv4Addr,
  RtnetlinkGroup.Ipv4Route,
  RtnetlinkGroup.Ipv4Rule,
  RtnetlinkGroup.Ipv6Addr,
  RtnetlinkGroup.Ipv6Route,
  RtnetlinkGroup.Ipv6Rule,
  RtnetlinkGroup.Mdb,
  RtnetlinkGroup.Nsid,
  RtnetlinkGroup.Nexthop,
];

/** Event names of every rtnetlink notification type. */
const RAW_EVENT_TYPES = {
  [RTM.NEWADDR]: 'NewAddress',
  [RTM.DELADDR]: 'DelAddress',
  [RTM.NEWROUTE]: 'NewRoute',
  [RTM.DELROUTE]: 'DelRoute',
  [RTM.NEWNEIGH]: 'NewNeighbor',
  [RTM.DELNEIGH]: 'DelNeighbor',
  [RTM.NEWRULE]: 'NewRule',
  [RTM.DELRULE]: 'DelRule',
  [RTM.NEWNEXTHOP]: 'NewNexthop',
  [RTM.DELNEXTHOP]: 'DelNexthop',
  [RTM.NEWNSID]: 'NewNsid',
  [RTM.DELNSID]: 'DelNsid',
  [RTM.NEWMDB]: 'NewMdb',
  [RTM.DELMDB]: 'DelMdb',
  [RTM.NEWQDISC]: 'NewQdisc',
  [RTM.DELQDISC]: 'DelQdisc',
  [RTM.NEWTCLASS]: 'NewClass',
  [RTM.DELTCLASS]: 'DelClass',
  [RTM.NEWTFILTER]: 'NewFilter',
  [RTM.DELTFILTER]: 'DelFilter',
  [RTM.NEWACTION]: 'NewAction',
  [RTM.DELACTION]: 'DelAction',
} as const;

/**
 * Typed events by name. The link family adds `NewLink`/`DelLink`; other
 * families add theirs by declaration merging and {@link registerEventDecoder}.
 */
export interface NetworkEventMap {
  NewLink: { readonly link: Link };
  DelLink: { readonly link: Link };
}

/** Names of the events still carried as raw messages (their family has no typed decoder yet). */
export type RawNetworkEventType = Exclude<
  (typeof RAW_EVENT_TYPES)[keyof typeof RAW_EVENT_TYPES],
  keyof NetworkEventMap
>;

/** A typed event. */
export type TypedNetworkEvent = {
  [K in keyof NetworkEventMap]: { readonly type: K } & NetworkEventMap[K];
}[keyof NetworkEventMap];

/** A change the kernel announced (the seed's `NetworkEvent`), or an explicit overrun. */
export type NetworkEvent =
  | TypedNetworkEvent
  | { readonly type: RawNetworkEventType; readonly message: ReceivedMessage }
  | { readonly type: 'Other'; readonly message: ReceivedMessage }
  /** The kernel dropped events (`ENOBUFS`): state must be re-read. Never silent. */
  | { readonly type: 'Overrun'; readonly error: OverrunError };

const decoders = new Map<number, (m: ReceivedMessage) => TypedNetworkEvent>();

/** Registers the decoder of one rtnetlink message type into a typed event. */
export function registerEventDecoder(messageType: number, decode: (m: ReceivedMessage) => TypedNetworkEvent): void {
  decoders.set(messageType, decode);
}

registerEventDecoder(RTM.NEWLINK, (m) => ({ type: 'NewLink', link: Link.fromMessage(m) }));
registerEventDecoder(RTM.DELLINK, (m) => ({ type: 'DelLink', link: Link.fromMessage(m) }));

/** Decodes one multicast message into a {@link NetworkEvent}. */
export function toNetworkEvent(message: ReceivedMessage): NetworkEvent {
  const t = message.type;
  const decode = decoders.get(t);
  if (decode) return decode(message);
  // Types with a registered decoder returned above: what is left is a raw event type.
  const name = (RAW_EVENT_TYPES as Readonly<Record<number, string>>)[t] as RawNetworkEventType | undefined;
  return name ? { type: name, message } : { type: 'Other', message };
}

async function* networkEvents(conn: Connection<Route>, owning: boolean): AsyncGenerator<NetworkEvent, void, undefined> {
  try {
    for await (const ev of conn.rawEvents()) {
      yield ev.kind === 'overrun' ? { type: 'Overrun', error: ev.error } : toNetworkEvent(ev.message);
    }
  } finally {
    if (owning) conn.close();
  }
}

declare module '../session/connection.js' {
  interface Connection<P> {
    /** Joins rtnetlink groups on the event socket. The twin of the seed's `subscribe`. */
    subscribe(this: Connection<Route>, groups: readonly RtnetlinkGroup[]): void;
    /** Joins every group `ip monitor all` shows. */
    subscribeAll(this: Connection<Route>): void;
    /** Leaves rtnetlink groups. */
    unsubscribe(this: Connection<Route>, groups: readonly RtnetlinkGroup[]): void;
    /** Event stream; the connection stays open when the loop ends. */
    events(this: Connection<Route>): AsyncGenerator<NetworkEvent, void, undefined>;
    /** Event stream that owns the connection: ending the loop closes it. */
    intoEvents(this: Connection<Route>): AsyncGenerator<NetworkEvent, void, undefined>;
  }
}

installMethods<Route>({
  subscribe: (conn: Connection<Route>, groups: readonly RtnetlinkGroup[]) => conn.joinGroups(groups),
  subscribeAll: (conn: Connection<Route>) => conn.joinGroups(ALL_RTNETLINK_GROUPS),
  unsubscribe: (conn: Connection<Route>, groups: readonly RtnetlinkGroup[]) => conn.leaveGroups(groups),
  events: (conn: Connection<Route>) => networkEvents(conn, false),
  intoEvents: (conn: Connection<Route>) => networkEvents(conn, true),
});
