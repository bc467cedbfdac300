/**
 * `nlink/events`: typed rtnetlink events (`conn.subscribe()`, `conn.events()`), event streams
 * resynchronised after an overrun, watch caches ({@link Store}) and events of
 * several namespaces merged. Resynchronising reads every family's state, so
 * this entry loads them all.
 *
 * @module
 */

export { MultiNamespaceEvents, type TaggedEvent } from '../events/multi.js';
export {
  eventsWithResync,
  type ResyncedEvent,
  type ResyncOptions,
  type ResyncReason,
  type ResyncSource,
  registerResyncSource,
} from '../events/resync.js';
export { registerStoreChange, Store, type StoreChange, storeChanges } from '../events/store.js';
export {
  ALL_RTNETLINK_GROUPS,
  type NetworkEvent,
  type NetworkEventMap,
  type RawNetworkEventType,
  RtnetlinkGroup,
  registerEventDecoder,
  type TypedNetworkEvent,
  toNetworkEvent,
} from '../route/events.js';
