/**
 * Bridge multicast database operations on `Connection<Route>` (`bridge mdb`):
 * `RTM_NEWMDB`/`RTM_DELMDB` with a `struct br_mdb_entry`, and the
 * `RTM_GETMDB` dump, encoded as `bridge mdb` encodes them.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { describeRef, type InterfaceRef } from '../../core/ifname.js';
import { familyOfText, parseIpAddress } from '../../core/prefix.js';
import { InvalidArgumentError } from '../../errors.js';
import { parseMac } from '../../schema/address.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder } from '../events.js';
import { withContext } from '../link/ops.js';
import { ifExists, resolveIndex } from '../neigh/ops.js';
import { MDB_GROUP_PROTO, MdbEntry, type MdbRouterPort, mdbRouterPort } from './mdb.js';
import { MDB, mdbMessage, mdbSetMessage } from './schema.js';

type RouteConnection = Connection<Route>;

/** A group membership to add or delete (`bridge mdb add|del dev BR port PORT grp GROUP ...`). */
export interface MdbConfig {
  readonly bridge: InterfaceRef;
  readonly port: InterfaceRef;
  /** IPv4 or IPv6 multicast group, or a MAC address for an L2 group. */
  readonly group: string;
  /** Source of an (S, G) entry, in the group's family. */
  readonly source?: string;
  /** Keep the entry (`permanent`); default temporary (`temp`), as iproute2. */
  readonly permanent?: boolean;
  readonly vid?: number;
}

/** Which entries a dump returns (filtered here: the kernel dumps every bridge). */
export interface MdbFilter {
  readonly bridge?: InterfaceRef;
  readonly port?: InterfaceRef;
  readonly vid?: number;
}

/** The `addr` and `proto` of a `struct br_mdb_entry` for a group. */
function groupBytes(group: string): { addr: Uint8Array; proto: number } {
  if (/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(group)) return { addr: parseMac(group, 'group'), proto: 0 };
  const ip = parseIpAddress(group, { what: 'group' });
  return { addr: ip.bytes, proto: ip.family === 'inet' ? MDB_GROUP_PROTO.IP : MDB_GROUP_PROTO.IPV6 };
}

function configOf(entry: MdbConfig | MdbEntry): MdbConfig {
  if (!(entry instanceof MdbEntry)) return entry;
  const source = entry.source;
  const base = { bridge: entry.bridge, port: entry.port, group: entry.group, vid: entry.vid };
  return { ...base, permanent: entry.state === 'permanent', ...(source === undefined ? {} : { source }) };
}

async function changeMdb(
  conn: RouteConnection,
  type: number,
  flags: number,
  verb: string,
  entry: MdbConfig | MdbEntry,
  options: RequestOptions,
): Promise<void> {
  const c = configOf(entry);
  const ctx = withContext(
    options,
    `${verb} mdb entry`,
    `${c.group}${c.source === undefined ? '' : ` src ${c.source}`} port ${describeRef(c.port)} dev ${describeRef(c.bridge)}`,
  );
  const { addr, proto } = groupBytes(c.group);
  const vid = c.vid ?? 0;
  if (!Number.isInteger(vid) || vid < 0 || vid > 4094)
    throw new InvalidArgumentError('vid', `${vid} is not in [0, 4094]`);
  let attrs = {};
  if (c.source !== undefined) {
    if (proto === 0) throw new InvalidArgumentError('source', 'an L2 group has no source');
    const source = parseIpAddress(c.source, { family: familyOfText(c.group), what: 'source' });
    attrs = { attrs: { source: source.address } };
  }
  const bridge = await resolveIndex(conn, c.bridge, ctx);
  const port = await resolveIndex(conn, c.port, ctx);
  const state = c.permanent ? MDB.PERMANENT : MDB.TEMPORARY;
  await conn.ack(
    {
      type,
      flags,
      schema: mdbSetMessage,
      value: {
        header: { family: AF.BRIDGE, ifindex: bridge },
        attrs: { entry: { ifindex: port, state, vid, addr, proto }, ...attrs },
      },
    },
    ctx,
  );
}

/** Adds a port to a multicast group (`bridge mdb add`). */
export function addMdb(conn: RouteConnection, config: MdbConfig, options: RequestOptions = {}): Promise<void> {
  return changeMdb(conn, RTM.NEWMDB, NLM_F.CREATE | NLM_F.EXCL, 'add', config, options);
}

/** Removes a port from a multicast group (`bridge mdb del`), given as a config or a decoded {@link MdbEntry}. */
export function delMdb(
  conn: RouteConnection,
  entry: MdbConfig | MdbEntry,
  options: RequestOptions = {},
): Promise<void> {
  return changeMdb(conn, RTM.DELMDB, 0, 'delete', entry, options);
}

/**
 * Removes a port from a group if it is a member; returns whether it was. The
 * kernel answers the deletion of an absent entry with a bare `EINVAL` (no
 * extended-ack message, unlike its argument checks), which counts as absent here.
 */
export function delMdbIfExists(
  conn: RouteConnection,
  entry: MdbConfig | MdbEntry,
  options: RequestOptions = {},
): Promise<boolean> {
  return ifExists(
    delMdb(conn, entry, options),
    (err) => err.isNotFound() || (err.errnoName === 'EINVAL' && !err.extAck?.message),
  );
}

async function dumpMdb(
  conn: RouteConnection,
  filter: MdbFilter,
  options: DumpOptions,
): Promise<{ entries: MdbEntry[]; routers: MdbRouterPort[] }> {
  const bridge = filter.bridge === undefined ? undefined : await resolveIndex(conn, filter.bridge, options);
  const port = filter.port === undefined ? undefined : await resolveIndex(conn, filter.port, options);
  const messages = await conn.dumpAll(
    { type: RTM.GETMDB, schema: mdbMessage, value: { header: { family: AF.BRIDGE } } },
    // The kernel answers MDB dumps with messages of type RTM_GETMDB (events are RTM_NEWMDB).
    (m) => (m.type === RTM.GETMDB || m.type === RTM.NEWMDB ? mdbContents(m) : undefined),
    options,
  );
  const entries: MdbEntry[] = [];
  const routers: MdbRouterPort[] = [];
  for (const msg of messages) {
    if (bridge !== undefined && msg.bridge !== bridge) continue;
    for (const e of msg.entries) {
      if ((port === undefined || e.port === port) && (filter.vid === undefined || e.vid === filter.vid)) {
        entries.push(e);
      }
    }
    for (const r of msg.routerPorts) if (port === undefined || r.port === port) routers.push(r);
  }
  return { entries, routers };
}

/** What one MDB message (dump reply or event) carries: a bridge's group memberships and router ports. */
export interface MdbContents {
  /** The bridge's ifindex. */
  readonly bridge: number;
  readonly entries: readonly MdbEntry[];
  readonly routerPorts: readonly MdbRouterPort[];
}

/** Decodes one `RTM_NEWMDB`/`RTM_DELMDB`/`RTM_GETMDB` message. */
export function mdbContents(m: ReceivedMessage): MdbContents {
  const msg = mdbMessage.decode(m.buf, m.offset, m.length);
  const bridge = msg.header.ifindex;
  return {
    bridge,
    entries: (msg.attrs.mdb?.entry ?? []).flatMap((group) => (group.info ?? []).map((i) => new MdbEntry(bridge, i))),
    routerPorts: (msg.attrs.router?.port ?? []).map((p) => mdbRouterPort(bridge, p)),
  };
}

/** The group memberships of every bridge, or of `filter.bridge` (`bridge mdb show`). */
export async function getMdb(
  conn: RouteConnection,
  filter: MdbFilter = {},
  options: DumpOptions = {},
): Promise<MdbEntry[]> {
  return (await dumpMdb(conn, filter, withContext(options, 'dump mdb', ''))).entries;
}

/** The multicast router ports of every bridge, or of `filter.bridge` (the `router` part of `bridge mdb show`). */
export async function getMdbRouterPorts(
  conn: RouteConnection,
  filter: MdbFilter = {},
  options: DumpOptions = {},
): Promise<MdbRouterPort[]> {
  return (await dumpMdb(conn, filter, withContext(options, 'dump mdb router ports', ''))).routers;
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Multicast group memberships of bridge ports (`bridge mdb show`). */
    getMdb(this: Connection<Route>, filter?: MdbFilter, options?: DumpOptions): Promise<MdbEntry[]>;
    /** Multicast router ports of bridges. */
    getMdbRouterPorts(this: Connection<Route>, filter?: MdbFilter, options?: DumpOptions): Promise<MdbRouterPort[]>;
    /** Adds a port to a multicast group. */
    addMdb(this: Connection<Route>, config: MdbConfig, options?: RequestOptions): Promise<void>;
    /** Removes a port from a multicast group. */
    delMdb(this: Connection<Route>, entry: MdbConfig | MdbEntry, options?: RequestOptions): Promise<void>;
    /** Removes a port from a multicast group if it is a member. */
    delMdbIfExists(this: Connection<Route>, entry: MdbConfig | MdbEntry, options?: RequestOptions): Promise<boolean>;
  }
}

installMethods<Route>({ getMdb, getMdbRouterPorts, addMdb, delMdb, delMdbIfExists });

declare module '../events.js' {
  interface NetworkEventMap {
    /** Group memberships (or multicast router ports) of a bridge were added or changed. */
    NewMdb: { readonly mdb: MdbContents };
    /** Group memberships (or multicast router ports) of a bridge were removed. */
    DelMdb: { readonly mdb: MdbContents };
  }
}

registerEventDecoder(RTM.NEWMDB, (m) => ({ type: 'NewMdb', mdb: mdbContents(m) }));
registerEventDecoder(RTM.DELMDB, (m) => ({ type: 'DelMdb', mdb: mdbContents(m) }));
