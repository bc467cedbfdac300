/**
 * Bridge forwarding database operations on `Connection<Route>` (`bridge fdb`):
 * `RTM_*NEIGH` messages of family `AF_BRIDGE`, encoded as `bridge fdb`
 * encodes them. Interfaces are taken by name or ifindex.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { describeRef, type IndexResolver, type InterfaceRef } from '../../core/ifname.js';
import { parseIpAddress } from '../../core/prefix.js';
import { InvalidArgumentError, KernelError } from '../../errors.js';
import { formatMac, parseMac } from '../../schema/address.js';
import { type BatchItem, sendItem } from '../../session/batch.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder, type TypedNetworkEvent } from '../events.js';
import { indexResolver, requireLink, withContext } from '../link/ops.js';
import { linkMessage } from '../link/schema.js';
import { Neighbor } from '../neigh/neighbor.js';
import { ifExists, lookup, resolveIndex } from '../neigh/ops.js';
import { NTF, NUD, neighMessage } from '../neigh/schema.js';
import { FdbEntry, type FdbState, fdbStateName } from './fdb.js';

type RouteConnection = Connection<Route>;
type NeighInput = Parameters<typeof neighMessage.encode>[1];
type NeighAttrs = { -readonly [K in keyof NonNullable<NeighInput['attrs']>]: NonNullable<NeighInput['attrs']>[K] };

/** An FDB entry to add, replace, append or delete (`bridge fdb add|replace|append|del`). */
export interface FdbConfig {
  /** MAC address (`00:00:00:00:00:00` for a VXLAN default destination). */
  readonly mac: string;
  /** The port (or VXLAN device) the entry points to. */
  readonly dev: InterfaceRef;
  /** Act on the master bridge's table (`NTF_MASTER`). */
  readonly master?: boolean;
  /** Act on the device's own table (`NTF_SELF`); the default when neither is given. */
  readonly self?: boolean;
  /** `permanent` (the default, `local` in iproute2), `static`, or `dynamic`. */
  readonly state?: Exclude<FdbState, 'stale'>;
  readonly vlan?: number;
  /** Remote VTEP (VXLAN). */
  readonly dst?: string;
  /** Remote UDP port (VXLAN). */
  readonly port?: number;
  /** VNI (VXLAN). */
  readonly vni?: number;
  /** Source VNI (VXLAN in collect-metadata mode). */
  readonly srcVni?: number;
  /** Outgoing interface toward the VTEP (VXLAN). */
  readonly via?: InterfaceRef;
  /** Nexthop group id (VXLAN). */
  readonly nhid?: number;
  readonly router?: boolean;
  readonly use?: boolean;
  readonly externLearn?: boolean;
  readonly sticky?: boolean;
}

/** Which entries a dump covers. `bridge` and `port` are filtered by the kernel. */
export interface FdbFilter {
  /** Entries of this bridge (`NDA_MASTER`, `bridge fdb show br BR`). */
  readonly bridge?: InterfaceRef;
  /** Entries of this port or device (`bridge fdb show brport DEV`). */
  readonly port?: InterfaceRef;
  readonly vlan?: number;
  readonly state?: FdbState;
}

/** One entry to look up (`bridge fdb get`). */
export interface FdbQuery {
  readonly mac: string;
  /** Look in this bridge (`br`). */
  readonly bridge?: InterfaceRef;
  /** Look on this port or device (`brport`/`dev`). */
  readonly dev?: InterfaceRef;
  readonly vlan?: number;
  readonly vni?: number;
  readonly master?: boolean;
  readonly self?: boolean;
}

/**
 * What `flushFdb` deletes (`bridge fdb flush`). Each condition is a
 * keyword of iproute2: `true` for `static`, `false` for `nostatic`, and so on.
 */
export interface FdbFlushFilter {
  /** The bridge (or VXLAN device) whose table is flushed; with `master`, a port of a bridge. */
  readonly dev: InterfaceRef;
  /** Only entries of this port (`brport`). */
  readonly port?: InterfaceRef;
  readonly vlan?: number;
  readonly srcVni?: number;
  readonly nhid?: number;
  /** Flush the master bridge's entries of port `dev`. */
  readonly master?: boolean;
  /** Flush `dev`'s own table (the default when `master` is not given). */
  readonly self?: boolean;
  /** Local entries (`NUD_PERMANENT`). */
  readonly permanent?: boolean;
  /** Static entries (`NUD_NOARP`, not permanent). */
  readonly static?: boolean;
  /** Dynamic entries (neither static nor permanent). */
  readonly dynamic?: boolean;
  /** Added by a user (`NTF_USE`). The dump fallback cannot see it. */
  readonly addedByUser?: boolean;
  readonly externLearn?: boolean;
  readonly sticky?: boolean;
  readonly offloaded?: boolean;
  /**
   * `bulk`: one `RTM_DELNEIGH` with `NLM_F_BULK` (Linux 5.19+); `dump`: a dump,
   * then one deletion per matching entry; `auto` (default): bulk, and the dump
   * when the kernel or device refuses bulk deletion.
   */
  readonly mode?: 'auto' | 'bulk' | 'dump';
}

/** What `flushFdb` did: the kernel's bulk deletion (which reports nothing), or exactly the entries deleted. */
export type FdbFlushResult =
  | { readonly method: 'bulk' }
  | { readonly method: 'dump'; readonly deleted: readonly FdbEntry[] };

const FDB_STATES: Readonly<Record<Exclude<FdbState, 'stale'>, number>> = {
  permanent: NUD.NOARP | NUD.PERMANENT,
  static: NUD.NOARP | NUD.REACHABLE,
  dynamic: NUD.REACHABLE,
};

function checkInt(v: number, what: string, max: number, min = 0): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new InvalidArgumentError(what, `${v} is not in [${min}, ${max}]`);
  return v;
}

/** A MAC address in canonical form; throws for anything else. */
function checkMac(mac: string): string {
  return formatMac(parseMac(mac, 'mac'));
}

function checkVlan(v: number): number {
  return checkInt(v, 'vlan', 4094, 1);
}

function sideFlags(o: { readonly master?: boolean; readonly self?: boolean }, defaultSelf: boolean): number {
  let f = o.master ? NTF.MASTER : 0;
  if (o.self || (defaultSelf && !o.master)) f |= NTF.SELF;
  return f;
}

async function fdbRequest(c: FdbConfig, index: IndexResolver): Promise<NeighInput> {
  const state = FDB_STATES[c.state ?? 'permanent'];
  if (state === undefined) throw new InvalidArgumentError('fdb state', `unknown state ${JSON.stringify(c.state)}`);
  let flags = sideFlags(c, true);
  if (c.router) flags |= NTF.ROUTER;
  if (c.use) flags |= NTF.USE;
  if (c.externLearn) flags |= NTF.EXT_LEARNED;
  if (c.sticky) flags |= NTF.STICKY;
  const attrs: NeighAttrs = { lladdr: checkMac(c.mac) };
  if (c.dst !== undefined) attrs.dst = parseIpAddress(c.dst, { what: 'fdb dst' }).address;
  if (c.vlan !== undefined) attrs.vlan = checkVlan(c.vlan);
  if (c.port !== undefined) attrs.port = checkInt(c.port, 'port', 0xffff);
  if (c.vni !== undefined) attrs.vni = checkInt(c.vni, 'vni', 0xffffff);
  if (c.via !== undefined) attrs.ifindex = await index(c.via, 'via');
  if (c.srcVni !== undefined) attrs.srcVni = checkInt(c.srcVni, 'srcVni', 0xffffff);
  if (c.nhid !== undefined) attrs.nhId = checkInt(c.nhid, 'nhid', 0xffffffff);
  const ifindex = await index(c.dev, 'dev');
  return { header: { family: AF.BRIDGE, ifindex, state, flags }, attrs };
}

function describeFdb(mac: string | undefined, dev: InterfaceRef, vlan?: number): string {
  return `${mac ?? '?'} dev ${describeRef(dev)}${vlan === undefined ? '' : ` vlan ${vlan}`}`;
}

/** What an FDB change does: `bridge fdb add`, `replace` or `append`. */
export type FdbChange = 'add' | 'replace' | 'append';

const FDB_FLAGS: Readonly<Record<FdbChange, number>> = {
  add: NLM_F.CREATE | NLM_F.EXCL,
  replace: NLM_F.CREATE | NLM_F.REPLACE,
  append: NLM_F.CREATE | NLM_F.APPEND,
};

/** The request of an FDB change, named for its errors, ready to send or to batch. */
export async function fdbItem(config: FdbConfig, change: FdbChange, index: IndexResolver): Promise<BatchItem> {
  const value = await fdbRequest(config, index);
  return {
    out: { type: RTM.NEWNEIGH, flags: FDB_FLAGS[change], schema: neighMessage, value },
    context: { operation: `${change} fdb entry`, object: describeFdb(config.mac, config.dev, config.vlan) },
  };
}

/** The request deleting an FDB entry, given as a config or as a decoded {@link FdbEntry}. */
export async function fdbDeletionItem(entry: FdbConfig | FdbEntry, index: IndexResolver): Promise<BatchItem> {
  const what =
    entry instanceof FdbEntry
      ? describeFdb(entry.mac, entry.ifindex, entry.vlan)
      : describeFdb(entry.mac, entry.dev, entry.vlan);
  const value = entry instanceof FdbEntry ? entryDeletion(entry) : await fdbRequest(entry, index);
  return {
    out: { type: RTM.DELNEIGH, schema: neighMessage, value },
    context: { operation: 'delete fdb entry', object: what },
  };
}

async function modifyFdb(
  conn: RouteConnection,
  config: FdbConfig,
  change: FdbChange,
  options: RequestOptions,
): Promise<void> {
  await sendItem(conn, await fdbItem(config, change, indexResolver(conn, options)), options);
}

/** Adds an entry; fails if it exists (`bridge fdb add`). */
export function addFdb(conn: RouteConnection, config: FdbConfig, options: RequestOptions = {}): Promise<void> {
  return modifyFdb(conn, config, 'add', options);
}

/** Adds or overwrites an entry (`bridge fdb replace`). */
export function replaceFdb(conn: RouteConnection, config: FdbConfig, options: RequestOptions = {}): Promise<void> {
  return modifyFdb(conn, config, 'replace', options);
}

/** Adds one more destination to an entry, for VXLAN head-end replication (`bridge fdb append`). */
export function appendFdb(conn: RouteConnection, config: FdbConfig, options: RequestOptions = {}): Promise<void> {
  return modifyFdb(conn, config, 'append', options);
}

/** The request deleting a decoded entry: its key attributes, on the side that holds it. */
function entryDeletion(e: FdbEntry): NeighInput {
  const a = e.message.attrs;
  // A bridge-table entry is deleted through the port's master, or (on the bridge device itself) as self.
  const flags = e.isMaster && e.master !== e.ifindex ? NTF.MASTER : NTF.SELF;
  return {
    header: { family: AF.BRIDGE, ifindex: e.ifindex, state: e.state, flags },
    attrs: {
      lladdr: a.lladdr,
      vlan: a.vlan,
      dst: a.dst,
      port: a.port,
      vni: a.vni,
      srcVni: a.srcVni,
      ifindex: a.ifindex,
      nhId: a.nhId,
    },
  };
}

/** Deletes an entry (`bridge fdb del`), given as a config or as a decoded {@link FdbEntry}. */
export async function delFdb(
  conn: RouteConnection,
  entry: FdbConfig | FdbEntry,
  options: RequestOptions = {},
): Promise<void> {
  await sendItem(conn, await fdbDeletionItem(entry, indexResolver(conn, options)), options);
}

/** Deletes an entry if it exists; returns whether it did. */
export function delFdbIfExists(
  conn: RouteConnection,
  entry: FdbConfig | FdbEntry,
  options: RequestOptions = {},
): Promise<boolean> {
  return ifExists(delFdb(conn, entry, options));
}

/** The ifindexes of the ports of `bridge` (a link dump filtered by the kernel on `IFLA_MASTER`). */
async function portsOf(conn: RouteConnection, bridge: number, options: RequestOptions): Promise<Set<number>> {
  const ports = new Set<number>();
  const out = {
    type: RTM.GETLINK,
    schema: linkMessage,
    value: { header: { family: AF.UNSPEC }, attrs: { master: bridge } },
  };
  for await (const m of conn.dump(out, options)) {
    if (m.type === RTM.NEWLINK) ports.add(linkMessage.decode(m.buf, m.offset, m.length).header.index);
  }
  return ports;
}

/**
 * The dump request `bridge fdb show` sends (the port in `ndm_ifindex`, the
 * bridge in `NDA_MASTER`), and the test each entry must pass: the kernel
 * applies those filters only to sockets with strict checking, so they are
 * applied here too, with the same meaning (a bridge: the bridge and its
 * ports; a port: that device).
 */
async function fdbDump(conn: RouteConnection, filter: FdbFilter, options: RequestOptions) {
  const port = filter.port === undefined ? undefined : await resolveIndex(conn, filter.port, options);
  const bridge = filter.bridge === undefined ? undefined : await resolveIndex(conn, filter.bridge, options);
  const members = bridge === undefined ? undefined : await portsOf(conn, bridge, options);
  const keep = (e: FdbEntry): boolean =>
    (port === undefined || e.ifindex === port) &&
    (bridge === undefined || e.ifindex === bridge || members?.has(e.ifindex) === true) &&
    (filter.vlan === undefined || e.vlan === filter.vlan) &&
    (filter.state === undefined || fdbStateName(e.state) === filter.state);
  const request = {
    type: RTM.GETNEIGH,
    schema: neighMessage,
    value: { header: { family: AF.BRIDGE, ifindex: port ?? 0 }, attrs: bridge === undefined ? {} : { master: bridge } },
  };
  return { request, keep };
}

/** Streams the FDB entries matching `filter` (`RTM_GETNEIGH` dump of `AF_BRIDGE`). */
export async function* streamFdb(
  conn: RouteConnection,
  filter: FdbFilter = {},
  options: RequestOptions = {},
): AsyncGenerator<FdbEntry> {
  const ctx = withContext(options, 'dump fdb', '');
  const { request, keep } = await fdbDump(conn, filter, ctx);
  for await (const m of conn.dump(request, ctx)) {
    if (m.type !== RTM.NEWNEIGH) continue;
    const e = FdbEntry.fromMessage(m);
    if (keep(e)) yield e;
  }
}

/** The FDB entries matching `filter` (`bridge fdb show [br BR] [brport DEV] [vlan VID]`). The seed's `get_fdb`. */
export async function getFdb(
  conn: RouteConnection,
  filter: FdbFilter = {},
  options: DumpOptions = {},
): Promise<FdbEntry[]> {
  const ctx = withContext(options, 'dump fdb', '');
  const { request, keep } = await fdbDump(conn, filter, ctx);
  return conn.dumpAll(
    request,
    (m) => {
      if (m.type !== RTM.NEWNEIGH) return undefined;
      const e = FdbEntry.fromMessage(m);
      return keep(e) ? e : undefined;
    },
    ctx,
  );
}

/** One entry (`bridge fdb get`), or `undefined` when there is none. */
export async function getFdbEntry(
  conn: RouteConnection,
  query: FdbQuery,
  options: RequestOptions = {},
): Promise<FdbEntry | undefined> {
  const ctx = withContext(
    options,
    'get fdb entry',
    describeFdb(query.mac, query.dev ?? query.bridge ?? '?', query.vlan),
  );
  const attrs: NeighAttrs = { lladdr: checkMac(query.mac) };
  if (query.vlan !== undefined) attrs.vlan = checkVlan(query.vlan);
  if (query.vni !== undefined) attrs.vni = checkInt(query.vni, 'vni', 0xffffff);
  if (query.bridge !== undefined) attrs.master = await resolveIndex(conn, query.bridge, ctx);
  const ifindex = query.dev === undefined ? 0 : await resolveIndex(conn, query.dev, ctx);
  const header = { family: AF.BRIDGE, ifindex, flags: sideFlags(query, false) };
  const out = { type: RTM.GETNEIGH, schema: neighMessage, value: { header, attrs } };
  return lookup(conn, out, RTM.NEWNEIGH, FdbEntry.fromMessage, ctx);
}

/** `ndm_state`/`ndm_flags` values and masks of a flush, as `bridge fdb flush` computes them. */
function flushMasks(f: FdbFlushFilter): { state: number; stateMask: number; flags: number; flagsMask: number } {
  let state = 0;
  let stateMask = 0;
  if (f.static !== undefined) {
    state = f.static ? (state | NUD.NOARP) & ~NUD.PERMANENT : state & ~NUD.NOARP;
    stateMask |= f.static ? NUD.NOARP | NUD.PERMANENT : NUD.NOARP;
  }
  if (f.dynamic !== undefined) {
    state = f.dynamic ? state & ~(NUD.NOARP | NUD.PERMANENT) : state | NUD.NOARP;
    stateMask |= f.dynamic ? NUD.NOARP | NUD.PERMANENT : NUD.NOARP;
  }
  if (f.permanent !== undefined) {
    state = f.permanent ? state | NUD.PERMANENT : state & ~NUD.PERMANENT;
    stateMask |= NUD.PERMANENT;
  }
  let flags = sideFlags(f, true);
  let flagsMask = 0;
  for (const [on, bit] of [
    [f.addedByUser, NTF.USE],
    [f.externLearn, NTF.EXT_LEARNED],
    [f.sticky, NTF.STICKY],
    [f.offloaded, NTF.OFFLOADED],
  ] as const) {
    if (on === undefined) continue;
    flags = on ? flags | bit : flags & ~bit;
    flagsMask |= bit;
  }
  return { state, stateMask, flags, flagsMask };
}

async function flushBulk(
  conn: RouteConnection,
  f: FdbFlushFilter,
  m: ReturnType<typeof flushMasks>,
  options: RequestOptions,
): Promise<void> {
  const ifindex = await resolveIndex(conn, f.dev, options);
  const attrs: NeighAttrs = {};
  if (f.port !== undefined) attrs.ifindex = await resolveIndex(conn, f.port, options);
  if (f.vlan !== undefined) attrs.vlan = checkVlan(f.vlan);
  if (f.srcVni !== undefined) attrs.srcVni = checkInt(f.srcVni, 'srcVni', 0xffffff);
  if (f.nhid !== undefined) attrs.nhId = checkInt(f.nhid, 'nhid', 0xffffffff);
  if (m.stateMask) attrs.stateMask = m.stateMask;
  if (m.flagsMask) attrs.flagsMask = m.flagsMask;
  await conn.ack(
    {
      type: RTM.DELNEIGH,
      flags: NLM_F.BULK,
      schema: neighMessage,
      value: { header: { family: AF.BRIDGE, ifindex, state: m.state, flags: m.flags }, attrs },
    },
    options,
  );
}

/**
 * The dump fallback: the entries of `dev`'s table (those the bridge `dev`
 * reports as its own, with `NDA_MASTER` = `dev`; with `master`, the
 * bridge's entries of port `dev`; otherwise `dev`'s own `self` entries)
 * that meet every condition, deleted one by one.
 */
async function flushByDump(
  conn: RouteConnection,
  f: FdbFlushFilter,
  m: ReturnType<typeof flushMasks>,
  options: DumpOptions,
): Promise<FdbEntry[]> {
  if (f.addedByUser !== undefined) {
    throw new InvalidArgumentError('addedByUser', 'dumps do not report it: only a bulk flush can match it');
  }
  const dev = await requireLink(conn, f.dev, {
    ...options,
    context: { operation: 'get link', object: describeRef(f.dev) },
  });
  const port = f.port === undefined ? undefined : await resolveIndex(conn, f.port, options);
  const isBridge = dev.kind === 'bridge';
  const entries = await getFdb(conn, isBridge && !f.master ? { bridge: dev.ifindex } : { port: dev.ifindex }, options);
  const owned = (e: FdbEntry): boolean => {
    if (f.master) return e.ifindex === dev.ifindex && e.isMaster;
    return isBridge ? e.master === dev.ifindex : e.ifindex === dev.ifindex && !e.isMaster;
  };
  const victims = entries.filter(
    (e) =>
      owned(e) &&
      (port === undefined || e.ifindex === port) &&
      (f.vlan === undefined || e.vlan === f.vlan) &&
      (f.srcVni === undefined || e.srcVni === f.srcVni) &&
      (f.nhid === undefined || e.nhId === f.nhid) &&
      (e.state & m.stateMask) === (m.state & m.stateMask) &&
      (e.flags & m.flagsMask) === (m.flags & m.flagsMask),
  );
  // Without a VLAN, a deletion also removes the entry's copies on every VLAN of the port: delete those first.
  victims.sort((a, b) => Number(a.vlan === undefined) - Number(b.vlan === undefined));
  const deleted: FdbEntry[] = [];
  for (const e of victims) if (await delFdbIfExists(conn, e, options)) deleted.push(e);
  return deleted;
}

/**
 * Deletes the entries of a bridge (or VXLAN device) matching `filter`
 * (`bridge fdb flush`). By default with one kernel bulk deletion; where the
 * kernel or device has none, by a dump and one deletion per entry, reporting
 * exactly the entries deleted.
 */
export async function flushFdb(
  conn: RouteConnection,
  filter: FdbFlushFilter,
  options: DumpOptions = {},
): Promise<FdbFlushResult> {
  const ctx = withContext(options, 'flush fdb', `dev ${describeRef(filter.dev)}`);
  const masks = flushMasks(filter);
  const mode = filter.mode ?? 'auto';
  if (mode !== 'dump') {
    try {
      await flushBulk(conn, filter, masks, ctx);
      return { method: 'bulk' };
    } catch (err) {
      // Before Linux 5.19 the kernel wants NDA_LLADDR (EINVAL); since, devices without bulk say EOPNOTSUPP.
      const refused = err instanceof KernelError && (err.isNotSupported() || err.errnoName === 'EINVAL');
      if (mode === 'bulk' || !refused) throw err;
    }
  }
  return { method: 'dump', deleted: await flushByDump(conn, filter, masks, ctx) };
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Bridge forwarding database entries (`bridge fdb show`). The twin of the seed's `get_fdb`. */
    getFdb(this: Connection<Route>, filter?: FdbFilter, options?: DumpOptions): Promise<FdbEntry[]>;
    /** Streams FDB entries with bounded memory. */
    streamFdb(this: Connection<Route>, filter?: FdbFilter, options?: RequestOptions): AsyncGenerator<FdbEntry>;
    /** One FDB entry, or `undefined`. */
    getFdbEntry(this: Connection<Route>, query: FdbQuery, options?: RequestOptions): Promise<FdbEntry | undefined>;
    /** Adds an FDB entry. The twin of the seed's `add_fdb`. */
    addFdb(this: Connection<Route>, config: FdbConfig, options?: RequestOptions): Promise<void>;
    /** Adds or overwrites an FDB entry. */
    replaceFdb(this: Connection<Route>, config: FdbConfig, options?: RequestOptions): Promise<void>;
    /** Appends a destination to an FDB entry (VXLAN). */
    appendFdb(this: Connection<Route>, config: FdbConfig, options?: RequestOptions): Promise<void>;
    /** Deletes an FDB entry. The twin of the seed's `del_fdb`. */
    delFdb(this: Connection<Route>, entry: FdbConfig | FdbEntry, options?: RequestOptions): Promise<void>;
    /** Deletes an FDB entry if it exists. */
    delFdbIfExists(this: Connection<Route>, entry: FdbConfig | FdbEntry, options?: RequestOptions): Promise<boolean>;
    /** Deletes the matching FDB entries. */
    flushFdb(this: Connection<Route>, filter: FdbFlushFilter, options?: DumpOptions): Promise<FdbFlushResult>;
  }
}

installMethods<Route>({
  getFdb,
  streamFdb,
  getFdbEntry,
  addFdb,
  replaceFdb,
  appendFdb,
  delFdb,
  delFdbIfExists,
  flushFdb,
});

declare module '../events.js' {
  interface NetworkEventMap {
    /** A bridge (or VXLAN) FDB entry was added or changed: an `AF_BRIDGE` neighbour message. */
    NewFdb: { readonly fdb: FdbEntry };
    /** A bridge (or VXLAN) FDB entry was removed. */
    DelFdb: { readonly fdb: FdbEntry };
  }
}

/** Neighbour messages of family `AF_BRIDGE` are FDB entries (as `bridge monitor fdb` reads them); others stay neighbours. */
function neighborOrFdbEvent(m: ReceivedMessage, change: 'New' | 'Del'): TypedNetworkEvent {
  const decoded = neighMessage.decode(m.buf, m.offset, m.length);
  if (decoded.header.family === AF.BRIDGE) return { type: `${change}Fdb`, fdb: new FdbEntry(decoded) };
  return { type: `${change}Neighbor`, neighbor: new Neighbor(decoded) };
}

// Replaces the neighbour family's decoders (evaluated first: this module imports it).
registerEventDecoder(RTM.NEWNEIGH, (m) => neighborOrFdbEvent(m, 'New'));
registerEventDecoder(RTM.DELNEIGH, (m) => neighborOrFdbEvent(m, 'Del'));
