/**
 * `nlink/bridge`: bridge forwarding (FDB), multicast (MDB) and VLAN entries,
 * their schemas and classes, and the `Connection<Route>` operations,
 * installed on import.
 *
 * @module
 */

export * from '../route/bridge/fdb.js';
export type { FdbConfig, FdbFilter, FdbFlushFilter, FdbFlushResult, FdbQuery } from '../route/bridge/fdb-ops.js';
export * as fdbOps from '../route/bridge/fdb-ops.js';
export * from '../route/bridge/mdb.js';
export type { MdbConfig, MdbFilter } from '../route/bridge/mdb-ops.js';
export * as mdbOps from '../route/bridge/mdb-ops.js';
export * from '../route/bridge/schema.js';
export * from '../route/bridge/vlan.js';
export type {
  BridgeVlanConfig,
  BridgeVlanFilter,
  BridgeVlanGlobalConfig,
  BridgeVlanSetConfig,
  VlanRange,
} from '../route/bridge/vlan-ops.js';
export * as bridgeVlanOps from '../route/bridge/vlan-ops.js';
