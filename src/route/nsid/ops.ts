/**
 * Namespace id operations on `Connection<Route>`: the id the connection's
 * namespace gives a peer namespace (`ip netns list` prints it as
 * `(id: N)`), assigning one (`ip netns set NAME ID`), and the list of ids
 * (`ip netns list-id`).
 *
 * @module
 */

import { closeSync, openSync } from 'node:fs';
import { AF, RTM } from '../../core/constants.js';
import { type NamespaceSpec, resolveNamespace } from '../../core/netns-path.js';
import { InvalidArgumentError, NamespaceNotFoundError, systemErrorFields, UnsupportedError } from '../../errors.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder } from '../events.js';
import { withContext } from '../link/ops.js';
import { NETNSA_NSID_NOT_ASSIGNED, nsidMessage } from './schema.js';

type RouteConnection = Connection<Route>;

/** A peer namespace: by name, path or process (see {@link NamespaceSpec}), or by an open descriptor. */
export type PeerNamespace = NamespaceSpec | { readonly fd: number };

/** One entry of the namespace id list. */
export interface NsidEntry {
  /** The id, as the dumping (or target) namespace knows the peer. */
  readonly nsid: number;
  /** With a target namespace: the id of the same peer in the connection's own namespace, if it has one. */
  readonly currentNsid?: number;
}

function label(ns: PeerNamespace): string {
  if (typeof ns === 'object' && 'fd' in ns) return `fd ${ns.fd}`;
  return resolveNamespace(ns).label;
}

/** Runs `body` with the attribute naming `ns` (`NETNSA_FD` of a descriptor opened and closed here, or `NETNSA_PID`). */
async function withPeer<T>(ns: PeerNamespace, body: (attrs: { fd?: number; pid?: number }) => Promise<T>): Promise<T> {
  if (typeof ns === 'object' && 'fd' in ns) {
    if (!Number.isInteger(ns.fd) || ns.fd < 0) throw new InvalidArgumentError('fd', `${ns.fd} is not a descriptor`);
    return body({ fd: ns.fd });
  }
  const where = resolveNamespace(ns);
  if (typeof ns === 'object' && 'pid' in ns) return body({ pid: ns.pid });
  let fd: number;
  try {
    fd = openSync(where.path, 'r');
  } catch (err) {
    if (systemErrorFields(err).code === 'ENOENT') throw new NamespaceNotFoundError(where.label, { cause: err });
    throw err;
  }
  try {
    return await body({ fd });
  } finally {
    closeSync(fd);
  }
}

/**
 * The id the connection's namespace gives `ns`, or `undefined` when it has
 * none (`ip netns list`'s `(id: N)`). One `RTM_GETNSID`.
 */
export async function getNsid(
  conn: RouteConnection,
  ns: PeerNamespace,
  options: RequestOptions = {},
): Promise<number | undefined> {
  const ctx = withContext(options, 'get nsid', label(ns));
  return withPeer(ns, async (attrs) => {
    const replies = await conn.request(
      { type: RTM.GETNSID, schema: nsidMessage, value: { header: { family: AF.UNSPEC }, attrs } },
      ctx,
    );
    for (const m of replies) {
      if (m.type !== RTM.NEWNSID) continue;
      const id = nsidMessage.decode(m.buf, m.offset, m.length).attrs.nsid;
      return id === undefined || id === NETNSA_NSID_NOT_ASSIGNED ? undefined : id;
    }
    return undefined;
  });
}

/**
 * Gives `ns` an id in the connection's namespace (`ip netns set NAME ID`);
 * `auto` lets the kernel pick one. Fails with `EEXIST` if `ns` has an id already.
 */
export async function setNsid(
  conn: RouteConnection,
  ns: PeerNamespace,
  nsid: number | 'auto',
  options: RequestOptions = {},
): Promise<void> {
  const id = nsid === 'auto' ? NETNSA_NSID_NOT_ASSIGNED : nsid;
  if (!Number.isInteger(id) || id < -1 || id > 0x7fffffff) {
    throw new InvalidArgumentError('nsid', `${String(nsid)} is not a non-negative 32-bit id or 'auto'`);
  }
  const ctx = withContext(options, 'set nsid', `${label(ns)} to ${nsid}`);
  await withPeer(ns, (attrs) =>
    conn.ack(
      {
        type: RTM.NEWNSID,
        schema: nsidMessage,
        value: { header: { family: AF.UNSPEC }, attrs: { ...attrs, nsid: id } },
      },
      ctx,
    ),
  );
}

/**
 * Every namespace id the connection's namespace has given (`ip netns list-id`),
 * or with `targetNsid`, those of the namespace that has this id here, each
 * with the id the connection's namespace gives the same peer
 * (`ip netns list-id target-nsid N`). The kernel reads the target only on
 * sockets with strict checking: open the connection with `{ strictCheck: true }`.
 * @throws {UnsupportedError} when the kernel answered for the connection's own namespace instead of the target.
 */
export async function getNsids(
  conn: RouteConnection,
  filter: { readonly targetNsid?: number } = {},
  options: DumpOptions = {},
): Promise<NsidEntry[]> {
  const target = filter.targetNsid;
  const attrs = target === undefined ? {} : { targetNsid: target };
  let ignored = false;
  const entries = await conn.dumpAll(
    { type: RTM.GETNSID, schema: nsidMessage, value: { header: { family: AF.UNSPEC }, attrs } },
    (m) => {
      if (m.type !== RTM.NEWNSID) return undefined;
      const a = nsidMessage.decode(m.buf, m.offset, m.length).attrs;
      if (a.nsid === undefined) return undefined;
      // With a target, the kernel adds NETNSA_CURRENT_NSID to every entry (-1: no id here).
      if (target !== undefined && a.currentNsid === undefined) ignored = true;
      const current = a.currentNsid;
      return current === undefined || current === NETNSA_NSID_NOT_ASSIGNED
        ? { nsid: a.nsid }
        : { nsid: a.nsid, currentNsid: current };
    },
    withContext(options, 'dump nsids', target === undefined ? '' : `of target nsid ${target}`),
  );
  if (ignored) {
    throw new UnsupportedError(
      `nsid dump of target nsid ${target}`,
      'the kernel reads NETNSA_TARGET_NSID only on sockets with strict checking: open the connection with { strictCheck: true }',
    );
  }
  return entries;
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** The id this namespace gives a peer namespace, or `undefined`. */
    getNsid(this: Connection<Route>, ns: PeerNamespace, options?: RequestOptions): Promise<number | undefined>;
    /** Gives a peer namespace an id (`ip netns set`). */
    setNsid(this: Connection<Route>, ns: PeerNamespace, nsid: number | 'auto', options?: RequestOptions): Promise<void>;
    /** The namespace ids (`ip netns list-id`). */
    getNsids(
      this: Connection<Route>,
      filter?: { readonly targetNsid?: number },
      options?: DumpOptions,
    ): Promise<NsidEntry[]>;
  }
}

installMethods<Route>({ getNsid, setNsid, getNsids });

declare module '../events.js' {
  interface NetworkEventMap {
    /** The namespace gave a peer namespace an id (`-1` if the kernel sent none). */
    NewNsid: { readonly nsid: number };
    /** A peer namespace's id was released (the peer is gone). */
    DelNsid: { readonly nsid: number };
  }
}

function eventNsid(m: ReceivedMessage): number {
  return nsidMessage.decode(m.buf, m.offset, m.length).attrs.nsid ?? NETNSA_NSID_NOT_ASSIGNED;
}

registerEventDecoder(RTM.NEWNSID, (m) => ({ type: 'NewNsid', nsid: eventNsid(m) }));
registerEventDecoder(RTM.DELNSID, (m) => ({ type: 'DelNsid', nsid: eventNsid(m) }));
