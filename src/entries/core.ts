/**
 * `nlink/core`: connections and everything every family builds on, with no
 * family loaded: {@link Connection} and the protocols, batches, pools,
 * errors, constants, the message schema toolkit, addresses and prefixes.
 * A family's operations join `Connection` when its entry is imported
 * (`import 'nlink/routes'`); `nlink` itself loads every family.
 *
 * ```ts
 * import { Connection, Route } from 'nlink/core';
 * import 'nlink/routes'; // conn.getRoutes, conn.streamRoutes...
 * ```
 *
 * @module
 */

export * from '../core/constants.js';
export { ERRNO, type ErrnoName, errnoMessage, errnoName } from '../core/errno.js';
export { describeRef, type InterfaceRef, validateIfindex, validateIfname } from '../core/ifname.js';
export { asBuffer, forEachAttr, forEachMessage, type MessageHeader } from '../core/message.js';
export { type NamespaceSpec, validateNamespaceName } from '../core/netns-path.js';
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
} from '../core/prefix.js';
export { align4, NLA_HDRLEN, NLMSG_HDRLEN, Writer } from '../core/writer.js';
export * from '../errors.js';
export * as address from '../schema/address.js';
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
} from '../schema/attrs.js';
export * as t from '../schema/codec.js';
export { type AttrCodec, field, STRUCT_TAIL, type StructType, struct } from '../schema/codec.js';
export {
  type MessageInput,
  type MessageSchema,
  type MessageView,
  messageSchema,
  type PayloadReader,
} from '../schema/message.js';
export { Batch, type BatchItem, type BatchOptions, type BatchResult } from '../session/batch.js';
export {
  Connection,
  type ConnectionOptions,
  type DumpOptions,
  type Outgoing,
  type PayloadDecoder,
  type RawEvent,
  type RequestOptions,
  type SocketFactory,
} from '../session/connection.js';
export type { ReceivedMessage } from '../session/engine.js';
export { ConnectionPool, type ConnectionPoolOptions, PooledConnection } from '../session/pool.js';
export * from '../session/protocol.js';
export type { DumpStream } from '../session/stream.js';
export type { DatagramInfo, NetlinkSocketLike, SocketOptions } from '../socket/types.js';
export { mergeStreams } from '../util/merge.js';
