/**
 * Event streams that never lose state silently: an overrun (`ENOBUFS`)
 * becomes a resync — a `ResyncStart` marker, a fresh dump of every
 * subscribed object type as `resynced` items, a `ResyncEnd` marker — and
 * live events go on. Feed the stream to a {@link Store} to keep a cache
 * that always converges to the kernel's state.
 *
 * @module
 */

import { DumpInterruptedError } from '../errors.js';
import {
  ALL_RTNETLINK_GROUPS,
  RtnetlinkGroup as Groups,
  type NetworkEvent,
  type RtnetlinkGroup,
  type TypedNetworkEvent,
} from '../route/events.js';
import type { Connection } from '../session/connection.js';
import { installMethods } from '../session/methods.js';
import type { Route } from '../session/protocol.js';
import '../route/link/ops.js';
import { FAMILY_RESYNC_SOURCES } from './sources.js';

/** Why a resync happened. */
export type ResyncReason = 'initial' | 'overrun';

/** An item of a resync stream (the seed's `ResyncedEvent`). */
export type ResyncedEvent =
  /** A live event (overruns never appear: they become resyncs). */
  | { readonly kind: 'event'; readonly event: Exclude<NetworkEvent, { type: 'Overrun' }> }
  /** Start of a resync (the seed's `ResyncMarker::Start`). */
  | { readonly kind: 'resyncStart'; readonly reason: ResyncReason }
  /** An object as the fresh dump shows it. */
  | { readonly kind: 'resynced'; readonly event: TypedNetworkEvent }
  /** End of a resync: every object that exists was yielded as `resynced`. */
  | { readonly kind: 'resyncEnd'; readonly reason: ResyncReason };

/** Dumps the current objects of one group as `New*` events. */
export type ResyncSource = (conn: Connection<Route>) => AsyncIterable<TypedNetworkEvent>;

const sources = new Map<number, ResyncSource>();
/** Times an interrupted resync dump is read before the resync goes on with what it has. */
const MAX_DUMP_ATTEMPTS = 3;

/** Registers how to re-read the objects of a group after an overrun (families call this). */
export function registerResyncSource(group: RtnetlinkGroup, source: ResyncSource): void {
  sources.set(group, source);
}

registerResyncSource(Groups.Link, async function* (conn) {
  for await (const link of conn.streamLinks()) yield { type: 'NewLink', link };
});
for (const [group, source] of FAMILY_RESYNC_SOURCES) registerResyncSource(group, source);

/** Options of {@link eventsWithResync}. */
export interface ResyncOptions {
  /** Groups to join (default: those already joined, or every group `ip monitor all` shows). */
  readonly groups?: readonly RtnetlinkGroup[];
  /** Start with a full dump framed by markers (default true), as a cache needs. */
  readonly initialSync?: boolean;
  /** Close the connection when the stream ends (what `intoEventsWithResync` does). */
  readonly owning?: boolean;
}

/**
 * An event stream that turns overruns into resyncs. Groups without a
 * registered {@link ResyncSource} are not re-dumped (their objects have no
 * typed family yet); their events still flow.
 */
export async function* eventsWithResync(
  conn: Connection<Route>,
  options: ResyncOptions = {},
): AsyncGenerator<ResyncedEvent, void, undefined> {
  const groups = options.groups ?? (conn.groups.length ? (conn.groups as RtnetlinkGroup[]) : ALL_RTNETLINK_GROUPS);
  conn.joinGroups(groups);
  const dumps = [...new Set(groups)].flatMap((g) => sources.get(g) ?? []);
  async function* resync(reason: ResyncReason): AsyncGenerator<ResyncedEvent> {
    yield { kind: 'resyncStart', reason };
    for (const dump of dumps) {
      // A dump the kernel flags interrupted is read again. Whatever changed meanwhile also
      // arrives as events after the resync, so the state converges either way.
      for (let attempt = 1; ; attempt++) {
        try {
          for await (const event of dump(conn)) yield { kind: 'resynced', event };
          break;
        } catch (err) {
          if (!(err instanceof DumpInterruptedError) || attempt >= MAX_DUMP_ATTEMPTS) {
            if (err instanceof DumpInterruptedError) break;
            throw err;
          }
        }
      }
    }
    yield { kind: 'resyncEnd', reason };
  }
  try {
    const live = conn.events();
    if (options.initialSync ?? true) yield* resync('initial');
    for await (const event of live) {
      if (event.type === 'Overrun') {
        // Events still queued are older than the loss and incomplete: applied after a fresh
        // dump they would undo it. Drop them; the dump stands for them.
        conn.discardPendingEvents();
        yield* resync('overrun');
      } else yield { kind: 'event', event };
    }
  } finally {
    if (options.owning) conn.close();
  }
}

declare module '../session/connection.js' {
  interface Connection<P> {
    /** Event stream where overruns become resyncs (the seed's `events_with_resync`). */
    eventsWithResync(
      this: Connection<Route>,
      options?: Omit<ResyncOptions, 'owning'>,
    ): AsyncGenerator<ResyncedEvent, void, undefined>;
    /** The same, owning the connection: ending the stream closes it. */
    intoEventsWithResync(
      this: Connection<Route>,
      options?: Omit<ResyncOptions, 'owning'>,
    ): AsyncGenerator<ResyncedEvent, void, undefined>;
  }
}

installMethods<Route>({
  eventsWithResync: (conn: Connection<Route>, options: Omit<ResyncOptions, 'owning'> = {}) =>
    eventsWithResync(conn, options),
  intoEventsWithResync: (conn: Connection<Route>, options: Omit<ResyncOptions, 'owning'> = {}) =>
    eventsWithResync(conn, { ...options, owning: true }),
});
