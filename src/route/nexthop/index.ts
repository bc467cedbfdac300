/**
 * Nexthop objects and groups (Linux 5.3+): `nhmsg` schema, the `Nexthop`
 * and `NexthopBucket` classes, typed configs and the `Connection<Route>`
 * operations (installed on import).
 *
 * @module
 */

export {
  type BlackholeNexthop,
  type NexthopCommon,
  type NexthopConfig,
  type NexthopGroup,
  type NexthopRequest,
  nexthopRequest,
  type SingleNexthop,
} from './config.js';
export {
  Nexthop,
  NexthopBucket,
  type NexthopGroupMember,
  type NexthopMessage,
  type ResilientGroupInfo,
} from './nexthop.js';
export type { NexthopBucketFilter, NexthopFilter } from './ops.js';
export * as nexthopOps from './ops.js';
export * from './schema.js';
