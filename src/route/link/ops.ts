/**
 * Link operations on `Connection<Route>`. Every mutator takes a name or an
 * ifindex ({@link InterfaceRef}); lookups send one `RTM_GETLINK`, never a
 * dump to filter.
 *
 * @module
 */

import { AF, IFF, RTM } from '../../core/constants.js';
import { describeRef, type InterfaceRef, resolveRef, validateIfname } from '../../core/ifname.js';
import { InvalidArgumentError, KernelError, NotFoundError } from '../../errors.js';
import { Connection, type DumpOptions, type RequestOptions } from '../../session/connection.js';
import type { Route } from '../../session/protocol.js';
import { Link } from './link.js';
import { linkMessage } from './schema.js';

type RouteConnection = Connection<Route>;
type LinkInput = Parameters<typeof linkMessage.encode>[1];

function linkTarget(ref: InterfaceRef): LinkInput {
  const r = resolveRef(ref);
  return 'index' in r ? { header: { family: AF.UNSPEC, index: r.index } } : { attrs: { ifname: r.name } };
}

function isMissingDevice(err: unknown): boolean {
  return err instanceof KernelError && err.isNotFound();
}

/** Streams every link (`RTM_GETLINK` dump), decoded lazily. */
export async function* streamLinks(conn: RouteConnection, options: RequestOptions = {}): AsyncGenerator<Link> {
  const out = { type: RTM.GETLINK, schema: linkMessage, value: { header: { family: AF.UNSPEC } } };
  for await (const m of conn.dump(out, { context: { operation: 'dump links' }, ...options })) {
    if (m.header.type === RTM.NEWLINK) yield Link.fromMessage(m);
  }
}

/** Every link, collected. */
export function getLinks(conn: RouteConnection, options: DumpOptions = {}): Promise<Link[]> {
  return conn.dumpAll(
    { type: RTM.GETLINK, schema: linkMessage, value: { header: { family: AF.UNSPEC } } },
    (m) => (m.header.type === RTM.NEWLINK ? Link.fromMessage(m) : undefined),
    { context: { operation: 'dump links' }, ...options },
  );
}

async function getLink(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions): Promise<Link | undefined> {
  const target = linkTarget(ref);
  try {
    const replies = await conn.request(
      { type: RTM.GETLINK, schema: linkMessage, value: target },
      { context: { operation: 'get link', object: describeRef(ref) }, ...options },
    );
    const m = replies.find((r) => r.header.type === RTM.NEWLINK);
    return m ? Link.fromMessage(m) : undefined;
  } catch (err) {
    if (isMissingDevice(err)) return undefined;
    throw err;
  }
}

/** The link with this name, or `undefined`. One `RTM_GETLINK` request. */
export function getLinkByName(
  conn: RouteConnection,
  name: string,
  options: RequestOptions = {},
): Promise<Link | undefined> {
  return getLink(conn, validateIfname(name), options);
}

/** The link with this ifindex, or `undefined`. One `RTM_GETLINK` request. */
export function getLinkByIndex(
  conn: RouteConnection,
  index: number,
  options: RequestOptions = {},
): Promise<Link | undefined> {
  if (typeof index !== 'number') throw new InvalidArgumentError('interface index', 'expected a number');
  return getLink(conn, index, options);
}

/** The link named or numbered `ref`; throws {@link NotFoundError} when there is none. */
export async function requireLink(
  conn: RouteConnection,
  ref: InterfaceRef,
  options: RequestOptions = {},
): Promise<Link> {
  const link = await getLink(conn, ref, options);
  if (!link) throw new NotFoundError('interface', describeRef(ref));
  return link;
}

/** ifindex → name for every link (to print routes and addresses). */
export async function getInterfaceNames(
  conn: RouteConnection,
  options: RequestOptions = {},
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for await (const link of streamLinks(conn, options)) {
    const name = link.name;
    if (name !== undefined) names.set(link.ifindex, name);
  }
  return names;
}

async function setLink(
  conn: RouteConnection,
  ref: InterfaceRef,
  what: string,
  change: LinkInput,
  options: RequestOptions,
): Promise<void> {
  const target = linkTarget(ref);
  const value: LinkInput = {
    header: { family: AF.UNSPEC, ...target.header, ...change.header },
    attrs: { ...target.attrs, ...change.attrs },
  };
  await conn.ack(
    { type: RTM.NEWLINK, schema: linkMessage, value },
    { context: { operation: `set link ${what}`, object: describeRef(ref) }, ...options },
  );
}

/** Brings a link administratively up (`ip link set DEV up`). */
export function setLinkUp(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
  return setLink(conn, ref, 'up', { header: { flags: IFF.UP, change: IFF.UP } }, options);
}

/** Brings a link administratively down (`ip link set DEV down`). */
export function setLinkDown(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
  return setLink(conn, ref, 'down', { header: { flags: 0, change: IFF.UP } }, options);
}

/** Sets the MTU (`ip link set DEV mtu N`). */
export function setLinkMtu(
  conn: RouteConnection,
  ref: InterfaceRef,
  mtu: number,
  options: RequestOptions = {},
): Promise<void> {
  if (!Number.isInteger(mtu) || mtu < 0 || mtu > 0xffffffff) {
    throw new InvalidArgumentError('mtu', `${String(mtu)} is not a 32-bit unsigned integer`);
  }
  return setLink(conn, ref, 'mtu', { attrs: { mtu } }, options);
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Every link. The twin of the seed's `get_links`. */
    getLinks(this: Connection<Route>, options?: DumpOptions): Promise<Link[]>;
    /** Streams every link with bounded memory. */
    streamLinks(this: Connection<Route>, options?: RequestOptions): AsyncGenerator<Link>;
    /** The link with this name, or `undefined` (one request). */
    getLinkByName(this: Connection<Route>, name: string, options?: RequestOptions): Promise<Link | undefined>;
    /** The link with this ifindex, or `undefined` (one request). */
    getLinkByIndex(this: Connection<Route>, index: number, options?: RequestOptions): Promise<Link | undefined>;
    /** ifindex → name of every link. */
    getInterfaceNames(this: Connection<Route>, options?: RequestOptions): Promise<Map<number, string>>;
    /** Brings a link up, by name or ifindex. */
    setLinkUp(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<void>;
    /** Brings a link down, by name or ifindex. */
    setLinkDown(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<void>;
    /** Sets a link's MTU, by name or ifindex. */
    setLinkMtu(this: Connection<Route>, ref: InterfaceRef, mtu: number, options?: RequestOptions): Promise<void>;
  }
}

Object.assign(Connection.prototype, {
  getLinks(this: RouteConnection, options?: DumpOptions) {
    return getLinks(this, options);
  },
  streamLinks(this: RouteConnection, options?: RequestOptions) {
    return streamLinks(this, options);
  },
  getLinkByName(this: RouteConnection, name: string, options?: RequestOptions) {
    return getLinkByName(this, name, options);
  },
  getLinkByIndex(this: RouteConnection, index: number, options?: RequestOptions) {
    return getLinkByIndex(this, index, options);
  },
  getInterfaceNames(this: RouteConnection, options?: RequestOptions) {
    return getInterfaceNames(this, options);
  },
  setLinkUp(this: RouteConnection, ref: InterfaceRef, options?: RequestOptions) {
    return setLinkUp(this, ref, options);
  },
  setLinkDown(this: RouteConnection, ref: InterfaceRef, options?: RequestOptions) {
    return setLinkDown(this, ref, options);
  },
  setLinkMtu(this: RouteConnection, ref: InterfaceRef, mtu: number, options?: RequestOptions) {
    return setLinkMtu(this, ref, mtu, options);
  },
});
