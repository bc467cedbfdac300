/**
 * nlink: an async netlink library for Linux network configuration.
 *
 * ```ts
 * import { Connection, Route } from 'nlink';
 * const conn = new Connection(Route);
 * for (const link of await conn.getLinks()) console.log(`${link.ifindex}: ${link.nameOr('?')}`);
 * conn.close();
 * ```
 *
 * @module
 */

// Typed batch methods (`conn.batch().addRoute(...)`, ...).
import './route/batch.js';

export * from './core/constants.js';
export { ERRNO, type ErrnoName, errnoMessage, errnoName } from './core/errno.js';
export { describeRef, type InterfaceRef, validateIfindex, validateIfname } from './core/ifname.js';
export { asBuffer, forEachAttr, forEachMessage, type MessageHeader } from './core/message.js';
export { type NamespaceSpec, validateNamespaceName } from './core/netns-path.js';
export {
  afOf,
  bitLength,
  familyOfText,
  formatPrefix,
  hasHostBits,
  type IpAddress,
  type IpFamily,
  ipFamilyOfAf,
  maskBytes,
  networkOf,
  type Prefix,
  type PrefixOptions,
  parseIpAddress,
  parsePrefix,
  prefixContains,
} from './core/prefix.js';
export { align4, NLA_HDRLEN, NLMSG_HDRLEN, Writer } from './core/writer.js';
export * from './errors.js';
export { MultiNamespaceEvents, type TaggedEvent } from './events/multi.js';
export {
  eventsWithResync,
  type ResyncedEvent,
  type ResyncOptions,
  type ResyncReason,
  type ResyncSource,
  registerResyncSource,
} from './events/resync.js';
export { registerStoreChange, Store, type StoreChange, storeChanges } from './events/store.js';
export {
  type NamespaceEvent,
  NamespaceWatcher,
  namespace,
  runInNamespace,
  type SpawnInNamespaceOptions,
  spawnInNamespace,
  type WatchNamespacesOptions,
  watchNamespaces,
} from './namespace/index.js';
export * from './route/addr/index.js';
export * from './route/bridge/fdb.js';
export type { FdbConfig, FdbFilter, FdbFlushFilter, FdbFlushResult, FdbQuery } from './route/bridge/fdb-ops.js';
export * as fdbOps from './route/bridge/fdb-ops.js';
export * from './route/bridge/mdb.js';
export type { MdbConfig, MdbFilter } from './route/bridge/mdb-ops.js';
export * as mdbOps from './route/bridge/mdb-ops.js';
export * from './route/bridge/schema.js';
export * from './route/bridge/vlan.js';
export type {
  BridgeVlanConfig,
  BridgeVlanFilter,
  BridgeVlanGlobalConfig,
  BridgeVlanSetConfig,
  VlanRange,
} from './route/bridge/vlan-ops.js';
export * as bridgeVlanOps from './route/bridge/vlan-ops.js';
export {
  ALL_RTNETLINK_GROUPS,
  type NetworkEvent,
  type NetworkEventMap,
  type RawNetworkEventType,
  RtnetlinkGroup,
  registerEventDecoder,
  type TypedNetworkEvent,
  toNetworkEvent,
} from './route/events.js';
export {
  type BuildContext,
  defineLinkKind,
  type KindContribution,
  type LinkAttrsInput,
  type LinkCommonOptions,
  type LinkConfig,
  type LinkKind,
  type LinkKindMap,
  linkKind,
  linkKindNames,
} from './route/link/kind.js';
export * from './route/link/kinds/index.js';
export { Link, type LinkMessage, type OperState } from './route/link/link.js';
export type { WaitOptions } from './route/link/ops.js';
export * as linkOps from './route/link/ops.js';
export {
  ifinfomsg,
  linkAttrs,
  linkInfoAttrs,
  linkKindRegistry,
  linkMessage,
  linkPortKindRegistry,
  rtnlLinkStats64,
} from './route/link/schema.js';
export * from './route/neigh/neighbor.js';
export type { NeighborConfig, NeighborFilter, NeighborTarget } from './route/neigh/ops.js';
export * as neighOps from './route/neigh/ops.js';
export * from './route/neigh/schema.js';
export * from './route/nexthop/index.js';
export type { NsidEntry, PeerNamespace } from './route/nsid/ops.js';
export * as nsidOps from './route/nsid/ops.js';
export * from './route/nsid/schema.js';
export * from './route/route/index.js';
export * as ruleOps from './route/rule/ops.js';
export { IP_PROTOCOL_NAMES, RULE_TABLE_NAMES, type RuleConfig, type RuleFilter } from './route/rule/ops.js';
export * from './route/rule/rule.js';
export * from './route/rule/schema.js';
export * from './route/tc/message.js';
export * as address from './schema/address.js';
export {
  type AttrEntry,
  type AttrSet,
  AttrView,
  attr,
  attrSet,
  type Decoded,
  type FieldDef,
  type Fields,
  type Input,
  indexedArray,
  multiAttr,
  nest,
  type RawAttr,
  subMessage,
  toObject,
  UNKNOWN,
} from './schema/attrs.js';
export * as t from './schema/codec.js';
export { type AttrCodec, field, STRUCT_TAIL, type StructType, struct } from './schema/codec.js';
export {
  type MessageInput,
  type MessageSchema,
  type MessageView,
  messageSchema,
  type PayloadReader,
} from './schema/message.js';
export { Batch, type BatchItem, type BatchOptions, type BatchResult } from './session/batch.js';
export {
  Connection,
  type ConnectionOptions,
  type DumpOptions,
  type Outgoing,
  type PayloadDecoder,
  type RawEvent,
  type RequestOptions,
  type SocketFactory,
} from './session/connection.js';
export type { ReceivedMessage } from './session/engine.js';
export { ConnectionPool, type ConnectionPoolOptions, PooledConnection } from './session/pool.js';
export * from './session/protocol.js';
export type { DumpStream } from './session/stream.js';
export type { DatagramInfo, NetlinkSocketLike, SocketOptions } from './socket/types.js';
export { mergeStreams } from './util/merge.js';
