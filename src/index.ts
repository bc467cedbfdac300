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

export * from './core/constants.js';
export { ERRNO, type ErrnoName, errnoMessage, errnoName } from './core/errno.js';
export { describeRef, type InterfaceRef, validateIfindex, validateIfname } from './core/ifname.js';
export { asBuffer, forEachAttr, forEachMessage, type MessageHeader } from './core/message.js';
export { type NamespaceSpec, validateNamespaceName } from './core/netns-path.js';
export { align4, NLA_HDRLEN, NLMSG_HDRLEN, Writer } from './core/writer.js';
export * from './errors.js';
export { namespace } from './namespace/index.js';
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
export { type MessageInput, type MessageSchema, type MessageView, messageSchema } from './schema/message.js';
export {
  Connection,
  type ConnectionOptions,
  type DumpOptions,
  type Outgoing,
  type RawEvent,
  type RequestOptions,
  type SocketFactory,
} from './session/connection.js';
export type { ReceivedMessage } from './session/engine.js';
export * from './session/protocol.js';
export type { DatagramInfo, NetlinkSocketLike, SocketOptions } from './socket/types.js';
export { mergeStreams } from './util/merge.js';
export { Batch, type BatchItem, type BatchOptions, type BatchResult } from './session/batch.js';
export { ConnectionPool, type ConnectionPoolOptions, PooledConnection } from './session/pool.js';
export { MultiNamespaceEvents, type TaggedEvent } from './events/multi.js';
export {
  eventsWithResync,
  type ResyncedEvent,
  type ResyncOptions,
  type ResyncReason,
  type ResyncSource,
  registerResyncSource,
} from './events/resync.js';
export { registerStoreChange, Store, type StoreChange, storeChange } from './events/store.js';
