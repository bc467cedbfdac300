/**
 * Nexthop object operations on `Connection<Route>` (Linux 5.3+): dumps
 * filtered by the kernel, get by id, add/replace/delete nexthops and
 * groups, and the buckets of resilient groups. Errors name the operation
 * and the nexthop: `add nexthop id 10: No such file or directory (ENOENT)`.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { describeRef, type IndexResolver, type InterfaceRef } from '../../core/ifname.js';
import { afOf, type IpFamily } from '../../core/prefix.js';
import { KernelError } from '../../errors.js';
import { type BatchItem, sendItem } from '../../session/batch.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder } from '../events.js';
import { checkRange } from '../link/kinds/codecs.js';
import { indexResolver, withContext } from '../link/ops.js';
import { type RouteProtocol, routeProtocolNames } from '../route/names.js';
import { type NexthopConfig, nexthopRequest } from './config.js';
import { Nexthop, NexthopBucket } from './nexthop.js';
import { nexthopMessage } from './schema.js';

type RouteConnection = Connection<Route>;
type NexthopInput = Parameters<typeof nexthopMessage.encode>[1];

/** What a nexthop change does: `ip nexthop add` or `replace`. */
export type NexthopChange = 'add' | 'replace';

/** The request of a nexthop change, named for its errors, ready to send or to batch. */
export async function nexthopItem(
  config: NexthopConfig,
  change: NexthopChange,
  index: IndexResolver,
): Promise<BatchItem> {
  const req = await nexthopRequest(config, index);
  const flags = NLM_F.CREATE | (change === 'add' ? NLM_F.EXCL : NLM_F.REPLACE);
  return {
    out: { type: RTM.NEWNEXTHOP, flags, schema: nexthopMessage, value: req.value },
    context: { operation: `${change} nexthop`, object: req.object },
  };
}

async function modifyNexthop(
  conn: RouteConnection,
  config: NexthopConfig,
  change: NexthopChange,
  options: RequestOptions,
): Promise<void> {
  await sendItem(conn, await nexthopItem(config, change, indexResolver(conn, options)), options);
}

/** Adds a nexthop or group (`ip nexthop add`); fails with `EEXIST` if the id is taken. */
export function addNexthop(conn: RouteConnection, config: NexthopConfig, options: RequestOptions = {}): Promise<void> {
  return modifyNexthop(conn, config, 'add', options);
}

/** Adds or replaces a nexthop or group (`ip nexthop replace`). */
export function replaceNexthop(
  conn: RouteConnection,
  config: NexthopConfig,
  options: RequestOptions = {},
): Promise<void> {
  return modifyNexthop(conn, config, 'replace', options);
}

function byId(id: number): NexthopInput {
  checkRange(id, 1, 0xffffffff, 'nexthop id');
  return { header: { family: AF.UNSPEC }, attrs: { id } };
}

/** The request deleting a nexthop or group by id, named for its errors, ready to send or to batch. */
export function nexthopDeletionItem(id: number): BatchItem {
  return {
    out: { type: RTM.DELNEXTHOP, schema: nexthopMessage, value: byId(id) },
    context: { operation: 'delete nexthop', object: `id ${id}` },
  };
}

/** Deletes a nexthop or group by id (`ip nexthop del id N`). */
export async function delNexthop(conn: RouteConnection, id: number, options: RequestOptions = {}): Promise<void> {
  await sendItem(conn, nexthopDeletionItem(id), options);
}

/** Deletes a nexthop if it exists; returns whether it did. */
export async function delNexthopIfExists(
  conn: RouteConnection,
  id: number,
  options: RequestOptions = {},
): Promise<boolean> {
  try {
    await delNexthop(conn, id, options);
    return true;
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return false;
    throw err;
  }
}

function firstReply<T>(replies: ReceivedMessage[], type: number, decode: (m: ReceivedMessage) => T): T | undefined {
  const m = replies.find((r) => r.type === type);
  return m ? decode(m) : undefined;
}

/** The nexthop with this id, or `undefined` (one `RTM_GETNEXTHOP`). */
export async function getNexthop(
  conn: RouteConnection,
  id: number,
  options: RequestOptions = {},
): Promise<Nexthop | undefined> {
  try {
    const replies = await conn.request(
      { type: RTM.GETNEXTHOP, schema: nexthopMessage, value: byId(id) },
      withContext(options, 'get nexthop', `id ${id}`),
    );
    return firstReply(replies, RTM.NEWNEXTHOP, Nexthop.fromMessage);
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return undefined;
    throw err;
  }
}

/**
 * What a nexthop dump keeps. The kernel filters by family, device, master
 * and groups; it takes `NHA_FDB` but (as of 6.18) ignores it, so FDB
 * nexthops, like the protocol, are picked out here.
 */
export interface NexthopFilter {
  /** Only nexthops of this family (groups have none and are left out). */
  readonly family?: IpFamily;
  /** Only nexthops through this interface. */
  readonly dev?: InterfaceRef;
  /** Only nexthops through ports of this master (bridge, VRF). */
  readonly master?: InterfaceRef;
  /** Only groups. */
  readonly groups?: boolean;
  /** Only FDB nexthops. */
  readonly fdb?: boolean;
  readonly protocol?: RouteProtocol;
}

function describeFilter(f: object): string {
  return Object.entries(f)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) =>
      v === true ? k : `${k} ${typeof v === 'number' || typeof v === 'string' ? describeRef(v) : String(v)}`,
    )
    .join(' ');
}

async function nexthopDump<O extends RequestOptions>(conn: RouteConnection, f: NexthopFilter, options: O) {
  const resolve = indexResolver(conn, options);
  const attrs = {
    oif: f.dev === undefined ? undefined : await resolve(f.dev, 'dev'),
    master: f.master === undefined ? undefined : await resolve(f.master, 'master'),
    groups: f.groups === true ? true : undefined,
    fdb: f.fdb === true ? true : undefined,
  };
  const protocol =
    f.protocol === undefined ? undefined : routeProtocolNames.value(f.protocol, 'nexthop filter protocol');
  const value: NexthopInput = { header: { family: f.family === undefined ? AF.UNSPEC : afOf(f.family) }, attrs };
  return {
    out: { type: RTM.GETNEXTHOP, schema: nexthopMessage, value },
    decode: (m: ReceivedMessage): Nexthop | undefined => {
      if (m.type !== RTM.NEWNEXTHOP) return undefined;
      const nh = Nexthop.fromMessage(m);
      const keep =
        (protocol === undefined || nh.message.header.protocol === protocol) &&
        (f.fdb !== true || nh.fdb) &&
        (f.groups !== true || nh.isGroup);
      return keep ? nh : undefined;
    },
    options: withContext(options, 'dump nexthops', describeFilter(f)),
  };
}

/** Streams nexthop objects (`RTM_GETNEXTHOP` dump), decoded lazily. */
export async function* streamNexthops(
  conn: RouteConnection,
  filter: NexthopFilter = {},
  options: RequestOptions = {},
): AsyncGenerator<Nexthop> {
  const d = await nexthopDump(conn, filter, options);
  for await (const m of conn.dump(d.out, d.options)) {
    const nh = d.decode(m);
    if (nh) yield nh;
  }
}

/** Every nexthop object matching `filter`, collected (the seed's `get_nexthops`; `{ groups: true }` for `get_nexthop_groups`). */
export async function getNexthops(
  conn: RouteConnection,
  filter: NexthopFilter = {},
  options: DumpOptions = {},
): Promise<Nexthop[]> {
  const d = await nexthopDump(conn, filter, options);
  return conn.dumpAll(d.out, d.decode, d.options);
}

/** What a bucket dump keeps (all filtered by the kernel). */
export interface NexthopBucketFilter {
  /** Only buckets of this resilient group. */
  readonly id?: number;
  /** Only buckets pointing at this nexthop. */
  readonly nhid?: number;
  readonly dev?: InterfaceRef;
  readonly master?: InterfaceRef;
}

/** Every bucket of resilient groups matching `filter` (`ip nexthop bucket show`). */
export async function getNexthopBuckets(
  conn: RouteConnection,
  filter: NexthopBucketFilter = {},
  options: DumpOptions = {},
): Promise<NexthopBucket[]> {
  checkRange(filter.id, 1, 0xffffffff, 'bucket filter id');
  checkRange(filter.nhid, 1, 0xffffffff, 'bucket filter nhid');
  const resolve = indexResolver(conn, options);
  const attrs = {
    id: filter.id,
    oif: filter.dev === undefined ? undefined : await resolve(filter.dev, 'dev'),
    master: filter.master === undefined ? undefined : await resolve(filter.master, 'master'),
    resBucket: filter.nhid === undefined ? undefined : { nhId: filter.nhid },
  };
  return conn.dumpAll(
    { type: RTM.GETNEXTHOPBUCKET, schema: nexthopMessage, value: { header: { family: AF.UNSPEC }, attrs } },
    (m) => (m.type === RTM.NEWNEXTHOPBUCKET ? NexthopBucket.fromMessage(m) : undefined),
    withContext(options, 'dump nexthop buckets', describeFilter(filter)),
  );
}

/** One bucket of a resilient group, or `undefined` (`ip nexthop bucket get id N index I`). */
export async function getNexthopBucket(
  conn: RouteConnection,
  id: number,
  index: number,
  options: RequestOptions = {},
): Promise<NexthopBucket | undefined> {
  checkRange(index, 0, 0xffff, 'bucket index');
  const value = { header: { family: AF.UNSPEC }, attrs: { ...byId(id).attrs, resBucket: { index } } };
  try {
    const replies = await conn.request(
      { type: RTM.GETNEXTHOPBUCKET, schema: nexthopMessage, value },
      withContext(options, 'get nexthop bucket', `id ${id} index ${index}`),
    );
    return firstReply(replies, RTM.NEWNEXTHOPBUCKET, NexthopBucket.fromMessage);
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return undefined;
    throw err;
  }
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Every nexthop object matching the filter. */
    getNexthops(this: Connection<Route>, filter?: NexthopFilter, options?: DumpOptions): Promise<Nexthop[]>;
    /** Streams nexthop objects with bounded memory. */
    streamNexthops(this: Connection<Route>, filter?: NexthopFilter, options?: RequestOptions): AsyncGenerator<Nexthop>;
    /** The nexthop with this id, if any. */
    getNexthop(this: Connection<Route>, id: number, options?: RequestOptions): Promise<Nexthop | undefined>;
    /** Adds a nexthop or group. */
    addNexthop(this: Connection<Route>, config: NexthopConfig, options?: RequestOptions): Promise<void>;
    /** Adds or replaces a nexthop or group. */
    replaceNexthop(this: Connection<Route>, config: NexthopConfig, options?: RequestOptions): Promise<void>;
    /** Deletes a nexthop or group. */
    delNexthop(this: Connection<Route>, id: number, options?: RequestOptions): Promise<void>;
    /** Deletes a nexthop or group if it exists. */
    delNexthopIfExists(this: Connection<Route>, id: number, options?: RequestOptions): Promise<boolean>;
    /** Buckets of resilient groups. */
    getNexthopBuckets(
      this: Connection<Route>,
      filter?: NexthopBucketFilter,
      options?: DumpOptions,
    ): Promise<NexthopBucket[]>;
    /** One bucket of a resilient group. */
    getNexthopBucket(
      this: Connection<Route>,
      id: number,
      index: number,
      options?: RequestOptions,
    ): Promise<NexthopBucket | undefined>;
  }
}

installMethods<Route>({
  getNexthops,
  streamNexthops,
  getNexthop,
  addNexthop,
  replaceNexthop,
  delNexthop,
  delNexthopIfExists,
  getNexthopBuckets,
  getNexthopBucket,
});

declare module '../events.js' {
  interface NetworkEventMap {
    /** A nexthop object was added or changed. */
    NewNexthop: { readonly nexthop: Nexthop };
    /** A nexthop object was removed. */
    DelNexthop: { readonly nexthop: Nexthop };
  }
}

registerEventDecoder(RTM.NEWNEXTHOP, (m) => ({ type: 'NewNexthop', nexthop: Nexthop.fromMessage(m) }));
registerEventDecoder(RTM.DELNEXTHOP, (m) => ({ type: 'DelNexthop', nexthop: Nexthop.fromMessage(m) }));
