/**
 * Neighbour operations on `Connection<Route>` (`ip neigh`): ARP and NDP
 * entries, proxy entries, dumps filtered by the kernel, flush. Interfaces are
 * taken by name or ifindex; names cost one `RTM_GETLINK` each.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { describeRef, type IndexResolver, type InterfaceRef, validateIfindex } from '../../core/ifname.js';
import { afOf, parseIpAddress } from '../../core/prefix.js';
import { InvalidArgumentError, KernelError } from '../../errors.js';
import { formatMac, parseMac } from '../../schema/address.js';
import type { Fields } from '../../schema/attrs.js';
import type { StructFields } from '../../schema/codec.js';
import { type BatchItem, sendItem } from '../../session/batch.js';
import type { Connection, DumpOptions, Outgoing, RequestOptions } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder } from '../events.js';
import { indexResolver, requireLink, withContext } from '../link/ops.js';
import { NEIGHBOR_STATES, Neighbor, type NeighborState } from './neighbor.js';
import { NTF, NTF_EXT, NUD, neighMessage } from './schema.js';

type RouteConnection = Connection<Route>;
type NeighInput = Parameters<typeof neighMessage.encode>[1];
type NeighHeader = { family: number; ifindex: number; state: number; flags: number };

/**
 * The ifindex of an interface: a number is validated and used as is, a name
 * is looked up with one `RTM_GETLINK` (a `NotFoundError` when there is none).
 */
export async function resolveIndex(
  conn: RouteConnection,
  ref: InterfaceRef,
  options: RequestOptions = {},
): Promise<number> {
  if (typeof ref === 'number') return validateIfindex(ref);
  return (await requireLink(conn, ref, { ...options, context: { operation: 'get link', object: ref } })).ifindex;
}

/**
 * Runs a deletion; `false` when the kernel says the object is not there
 * (`absent`, by default ENOENT/ENODEV/ESRCH/ENXIO), `true` when it went.
 */
export async function ifExists(
  deletion: Promise<unknown>,
  absent: (err: KernelError) => boolean = (err) => err.isNotFound(),
): Promise<boolean> {
  try {
    await deletion;
    return true;
  } catch (err) {
    if (err instanceof KernelError && absent(err)) return false;
    throw err;
  }
}

/**
 * Sends a lookup and decodes the first reply of type `type`, or `undefined`
 * when there is none (the kernel said not found, or sent nothing).
 */
export async function lookup<T, H extends StructFields, F extends Fields>(
  conn: RouteConnection,
  out: Outgoing<H, F>,
  type: number,
  decode: (m: ReceivedMessage) => T,
  options: RequestOptions,
): Promise<T | undefined> {
  try {
    const replies = await conn.request(out, options);
    const reply = replies.find((m) => m.type === type);
    return reply === undefined ? undefined : decode(reply);
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return undefined;
    throw err;
  }
}

/** The `NUD_*` bits of one state name or several (`none` is 0). */
export function stateBits(state: NeighborState | readonly NeighborState[]): number {
  const names = typeof state === 'string' ? [state] : state;
  let bits = 0;
  for (const name of names) {
    const bit = NEIGHBOR_STATES[name];
    if (bit === undefined) throw new InvalidArgumentError('neighbour state', `unknown state ${JSON.stringify(name)}`);
    bits |= bit;
  }
  return bits;
}

/** Which entry: a protocol address on an interface, or a proxy entry. */
export interface NeighborTarget {
  /** IPv4 or IPv6 address; its family selects ARP or NDP. */
  readonly address: string;
  readonly dev: InterfaceRef;
  /** A proxy entry (`ip neigh ... proxy ADDR`). */
  readonly proxy?: boolean;
}

/** A neighbour entry to create or change (`ip neigh add|replace|change`). */
export interface NeighborConfig extends NeighborTarget {
  /** Link-layer address (`lladdr`). */
  readonly lladdr?: string;
  /** State, or several (`nud`). Default `permanent`, as `ip neigh add`; `none` with `managed`. */
  readonly state?: NeighborState | readonly NeighborState[];
  /** The neighbour is a router (`NTF_ROUTER`). */
  readonly router?: boolean;
  /** Mark the entry used (`NTF_USE`): triggers resolution of an incomplete entry. */
  readonly use?: boolean;
  /** Learned by an external control plane (`NTF_EXT_LEARNED`). */
  readonly externLearn?: boolean;
  /** Kept reachable by the kernel (`NTF_EXT_MANAGED`). */
  readonly managed?: boolean;
  /** Originator (`RTPROT_*` number, `NDA_PROTOCOL`). */
  readonly protocol?: number;
}

/** Which entries a dump or flush covers. `dev`, `master`, `family` and `proxy` are filtered by the kernel. */
export interface NeighborFilter {
  /** Only IPv4 (ARP) or IPv6 (NDP) entries. */
  readonly family?: 'inet' | 'inet6';
  /** Only entries of this interface (`NDA_IFINDEX`). */
  readonly dev?: InterfaceRef;
  /** Only entries of interfaces enslaved to this master (`NDA_MASTER`). */
  readonly master?: InterfaceRef;
  /** Proxy entries instead of ordinary ones. */
  readonly proxy?: boolean;
  /** Only entries in one of these states. */
  readonly state?: NeighborState | readonly NeighborState[];
}

function describeTarget(t: NeighborTarget): string {
  return `${t.proxy ? 'proxy ' : ''}${t.address} dev ${describeRef(t.dev)}`;
}

async function targetMessage(
  t: NeighborTarget,
  state: number,
  index: IndexResolver,
): Promise<{ header: NeighHeader; attrs: { dst: string } }> {
  const addr = parseIpAddress(t.address, { what: 'neighbour address' });
  const ifindex = await index(t.dev, 'dev');
  return {
    header: { family: afOf(addr.family), ifindex, state, flags: t.proxy ? NTF.PROXY : 0 },
    attrs: { dst: addr.address },
  };
}

async function dumpRequest(conn: RouteConnection, filter: NeighborFilter, options: RequestOptions) {
  const family = filter.family === undefined ? AF.UNSPEC : afOf(filter.family);
  const attrs: { ifindex?: number; master?: number } = {};
  if (filter.dev !== undefined) attrs.ifindex = await resolveIndex(conn, filter.dev, options);
  if (filter.master !== undefined) attrs.master = await resolveIndex(conn, filter.master, options);
  return {
    type: RTM.GETNEIGH,
    schema: neighMessage,
    value: { header: { family, flags: filter.proxy ? NTF.PROXY : 0 }, attrs },
  };
}

function stateFilter(filter: NeighborFilter): (n: Neighbor) => boolean {
  if (filter.state === undefined) return () => true;
  const names = typeof filter.state === 'string' ? [filter.state] : filter.state;
  const bits = stateBits(names);
  const none = names.includes('none');
  return (n) => (n.state & bits) !== 0 || (none && n.state === NUD.NONE);
}

/** Streams the neighbour entries matching `filter` (`RTM_GETNEIGH` dump), decoded lazily. */
export async function* streamNeighbors(
  conn: RouteConnection,
  filter: NeighborFilter = {},
  options: RequestOptions = {},
): AsyncGenerator<Neighbor> {
  const ctx = withContext(options, 'dump neighbors', '');
  const keep = stateFilter(filter);
  for await (const m of conn.dump(await dumpRequest(conn, filter, ctx), ctx)) {
    if (m.type !== RTM.NEWNEIGH) continue;
    const n = Neighbor.fromMessage(m);
    if (keep(n)) yield n;
  }
}

/** The neighbour entries matching `filter`, collected (`ip neigh show`). */
export async function getNeighbors(
  conn: RouteConnection,
  filter: NeighborFilter = {},
  options: DumpOptions = {},
): Promise<Neighbor[]> {
  const ctx = withContext(options, 'dump neighbors', '');
  const keep = stateFilter(filter);
  return conn.dumpAll(
    await dumpRequest(conn, filter, ctx),
    (m) => {
      if (m.type !== RTM.NEWNEIGH) return undefined;
      const n = Neighbor.fromMessage(m);
      return keep(n) ? n : undefined;
    },
    ctx,
  );
}

/** One entry (`ip neigh get ADDR dev DEV`), or `undefined` when there is none. One `RTM_GETNEIGH`. */
export async function getNeighbor(
  conn: RouteConnection,
  target: NeighborTarget,
  options: RequestOptions = {},
): Promise<Neighbor | undefined> {
  const ctx = withContext(options, 'get neighbor', describeTarget(target));
  const value = await targetMessage(target, NUD.NONE, indexResolver(conn, ctx));
  return lookup(conn, { type: RTM.GETNEIGH, schema: neighMessage, value }, RTM.NEWNEIGH, Neighbor.fromMessage, ctx);
}

/** What a neighbour change does: `ip neigh add`, `replace` or `change`. */
export type NeighborChange = 'add' | 'replace' | 'change';

const NEIGHBOR_FLAGS: Readonly<Record<NeighborChange, number>> = {
  add: NLM_F.CREATE | NLM_F.EXCL,
  replace: NLM_F.CREATE | NLM_F.REPLACE,
  change: NLM_F.REPLACE,
};

/** The request of a neighbour change, named for its errors, ready to send or to batch. */
export async function neighborItem(
  config: NeighborConfig,
  change: NeighborChange,
  index: IndexResolver,
): Promise<BatchItem> {
  const state = config.state !== undefined ? stateBits(config.state) : config.managed ? NUD.NONE : NUD.PERMANENT;
  let ntf = config.proxy ? NTF.PROXY : 0;
  if (config.router) ntf |= NTF.ROUTER;
  if (config.use) ntf |= NTF.USE;
  if (config.externLearn) ntf |= NTF.EXT_LEARNED;
  const value = await targetMessage(config, state, index);
  const attrs: NonNullable<NeighInput['attrs']> = {
    ...value.attrs,
    lladdr: config.lladdr === undefined ? undefined : formatMac(parseMac(config.lladdr, 'lladdr')),
    protocol: config.protocol,
    flagsExt: config.managed ? NTF_EXT.MANAGED : undefined,
  };
  return {
    out: {
      type: RTM.NEWNEIGH,
      flags: NEIGHBOR_FLAGS[change],
      schema: neighMessage,
      value: { header: { ...value.header, flags: ntf }, attrs },
    },
    context: { operation: `${change} neighbor`, object: describeTarget(config) },
  };
}

async function modifyNeighbor(
  conn: RouteConnection,
  config: NeighborConfig,
  change: NeighborChange,
  options: RequestOptions,
): Promise<void> {
  const ctx = withContext(options, `${change} neighbor`, describeTarget(config));
  await sendItem(conn, await neighborItem(config, change, indexResolver(conn, ctx)), ctx);
}

/** Creates an entry; fails if it exists (`ip neigh add`). */
export function addNeighbor(
  conn: RouteConnection,
  config: NeighborConfig,
  options: RequestOptions = {},
): Promise<void> {
  return modifyNeighbor(conn, config, 'add', options);
}

/** Creates or overwrites an entry (`ip neigh replace`). */
export function replaceNeighbor(
  conn: RouteConnection,
  config: NeighborConfig,
  options: RequestOptions = {},
): Promise<void> {
  return modifyNeighbor(conn, config, 'replace', options);
}

/** Changes an existing entry; fails if there is none (`ip neigh change`). */
export function changeNeighbor(
  conn: RouteConnection,
  config: NeighborConfig,
  options: RequestOptions = {},
): Promise<void> {
  return modifyNeighbor(conn, config, 'change', options);
}

function targetOf(entry: NeighborTarget | Neighbor): NeighborTarget {
  if (!(entry instanceof Neighbor)) return entry;
  const address = entry.destination;
  if (address === undefined) throw new InvalidArgumentError('neighbour', 'the entry has no destination address');
  return { address, dev: entry.ifindex, proxy: entry.isProxy };
}

/** The request deleting a neighbour entry, named for its errors, ready to send or to batch. */
export async function neighborDeletionItem(entry: NeighborTarget | Neighbor, index: IndexResolver): Promise<BatchItem> {
  const target = targetOf(entry);
  // `ip neigh del` sends NUD_PERMANENT in ndm_state; the kernel ignores it.
  const value = await targetMessage(target, NUD.PERMANENT, index);
  return {
    out: { type: RTM.DELNEIGH, schema: neighMessage, value },
    context: { operation: 'delete neighbor', object: describeTarget(target) },
  };
}

/** Deletes an entry (`ip neigh del ADDR dev DEV`), given as a target or as a decoded {@link Neighbor}. */
export async function delNeighbor(
  conn: RouteConnection,
  entry: NeighborTarget | Neighbor,
  options: RequestOptions = {},
): Promise<void> {
  await sendItem(conn, await neighborDeletionItem(entry, indexResolver(conn, options)), options);
}

/** Deletes an entry if it exists; returns whether it did. */
export function delNeighborIfExists(
  conn: RouteConnection,
  entry: NeighborTarget | Neighbor,
  options: RequestOptions = {},
): Promise<boolean> {
  return ifExists(delNeighbor(conn, entry, options));
}

/**
 * Deletes every entry matching `filter` (`ip neigh flush`): a dump, then one
 * `RTM_DELNEIGH` per entry (the kernel has no bulk deletion for neighbours).
 * Without `filter.state`, permanent and noarp entries are kept, as iproute2
 * does. Returns exactly the entries deleted (ones that vanished meanwhile are left out).
 */
export async function flushNeighbors(
  conn: RouteConnection,
  filter: NeighborFilter = {},
  options: DumpOptions = {},
): Promise<Neighbor[]> {
  const all = await getNeighbors(conn, filter, withContext(options, 'flush neighbors', ''));
  const victims = filter.state === undefined ? all.filter((n) => (n.state & (NUD.PERMANENT | NUD.NOARP)) === 0) : all;
  const deleted: Neighbor[] = [];
  for (const n of victims) {
    if (n.destination !== undefined && (await delNeighborIfExists(conn, n, options))) deleted.push(n);
  }
  return deleted;
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Neighbour entries (`ip neigh show`), filtered. The twin of the seed's `get_neighbors`. */
    getNeighbors(this: Connection<Route>, filter?: NeighborFilter, options?: DumpOptions): Promise<Neighbor[]>;
    /** Streams neighbour entries with bounded memory. */
    streamNeighbors(
      this: Connection<Route>,
      filter?: NeighborFilter,
      options?: RequestOptions,
    ): AsyncGenerator<Neighbor>;
    /** One entry, or `undefined` (one request). */
    getNeighbor(
      this: Connection<Route>,
      target: NeighborTarget,
      options?: RequestOptions,
    ): Promise<Neighbor | undefined>;
    /** Creates a neighbour entry. */
    addNeighbor(this: Connection<Route>, config: NeighborConfig, options?: RequestOptions): Promise<void>;
    /** Creates or overwrites a neighbour entry. */
    replaceNeighbor(this: Connection<Route>, config: NeighborConfig, options?: RequestOptions): Promise<void>;
    /** Changes an existing neighbour entry. */
    changeNeighbor(this: Connection<Route>, config: NeighborConfig, options?: RequestOptions): Promise<void>;
    /** Deletes a neighbour entry. */
    delNeighbor(this: Connection<Route>, entry: NeighborTarget | Neighbor, options?: RequestOptions): Promise<void>;
    /** Deletes a neighbour entry if it exists. */
    delNeighborIfExists(
      this: Connection<Route>,
      entry: NeighborTarget | Neighbor,
      options?: RequestOptions,
    ): Promise<boolean>;
    /** Deletes the matching entries; returns those deleted. */
    flushNeighbors(this: Connection<Route>, filter?: NeighborFilter, options?: DumpOptions): Promise<Neighbor[]>;
  }
}

installMethods<Route>({
  getNeighbors,
  streamNeighbors,
  getNeighbor,
  addNeighbor,
  replaceNeighbor,
  changeNeighbor,
  delNeighbor,
  delNeighborIfExists,
  flushNeighbors,
});

declare module '../events.js' {
  interface NetworkEventMap {
    /** A neighbour entry was added or changed (ARP, NDP; FDB entries are `NewFdb` once the bridge family is loaded). */
    NewNeighbor: { readonly neighbor: Neighbor };
    /** A neighbour entry was removed. */
    DelNeighbor: { readonly neighbor: Neighbor };
  }
}

registerEventDecoder(RTM.NEWNEIGH, (m) => ({ type: 'NewNeighbor', neighbor: Neighbor.fromMessage(m) }));
registerEventDecoder(RTM.DELNEIGH, (m) => ({ type: 'DelNeighbor', neighbor: Neighbor.fromMessage(m) }));
