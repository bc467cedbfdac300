/**
 * Link operations on `Connection<Route>`. Every mutator takes a name or an
 * ifindex ({@link InterfaceRef}); lookups send one `RTM_GETLINK`, never a
 * dump to filter; errors name the operation and the link.
 *
 * @module
 */

import { closeSync, openSync } from 'node:fs';
import { AF, IFF, NLM_F, RTM } from '../../core/constants.js';
import {
  describeRef,
  type IndexResolver,
  type InterfaceRef,
  resolveRef,
  validateIfindex,
  validateIfname,
} from '../../core/ifname.js';
import { type NamespaceSpec, resolveNamespace } from '../../core/netns-path.js';
import {
  InvalidArgumentError,
  KernelError,
  NamespaceNotFoundError,
  NotFoundError,
  systemErrorFields,
  TimeoutError,
  UnsupportedError,
} from '../../errors.js';
import { type BatchItem, sendItem } from '../../session/batch.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import type { DumpStream } from '../../session/stream.js';
import { type BuildContext, type LinkAttrsInput, type LinkCommonOptions, type LinkConfig, linkKind } from './kind.js';
import { Link } from './link.js';
import { linkMessage } from './schema.js';

type RouteConnection = Connection<Route>;
type LinkInput = Parameters<typeof linkMessage.encode>[1];

function linkTarget(ref: InterfaceRef): LinkInput {
  const r = resolveRef(ref);
  return 'index' in r ? { header: { family: AF.UNSPEC, index: r.index } } : { attrs: { ifname: r.name } };
}

/** `options` with `context` set to `{ operation, object }` unless the caller gave one. */
export function withContext<O extends RequestOptions>(options: O, operation: string, object: string): O {
  return options.context ? options : { ...options, context: { operation, object } };
}

/** Streams every link (`RTM_GETLINK` dump), decoded lazily. */
export function streamLinks(conn: RouteConnection, options: RequestOptions = {}): DumpStream<Link> {
  const out = { type: RTM.GETLINK, schema: linkMessage, value: { header: { family: AF.UNSPEC } } };
  return conn.stream(out, decodeLink, withContext(options, 'dump links', ''));
}

function decodeLink(m: ReceivedMessage): Link | undefined {
  return m.type === RTM.NEWLINK ? Link.fromMessage(m) : undefined;
}

/** Every link, collected. */
export function getLinks(conn: RouteConnection, options: DumpOptions = {}): Promise<Link[]> {
  return conn.dumpAll(
    { type: RTM.GETLINK, schema: linkMessage, value: { header: { family: AF.UNSPEC } } },
    decodeLink,
    withContext(options, 'dump links', ''),
  );
}

async function getLink(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions): Promise<Link | undefined> {
  const value = linkTarget(ref);
  try {
    const replies = await conn.request(
      { type: RTM.GETLINK, schema: linkMessage, value },
      withContext(options, 'get link', describeRef(ref)),
    );
    for (const m of replies) if (m.type === RTM.NEWLINK) return Link.fromMessage(m);
    return undefined;
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return undefined;
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

/** The request changing a link (`ip link set`), named for its errors, ready to send or to batch. */
export function setLinkItem(ref: InterfaceRef, what: string, change: LinkInput): BatchItem {
  const target = linkTarget(ref);
  const value: LinkInput = {
    header: { family: AF.UNSPEC, ...target.header, ...change.header },
    attrs: { ...target.attrs, ...change.attrs },
  };
  return {
    out: { type: RTM.NEWLINK, schema: linkMessage, value },
    context: { operation: `set link ${what}`, object: describeRef(ref) },
  };
}

/** `ip link set DEV up`/`down` as a link change for {@link setLinkItem}. */
export function upChange(up: boolean): LinkInput {
  return { header: { flags: up ? IFF.UP : 0, change: IFF.UP } };
}

async function setLink(
  conn: RouteConnection,
  ref: InterfaceRef,
  what: string,
  change: LinkInput,
  options: RequestOptions,
): Promise<void> {
  await sendItem(conn, setLinkItem(ref, what, change), options);
}

export function checkU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new InvalidArgumentError(what, `${String(value)} is not a 32-bit unsigned integer`);
  }
  return value;
}

/** Brings a link administratively up (`ip link set DEV up`). */
export function setLinkUp(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
  return setLink(conn, ref, 'up', upChange(true), options);
}

/** Brings a link administratively down (`ip link set DEV down`). */
export function setLinkDown(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
  return setLink(conn, ref, 'down', upChange(false), options);
}

/** Sets the MTU (`ip link set DEV mtu N`). */
export async function setLinkMtu(
  conn: RouteConnection,
  ref: InterfaceRef,
  mtu: number,
  options: RequestOptions = {},
): Promise<void> {
  await setLink(conn, ref, 'mtu', { attrs: { mtu: checkU32(mtu, 'mtu') } }, options);
}

/** Sets the transmit queue length (`ip link set DEV txqueuelen N`). */
export async function setLinkTxqlen(
  conn: RouteConnection,
  ref: InterfaceRef,
  txqlen: number,
  options: RequestOptions = {},
): Promise<void> {
  await setLink(conn, ref, 'txqlen', { attrs: { txqlen: checkU32(txqlen, 'txqlen') } }, options);
}

/** Renames a link (`ip link set DEV name NEW`); by index, or by its current name. */
export async function setLinkName(
  conn: RouteConnection,
  ref: InterfaceRef,
  name: string,
  options: RequestOptions = {},
): Promise<void> {
  validateIfname(name);
  const index = typeof ref === 'number' ? validateIfindex(ref) : (await requireLink(conn, ref, options)).ifindex;
  await conn.ack(
    {
      type: RTM.NEWLINK,
      schema: linkMessage,
      value: { header: { family: AF.UNSPEC, index }, attrs: { ifname: name } },
    },
    withContext(options, 'set link name', describeRef(ref)),
  );
}

/** Sets the link-layer address (`ip link set DEV address MAC`). */
export function setLinkAddress(
  conn: RouteConnection,
  ref: InterfaceRef,
  address: string,
  options: RequestOptions = {},
): Promise<void> {
  return setLink(conn, ref, 'address', { attrs: { address } }, options);
}

/** Sets the alias (`ip link set DEV alias TEXT`); an empty string removes it. */
export function setLinkAlias(
  conn: RouteConnection,
  ref: InterfaceRef,
  alias: string,
  options: RequestOptions = {},
): Promise<void> {
  return setLink(conn, ref, 'alias', { attrs: { ifalias: alias } }, options);
}

/** Enslaves a link to a master (`ip link set DEV master MASTER`). */
export async function setLinkMaster(
  conn: RouteConnection,
  ref: InterfaceRef,
  master: InterfaceRef,
  options: RequestOptions = {},
): Promise<void> {
  const index =
    typeof master === 'number' ? validateIfindex(master) : (await requireLink(conn, master, options)).ifindex;
  await setLink(conn, ref, 'master', { attrs: { master: index } }, options);
}

/** Releases a link from its master (`ip link set DEV nomaster`). */
export function setLinkNomaster(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
  return setLink(conn, ref, 'nomaster', { attrs: { master: 0 } }, options);
}

/** Moves a link into another network namespace (`ip link set DEV netns NS`). */
export async function setLinkNetns(
  conn: RouteConnection,
  ref: InterfaceRef,
  namespace: NamespaceSpec | { readonly fd: number },
  options: RequestOptions = {},
): Promise<void> {
  if (typeof namespace === 'object' && 'fd' in namespace) {
    await setLink(conn, ref, 'netns', { attrs: { netNsFd: checkU32(namespace.fd, 'namespace fd') } }, options);
    return;
  }
  const opened = openNamespace(namespace);
  try {
    await setLink(conn, ref, 'netns', { attrs: opened.attrs }, options);
  } finally {
    opened.close();
  }
}

function openNamespace(spec: NamespaceSpec): { attrs: Pick<LinkAttrsInput, 'netNsFd' | 'netNsPid'>; close(): void } {
  if (typeof spec === 'object' && 'pid' in spec) {
    resolveNamespace(spec);
    return { attrs: { netNsPid: spec.pid }, close() {} };
  }
  const { path, label } = resolveNamespace(spec);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (systemErrorFields(err).code === 'ENOENT') throw new NamespaceNotFoundError(label, { cause: err });
    throw err;
  }
  return { attrs: { netNsFd: fd }, close: () => closeSync(fd) };
}

/**
 * The request creating a link, named for its errors, ready to send or to
 * batch: the kind's options are checked and interface names resolved
 * through `index`. Namespace fds it opens stay open until the item is
 * released (by `sendItem` or the batch, once answered).
 */
export async function linkItem(config: LinkConfig, index: IndexResolver): Promise<BatchItem> {
  const common = config as unknown as LinkCommonOptions & { readonly kind: string };
  validateIfname(common.name);
  const kind = linkKind(common.kind);
  if (!kind) throw new UnsupportedError(`link kind ${JSON.stringify(common.kind)}`, 'no such kind is registered');
  const opened: (() => void)[] = [];
  const release = () => {
    for (const close of opened.splice(0)) close();
  };
  const ctx: BuildContext = {
    index,
    namespaceAttrs(spec) {
      const ns = openNamespace(spec);
      opened.push(ns.close);
      return ns.attrs;
    },
  };
  try {
    const contribution = await kind.build(config as never, ctx);
    const attrs: Record<string, unknown> = { ifname: common.name };
    if (common.mtu !== undefined) attrs.mtu = checkU32(common.mtu, 'mtu');
    if (common.address !== undefined) attrs.address = common.address;
    if (common.broadcast !== undefined) attrs.broadcast = common.broadcast;
    if (common.txqlen !== undefined) attrs.txqlen = checkU32(common.txqlen, 'txqlen');
    if (common.alias !== undefined) attrs.ifalias = common.alias;
    if (common.group !== undefined) attrs.group = checkU32(common.group, 'group');
    if (common.numTxQueues !== undefined) attrs.numTxQueues = checkU32(common.numTxQueues, 'numTxQueues');
    if (common.numRxQueues !== undefined) attrs.numRxQueues = checkU32(common.numRxQueues, 'numRxQueues');
    if (common.master !== undefined) attrs.master = await ctx.index(common.master, 'master');
    if (common.namespace !== undefined) Object.assign(attrs, ctx.namespaceAttrs(common.namespace));
    Object.assign(attrs, contribution.attrs);
    attrs.linkinfo =
      contribution.data === undefined ? { kind: common.kind } : { kind: common.kind, data: contribution.data };
    const up = common.up ? IFF.UP : 0;
    return {
      out: {
        type: RTM.NEWLINK,
        flags: NLM_F.CREATE | NLM_F.EXCL,
        schema: linkMessage,
        value: { header: { family: AF.UNSPEC, flags: up, change: up }, attrs: attrs as LinkAttrsInput },
      },
      context: { operation: 'add link', object: `${common.name} (${common.kind})` },
      release,
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Resolves interface references to ifindexes for one operation: numbers are
 * checked, names looked up once each (`RTM_GETLINK`).
 * @throws {NotFoundError} for a name no link has.
 */
export function indexResolver(conn: RouteConnection, options: RequestOptions = {}): IndexResolver {
  const cache = new Map<string, Promise<number>>();
  return async (ref: InterfaceRef, what: string) => {
    if (typeof ref === 'number') return validateIfindex(ref);
    validateIfname(ref);
    let found = cache.get(ref);
    if (!found) {
      const opts = { ...options, context: { operation: 'get link', object: `${ref} (${what})` } };
      found = getLinkByName(conn, ref, opts).then((link) => {
        if (!link) throw new NotFoundError('interface', `${ref} (${what})`);
        return link.ifindex;
      });
      cache.set(ref, found);
    }
    return found;
  };
}

/**
 * Creates a link (`ip link add NAME ... type KIND ...`). The kind's options
 * are checked and interface names resolved before anything is sent.
 */
export async function addLink(conn: RouteConnection, config: LinkConfig, options: RequestOptions = {}): Promise<void> {
  await sendItem(conn, await linkItem(config, indexResolver(conn, options)), options);
}

/** The request deleting a link, named for its errors, ready to send or to batch. */
export function delLinkItem(ref: InterfaceRef): BatchItem {
  return {
    out: { type: RTM.DELLINK, schema: linkMessage, value: linkTarget(ref) },
    context: { operation: 'delete link', object: describeRef(ref) },
  };
}

/** Deletes a link (`ip link del DEV`). */
export async function delLink(conn: RouteConnection, ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
  await sendItem(conn, delLinkItem(ref), options);
}

/** Deletes a link if it exists; returns whether it did. */
export async function delLinkIfExists(
  conn: RouteConnection,
  ref: InterfaceRef,
  options: RequestOptions = {},
): Promise<boolean> {
  try {
    await delLink(conn, ref, options);
    return true;
  } catch (err) {
    if (err instanceof KernelError && err.isNotFound()) return false;
    throw err;
  }
}

/** Options of {@link waitForLink}. */
export interface WaitOptions extends RequestOptions {
  /** Give up after this many ms (default 5000). */
  readonly waitMs?: number;
  /** Poll interval in ms (default 20). */
  readonly intervalMs?: number;
}

/**
 * Waits until the link satisfies `until` (`'up'`: administratively up and
 * running with carrier; `'exists'`; `'gone'`; or a predicate), polling.
 * Resolves with the link (`undefined` for `'gone'`).
 * @throws {TimeoutError} when it does not happen in time.
 */
export async function waitForLink(
  conn: RouteConnection,
  ref: InterfaceRef,
  until: 'up' | 'exists' | 'gone' | ((link: Link) => boolean),
  options: WaitOptions = {},
): Promise<Link | undefined> {
  const waitMs = options.waitMs ?? 5000;
  const interval = options.intervalMs ?? 20;
  const test = (link: Link | undefined): boolean => {
    if (until === 'gone') return link === undefined;
    if (!link) return false;
    if (until === 'exists') return true;
    if (until === 'up') return link.isUp && link.isRunning;
    return until(link);
  };
  const deadline = Date.now() + waitMs;
  for (;;) {
    const link = await getLink(conn, ref, options);
    if (test(link)) return link;
    if (Date.now() >= deadline) throw new TimeoutError(`wait for link ${describeRef(ref)}`, waitMs);
    await new Promise((r) => setTimeout(r, interval));
  }
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Every link. The twin of the seed's `get_links`. */
    getLinks(this: Connection<Route>, options?: DumpOptions): Promise<Link[]>;
    /** Streams every link with bounded memory. */
    streamLinks(this: Connection<Route>, options?: RequestOptions): DumpStream<Link>;
    /** The link with this name, or `undefined` (one request). */
    getLinkByName(this: Connection<Route>, name: string, options?: RequestOptions): Promise<Link | undefined>;
    /** The link with this ifindex, or `undefined` (one request). */
    getLinkByIndex(this: Connection<Route>, index: number, options?: RequestOptions): Promise<Link | undefined>;
    /** The link, or a {@link NotFoundError}. */
    requireLink(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<Link>;
    /** ifindex → name of every link. */
    getInterfaceNames(this: Connection<Route>, options?: RequestOptions): Promise<Map<number, string>>;
    /** Creates a link of any registered kind. */
    addLink(this: Connection<Route>, config: LinkConfig, options?: RequestOptions): Promise<void>;
    /** Deletes a link. */
    delLink(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<void>;
    /** Deletes a link if it exists. */
    delLinkIfExists(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<boolean>;
    /** Brings a link up, by name or ifindex. */
    setLinkUp(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<void>;
    /** Brings a link down, by name or ifindex. */
    setLinkDown(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<void>;
    /** Sets a link's MTU, by name or ifindex. */
    setLinkMtu(this: Connection<Route>, ref: InterfaceRef, mtu: number, options?: RequestOptions): Promise<void>;
    /** Sets a link's transmit queue length. */
    setLinkTxqlen(this: Connection<Route>, ref: InterfaceRef, txqlen: number, options?: RequestOptions): Promise<void>;
    /** Renames a link. */
    setLinkName(this: Connection<Route>, ref: InterfaceRef, name: string, options?: RequestOptions): Promise<void>;
    /** Sets a link's hardware address. */
    setLinkAddress(
      this: Connection<Route>,
      ref: InterfaceRef,
      address: string,
      options?: RequestOptions,
    ): Promise<void>;
    /** Sets a link's alias. */
    setLinkAlias(this: Connection<Route>, ref: InterfaceRef, alias: string, options?: RequestOptions): Promise<void>;
    /** Enslaves a link to a master. */
    setLinkMaster(
      this: Connection<Route>,
      ref: InterfaceRef,
      master: InterfaceRef,
      options?: RequestOptions,
    ): Promise<void>;
    /** Releases a link from its master. */
    setLinkNomaster(this: Connection<Route>, ref: InterfaceRef, options?: RequestOptions): Promise<void>;
    /** Moves a link to another namespace. */
    setLinkNetns(
      this: Connection<Route>,
      ref: InterfaceRef,
      namespace: NamespaceSpec | { readonly fd: number },
      options?: RequestOptions,
    ): Promise<void>;
    /** Waits for a link state. */
    waitForLink(
      this: Connection<Route>,
      ref: InterfaceRef,
      until: 'up' | 'exists' | 'gone' | ((link: Link) => boolean),
      options?: WaitOptions,
    ): Promise<Link | undefined>;
  }
}

installMethods<Route>({
  getLinks,
  streamLinks,
  getLinkByName,
  getLinkByIndex,
  requireLink,
  getInterfaceNames,
  addLink,
  delLink,
  delLinkIfExists,
  setLinkUp,
  setLinkDown,
  setLinkMtu,
  setLinkTxqlen,
  setLinkName,
  setLinkAddress,
  setLinkAlias,
  setLinkMaster,
  setLinkNomaster,
  setLinkNetns,
  waitForLink,
});
