/**
 * `nlink/nexthops`: nexthop objects and groups (Linux 5.3+). The `nhmsg`
 * schema, the `Nexthop` and `NexthopBucket` classes, typed configs and the
 * `Connection<Route>` operations, installed on import.
 *
 * @module
 */

export * from '../route/nexthop/index.js';
