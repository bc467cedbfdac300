/**
 * Bridge VLAN filtering operations on `Connection<Route>` (`bridge vlan`):
 * port VLANs and VLAN-to-VNI mappings through `RTM_SETLINK`/`RTM_DELLINK` on
 * `AF_BRIDGE` (as `bridge vlan add|del` sends them), their dump through
 * `RTM_GETLINK` with `IFLA_EXT_MASK` (as `bridge vlan show`), and per-VLAN
 * options through `RTM_NEWVLAN`/`RTM_GETVLAN` (`bridge vlan set`,
 * `bridge vlan global set`, `bridge -d vlan show`).
 *
 * @module
 */

import { AF, RTEXT_FILTER, RTM } from '../../core/constants.js';
import { describeRef, type InterfaceRef } from '../../core/ifname.js';
import { InvalidArgumentError } from '../../errors.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import type { BridgePortState } from '../link/kinds/bridge.js';
import { withContext } from '../link/ops.js';
import { resolveIndex } from '../neigh/ops.js';
import {
  BRIDGE_FLAGS,
  BRIDGE_VLAN_INFO,
  BRIDGE_VLANDB_DUMPF,
  bridgeLinkMessage,
  vlanDbDumpMessage,
  vlanDbMessage,
} from './schema.js';
import {
  BridgePortVlans,
  type BridgeVlanGlobalOptions,
  type BridgeVlanOptions,
  STP_STATES,
  type VlanDbMessage,
  vlanGlobalOptionsOf,
  vlanOptionsOf,
} from './vlan.js';

type RouteConnection = Connection<Route>;

/** A VLAN, or an inclusive range of VLANs. */
export interface VlanRange {
  /** VLAN id (1-4094). */
  readonly vid: number;
  /** Last VLAN of a range (`bridge vlan ... vid 10-20`). */
  readonly vidEnd?: number;
}

/** VLANs to add to or delete from a port (`bridge vlan add|del vid VID dev DEV`). */
export interface BridgeVlanConfig extends VlanRange {
  /** The port, or the bridge itself with `self`. */
  readonly dev: InterfaceRef;
  /** Untagged ingress frames get this VLAN. */
  readonly pvid?: boolean;
  /** Egress frames leave untagged. */
  readonly untagged?: boolean;
  /** Act on the bridge (`BRIDGE_FLAGS_MASTER`, `bridge vlan ... master`). */
  readonly master?: boolean;
  /** Act on the device itself (`BRIDGE_FLAGS_SELF`): the bridge's own VLANs, or a driver's. */
  readonly self?: boolean;
  /**
   * Map the VLAN(s) to this tunnel id (VNI) on a VXLAN port instead
   * (`tunnel_info id ID`); a range maps to consecutive ids.
   */
  readonly tunnelId?: number;
}

/** Per-VLAN options of a port's VLAN(s) (`bridge vlan set vid VID dev DEV ...`). */
export interface BridgeVlanSetConfig extends VlanRange {
  readonly dev: InterfaceRef;
  /** Spanning-tree state, by name or `BR_STATE_*` number. */
  readonly state?: BridgePortState | number;
  /** Multicast router mode (`MDB_RTR_TYPE_*`: 0 disabled, 1 temp query, 2 permanent, 3 temp). */
  readonly mcastRouter?: number;
}

/**
 * Bridge-wide options of VLAN(s) (`bridge vlan global set vid VID dev BRIDGE ...`).
 * Intervals are in hundredths of a second, as iproute2 takes them.
 */
export interface BridgeVlanGlobalConfig extends VlanRange {
  readonly bridge: InterfaceRef;
  readonly mcastSnooping?: boolean;
  readonly mcastQuerier?: boolean;
  readonly mcastIgmpVersion?: 2 | 3;
  readonly mcastMldVersion?: 1 | 2;
  readonly mcastLastMemberCount?: number;
  readonly mcastStartupQueryCount?: number;
  readonly mcastLastMemberInterval?: bigint | number;
  readonly mcastMembershipInterval?: bigint | number;
  readonly mcastQuerierInterval?: bigint | number;
  readonly mcastQueryInterval?: bigint | number;
  readonly mcastQueryResponseInterval?: bigint | number;
  readonly mcastStartupQueryInterval?: bigint | number;
  /** Multiple spanning tree instance. */
  readonly msti?: number;
}

function checkRange(r: VlanRange): { vid: number; vidEnd: number | undefined } {
  const check = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 1 || v > 4094) throw new InvalidArgumentError(what, `${v} is not in [1, 4094]`);
    return v;
  };
  const vid = check(r.vid, 'vid');
  const vidEnd = r.vidEnd === undefined || r.vidEnd === r.vid ? undefined : check(r.vidEnd, 'vidEnd');
  if (vidEnd !== undefined && vidEnd < vid) throw new InvalidArgumentError('vidEnd', `range ${vid}-${vidEnd} is empty`);
  return { vid, vidEnd };
}

function describeVlans(r: VlanRange, dev: InterfaceRef): string {
  return `${r.vid}${r.vidEnd === undefined ? '' : `-${r.vidEnd}`} dev ${describeRef(dev)}`;
}

/** `IFLA_AF_SPEC` of `bridge vlan add|del`: VLAN infos, or tunnel infos when a tunnel id is given. */
function vlanAfSpec(c: BridgeVlanConfig) {
  const { vid, vidEnd } = checkRange(c);
  const side = (c.master ? BRIDGE_FLAGS.MASTER : 0) | (c.self ? BRIDGE_FLAGS.SELF : 0);
  const afSpec = side ? { flags: side } : {};
  if (c.tunnelId !== undefined) {
    const id = c.tunnelId;
    if (!Number.isInteger(id) || id < 0 || id + ((vidEnd ?? vid) - vid) > 0xffffffff) {
      throw new InvalidArgumentError('tunnelId', `${id} is not a 32-bit tunnel id`);
    }
    const tunnelInfo =
      vidEnd === undefined
        ? [{ id, vid, flags: 0 }]
        : [
            { id, vid, flags: BRIDGE_VLAN_INFO.RANGE_BEGIN },
            { id: id + (vidEnd - vid), vid: vidEnd, flags: BRIDGE_VLAN_INFO.RANGE_END },
          ];
    return { ...afSpec, tunnelInfo };
  }
  const base = (c.pvid ? BRIDGE_VLAN_INFO.PVID : 0) | (c.untagged ? BRIDGE_VLAN_INFO.UNTAGGED : 0);
  const vlanInfo =
    vidEnd === undefined
      ? [{ flags: base, vid }]
      : [
          { flags: base | BRIDGE_VLAN_INFO.RANGE_BEGIN, vid },
          { flags: base | BRIDGE_VLAN_INFO.RANGE_END, vid: vidEnd },
        ];
  return { ...afSpec, vlanInfo };
}

async function changeVlans(
  conn: RouteConnection,
  type: number,
  verb: string,
  config: BridgeVlanConfig,
  options: RequestOptions,
): Promise<void> {
  const ctx = withContext(options, `${verb} bridge vlan`, describeVlans(config, config.dev));
  const afSpec = vlanAfSpec(config);
  const index = await resolveIndex(conn, config.dev, ctx);
  await conn.ack(
    { type, schema: bridgeLinkMessage, value: { header: { family: AF.BRIDGE, index }, attrs: { afSpec } } },
    ctx,
  );
}

/** Adds VLAN(s) to a port, or a VLAN-to-VNI mapping (`bridge vlan add`). */
export function addBridgeVlan(
  conn: RouteConnection,
  config: BridgeVlanConfig,
  options: RequestOptions = {},
): Promise<void> {
  return changeVlans(conn, RTM.SETLINK, 'add', config, options);
}

/** Removes VLAN(s) from a port, or a VLAN-to-VNI mapping (`bridge vlan del`). */
export function delBridgeVlan(
  conn: RouteConnection,
  config: BridgeVlanConfig,
  options: RequestOptions = {},
): Promise<void> {
  return changeVlans(conn, RTM.DELLINK, 'delete', config, options);
}

/** Which ports' VLANs a dump returns. */
export interface BridgeVlanFilter {
  /** Only this port (or bridge). */
  readonly dev?: InterfaceRef;
  /** Ask for ranges (`RTEXT_FILTER_BRVLAN_COMPRESSED`, `bridge -c vlan show`); the result is the same. */
  readonly compressed?: boolean;
}

/** The VLANs of every bridge port (`bridge vlan show`, `bridge vlan tunnelshow`). */
export async function getBridgeVlans(
  conn: RouteConnection,
  filter: BridgeVlanFilter = {},
  options: DumpOptions = {},
): Promise<BridgePortVlans[]> {
  const ctx = withContext(options, 'dump bridge vlans', '');
  const only = filter.dev === undefined ? undefined : await resolveIndex(conn, filter.dev, ctx);
  const extMask = filter.compressed ? RTEXT_FILTER.BRVLAN_COMPRESSED : RTEXT_FILTER.BRVLAN;
  return conn.dumpAll(
    { type: RTM.GETLINK, schema: bridgeLinkMessage, value: { header: { family: AF.BRIDGE }, attrs: { extMask } } },
    (m) => {
      if (m.type !== RTM.NEWLINK) return undefined;
      const port = BridgePortVlans.fromMessage(m);
      return only === undefined || port.ifindex === only ? port : undefined;
    },
    ctx,
  );
}

function stpState(state: BridgePortState | number): number {
  const v = typeof state === 'number' ? state : STP_STATES[state];
  if (v === undefined || !Number.isInteger(v) || v < 0 || v > 255) {
    throw new InvalidArgumentError('state', `unknown STP state ${JSON.stringify(state)}`);
  }
  return v;
}

/** Sets per-VLAN options of a port (`bridge vlan set`): one `RTM_NEWVLAN`. */
export async function setBridgeVlan(
  conn: RouteConnection,
  config: BridgeVlanSetConfig,
  options: RequestOptions = {},
): Promise<void> {
  const ctx = withContext(options, 'set bridge vlan', describeVlans(config, config.dev));
  const { vid, vidEnd } = checkRange(config);
  const entry = {
    info: { flags: BRIDGE_VLAN_INFO.ONLY_OPTS, vid },
    range: vidEnd,
    state: config.state === undefined ? undefined : stpState(config.state),
    mcastRouter: config.mcastRouter,
  };
  await newVlan(conn, config.dev, { entry: [entry] }, ctx);
}

/** Sends one `RTM_NEWVLAN` for `dev` carrying `attrs`. */
async function newVlan(
  conn: RouteConnection,
  dev: InterfaceRef,
  attrs: NonNullable<Parameters<typeof vlanDbMessage.encode>[1]['attrs']>,
  options: RequestOptions,
): Promise<void> {
  const ifindex = await resolveIndex(conn, dev, options);
  await conn.ack(
    { type: RTM.NEWVLAN, schema: vlanDbMessage, value: { header: { family: AF.BRIDGE, ifindex }, attrs } },
    options,
  );
}

function flag(v: boolean | undefined): number | undefined {
  return v === undefined ? undefined : v ? 1 : 0;
}

/** Sets bridge-wide options of VLAN(s) (`bridge vlan global set`): one `RTM_NEWVLAN`. */
export async function setBridgeVlanGlobal(
  conn: RouteConnection,
  config: BridgeVlanGlobalConfig,
  options: RequestOptions = {},
): Promise<void> {
  const ctx = withContext(options, 'set bridge vlan global options', describeVlans(config, config.bridge));
  const { vid, vidEnd } = checkRange(config);
  const globalOptions = {
    id: vid,
    range: vidEnd,
    mcastSnooping: flag(config.mcastSnooping),
    mcastQuerier: flag(config.mcastQuerier),
    mcastIgmpVersion: config.mcastIgmpVersion,
    mcastMldVersion: config.mcastMldVersion,
    mcastLastMemberCnt: config.mcastLastMemberCount,
    mcastStartupQueryCnt: config.mcastStartupQueryCount,
    mcastLastMemberIntvl: config.mcastLastMemberInterval,
    mcastMembershipIntvl: config.mcastMembershipInterval,
    mcastQuerierIntvl: config.mcastQuerierInterval,
    mcastQueryIntvl: config.mcastQueryInterval,
    mcastQueryResponseIntvl: config.mcastQueryResponseInterval,
    mcastStartupQueryIntvl: config.mcastStartupQueryInterval,
    msti: config.msti,
  };
  await newVlan(conn, config.bridge, { globalOptions: [globalOptions] }, ctx);
}

async function dumpVlanDb<T>(
  conn: RouteConnection,
  dev: InterfaceRef | undefined,
  flags: number,
  pick: (m: VlanDbMessage) => T[],
  options: DumpOptions,
): Promise<T[]> {
  const ifindex = dev === undefined ? 0 : await resolveIndex(conn, dev, options);
  const pages = await conn.dumpAll(
    {
      type: RTM.GETVLAN,
      schema: vlanDbDumpMessage,
      value: { header: { family: AF.BRIDGE, ifindex }, attrs: { flags } },
    },
    (m) => (m.type === RTM.NEWVLAN ? pick(vlanDbMessage.decode(m.buf, m.offset, m.length)) : undefined),
    options,
  );
  return pages.flat();
}

/** Per-VLAN options of every port, or of `dev` (`bridge -d [-s] vlan show`): `RTM_GETVLAN` dump. */
export function getBridgeVlanOptions(
  conn: RouteConnection,
  filter: { readonly dev?: InterfaceRef; readonly stats?: boolean } = {},
  options: DumpOptions = {},
): Promise<BridgeVlanOptions[]> {
  const flags = filter.stats ? BRIDGE_VLANDB_DUMPF.STATS : 0;
  return dumpVlanDb(conn, filter.dev, flags, vlanOptionsOf, withContext(options, 'dump bridge vlan options', ''));
}

/** Bridge-wide VLAN options of every bridge, or of `bridge` (`bridge vlan global show`). */
export function getBridgeVlanGlobalOptions(
  conn: RouteConnection,
  filter: { readonly bridge?: InterfaceRef } = {},
  options: DumpOptions = {},
): Promise<BridgeVlanGlobalOptions[]> {
  return dumpVlanDb(
    conn,
    filter.bridge,
    BRIDGE_VLANDB_DUMPF.GLOBAL,
    vlanGlobalOptionsOf,
    withContext(options, 'dump bridge vlan global options', ''),
  );
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** The VLANs of every bridge port (`bridge vlan show`). */
    getBridgeVlans(
      this: Connection<Route>,
      filter?: BridgeVlanFilter,
      options?: DumpOptions,
    ): Promise<BridgePortVlans[]>;
    /** Adds VLAN(s) to a bridge port. */
    addBridgeVlan(this: Connection<Route>, config: BridgeVlanConfig, options?: RequestOptions): Promise<void>;
    /** Removes VLAN(s) from a bridge port. */
    delBridgeVlan(this: Connection<Route>, config: BridgeVlanConfig, options?: RequestOptions): Promise<void>;
    /** Sets per-VLAN options of a port. */
    setBridgeVlan(this: Connection<Route>, config: BridgeVlanSetConfig, options?: RequestOptions): Promise<void>;
    /** Sets bridge-wide VLAN options. */
    setBridgeVlanGlobal(
      this: Connection<Route>,
      config: BridgeVlanGlobalConfig,
      options?: RequestOptions,
    ): Promise<void>;
    /** Per-VLAN options of the ports. */
    getBridgeVlanOptions(
      this: Connection<Route>,
      filter?: { readonly dev?: InterfaceRef; readonly stats?: boolean },
      options?: DumpOptions,
    ): Promise<BridgeVlanOptions[]>;
    /** Bridge-wide VLAN options. */
    getBridgeVlanGlobalOptions(
      this: Connection<Route>,
      filter?: { readonly bridge?: InterfaceRef },
      options?: DumpOptions,
    ): Promise<BridgeVlanGlobalOptions[]>;
  }
}

installMethods<Route>({
  getBridgeVlans,
  addBridgeVlan,
  delBridgeVlan,
  setBridgeVlan,
  setBridgeVlanGlobal,
  getBridgeVlanOptions,
  getBridgeVlanGlobalOptions,
});
