/**
 * Routes: `rtmsg` schema (IPv4/IPv6 and MPLS layouts), lightweight tunnel
 * encapsulations (MPLS, SRv6, SRv6 local behaviours, IP), the `RouteEntry`
 * class, typed configs and the `Connection<Route>` operations (installed on
 * import); the routing names (routeScopeNames, types, routeProtocolNames, tables) shared with
 * addresses and nexthops.
 *
 * @module
 */

export {
  type IpRouteCommon,
  type Ipv4Route,
  type Ipv6Route,
  type LockableMetric,
  lookupRequest,
  type MplsRoute,
  metricsInput,
  metricsOf,
  type NextHop,
  type Realm,
  ROUTE_FEATURES,
  ROUTER_PREFS,
  type RouteCommon,
  type RouteConfig,
  type RouteLookup,
  type RouteMetrics,
  type RouteRequest,
  routeFamily,
  routeRequest,
} from './config.js';
export * from './encap.js';
export * from './names.js';
export type { RouteFilter } from './ops.js';
export * as routeOps from './ops.js';
export {
  type IpRouteMessage,
  type MplsRouteMessage,
  type NextHopInfo,
  ROUTE_FLAGS,
  RouteEntry,
  type RouteMessage,
  routeFlagNames,
} from './route.js';
export * from './schema.js';
