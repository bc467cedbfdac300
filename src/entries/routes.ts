/**
 * `nlink/routes`: routes. The `rtmsg` schema (IPv4/IPv6 and MPLS), encapsulations,
 * the `RouteEntry` class, typed configs, the routing names, and the
 * `Connection<Route>` operations (`getRoutes`, `streamRoutes`, `addRoute`...),
 * installed on import.
 *
 * @module
 */

export * from '../route/route/index.js';
