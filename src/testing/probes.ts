/**
 * Ready-made feature probes for {@link requireFeature}: each one asks the
 * kernel by trying — it creates the object in a throwaway namespace (or
 * queries it) and looks at the answer — and never reads module lists. A kernel
 * with loadable modules loads the right one on demand while the probe runs.
 *
 * ```ts
 * test('adds a dummy link', async (t) => {
 *   if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
 *   ...
 * });
 * ```
 *
 * Each probe resolves `true` when the kernel has the feature and `false` when
 * it answers that it does not; any other answer throws (the probe could not
 * tell, e.g. a kind with mandatory options was probed without them), and
 * {@link requireFeature} reports that error in its skip reason or lane failure.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../core/constants.js';
import { Writer } from '../core/writer.js';
import { KernelError } from '../errors.js';
import { linkMessage } from '../route/link/schema.js';
import { Connection } from '../session/connection.js';
import { Generic, type Route } from '../session/protocol.js';
import { type LabNamespace, withNamespace } from './lab.js';

/** `IFLA_*` attributes of an `RTM_NEWLINK`, as `linkMessage` encodes them. */
export type ProbeLinkAttrs = NonNullable<Parameters<typeof linkMessage.encode>[1]['attrs']>;
/** `IFLA_INFO_DATA`: raw bytes, or the value the kind's registered codec encodes. */
export type ProbeLinkData = NonNullable<ProbeLinkAttrs['linkinfo']>['data'];

/** Options of {@link probeLinkKind}, for kinds that need more than a name and a kind. */
export interface LinkKindProbeOptions {
  /** `IFLA_INFO_DATA` of the probe link (mandatory options of the kind, e.g. a vxlan id). */
  readonly data?: ProbeLinkData;
  /** More top-level `IFLA_*` attributes of the probe link. */
  readonly attrs?: ProbeLinkAttrs;
  /**
   * Runs first inside the throwaway namespace (e.g. to create a parent link)
   * and may return more attributes (e.g. `{ link: parentIndex }`).
   */
  readonly prepare?: (ns: LabNamespace, conn: Connection<Route>) => Promise<ProbeLinkAttrs | undefined>;
  /**
   * Only ask whether the kernel knows the kind: any error but `EOPNOTSUPP`
   * then counts as present. The kernel looks the kind up (loading its
   * module) before it validates the kind's options, so a bare request to a
   * kind with mandatory options (`vlan`, `vxlan`, `macvlan`, ...) fails with
   * `EINVAL` exactly when the kind exists.
   */
  readonly kindOnly?: boolean;
}

/** Name of the links and objects probes create (inside their own namespace). */
const PROBE_IFNAME = 'nlprobe0';

/**
 * A probe for a link kind: sends a raw `RTM_NEWLINK` (`IFLA_IFNAME` +
 * `IFLA_LINKINFO { IFLA_INFO_KIND kind }`) in a throwaway namespace. Created:
 * `true`; `EOPNOTSUPP` (the kernel's "Unknown device type"): `false`; any
 * other error is thrown — pass the kind's mandatory attributes in `options`,
 * or set `options.kindOnly`.
 *
 * ```ts
 * probeLinkKind('dummy');
 * probeLinkKind('vlan', { kindOnly: true });
 * ```
 */
export function probeLinkKind(kind: string, options: LinkKindProbeOptions = {}): () => Promise<boolean> {
  return () =>
    withNamespace(
      async (ns) => {
        const conn = ns.connection();
        const extra = (await options.prepare?.(ns, conn)) ?? {};
        const linkinfo = options.data === undefined ? { kind } : { kind, data: options.data };
        try {
          await conn.ack(
            {
              type: RTM.NEWLINK,
              flags: NLM_F.CREATE | NLM_F.EXCL,
              schema: linkMessage,
              value: { attrs: { ...options.attrs, ...extra, ifname: PROBE_IFNAME, linkinfo } },
            },
            { context: { operation: `probe link kind ${kind}`, object: PROBE_IFNAME } },
          );
          return true;
        } catch (err) {
          if (err instanceof KernelError && err.errnoName === 'EOPNOTSUPP') return false;
          if (options.kindOnly && err instanceof KernelError) return true;
          throw err;
        }
      },
      { prefix: 'probe' },
    );
}

/** `TC_H_ROOT`: the root of a device's qdisc tree. */
const TC_H_ROOT = 0xffffffff;
/** `TCA_KIND`, `TCA_OPTIONS`. */
const TCA_KIND = 1;
const TCA_OPTIONS = 2;

/**
 * A probe for a qdisc kind: installs it as the root qdisc of `lo` in a
 * throwaway namespace with a raw `RTM_NEWQDISC` (`struct tcmsg` + `TCA_KIND`,
 * plus `TCA_OPTIONS` when given: some qdiscs, e.g. `netem`, refuse to start
 * without options). Created: `true`; `ENOENT` "Specified qdisc kind is
 * unknown": `false`; any other error is thrown.
 */
export function probeQdisc(kind: string, options: { readonly options?: Uint8Array } = {}): () => Promise<boolean> {
  return () =>
    withNamespace(
      async (ns) => {
        const conn = ns.connection();
        const lo = await conn.getLinkByName('lo');
        if (!lo) throw new Error('probe qdisc: no lo in the throwaway namespace');
        const w = new Writer(128);
        // struct tcmsg: family, pad[3], ifindex, handle, parent, info.
        w.u8(AF.UNSPEC);
        w.zeros(3);
        w.s32(lo.ifindex);
        w.u32(0);
        w.u32(TC_H_ROOT);
        w.u32(0);
        let a = w.beginAttr(TCA_KIND);
        w.string(kind);
        w.endAttr(a);
        if (options.options) {
          a = w.beginAttr(TCA_OPTIONS);
          w.bytes(options.options);
          w.endAttr(a);
        }
        try {
          await conn.ack(
            { type: RTM.NEWQDISC, flags: NLM_F.CREATE | NLM_F.EXCL, payload: w.finish() },
            { context: { operation: `probe qdisc ${kind}`, object: 'lo' } },
          );
          return true;
        } catch (err) {
          if (err instanceof KernelError && err.errnoName === 'ENOENT') return false;
          throw err;
        }
      },
      { prefix: 'probe' },
    );
}

/** `GENL_ID_CTRL`, `CTRL_CMD_GETFAMILY`, `CTRL_ATTR_FAMILY_NAME`. */
const GENL_ID_CTRL = 0x10;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_NAME = 2;

/**
 * A probe for a generic netlink family (`wireguard`, `ethtool`, `nl80211`,
 * ...): asks the controller for it by name (`CTRL_CMD_GETFAMILY`, which makes
 * the kernel load the family's module on demand). Read-only, so it asks in the
 * current namespace; pass `{ inNamespace: true }` to ask from a throwaway one
 * instead (families without netns support are invisible there).
 * Known: `true`; `ENOENT`: `false`; any other error is thrown.
 */
export function probeGenlFamily(
  name: string,
  options: { readonly inNamespace?: boolean } = {},
): () => Promise<boolean> {
  const ask = async (conn: Connection<Generic>): Promise<boolean> => {
    const w = new Writer(64);
    // struct genlmsghdr: cmd, version, reserved.
    w.u8(CTRL_CMD_GETFAMILY);
    w.u8(1);
    w.u16(0);
    const a = w.beginAttr(CTRL_ATTR_FAMILY_NAME);
    w.string(name);
    w.endAttr(a);
    try {
      await conn.request(
        { type: GENL_ID_CTRL, payload: w.finish() },
        { context: { operation: 'probe generic netlink family', object: name } },
      );
      return true;
    } catch (err) {
      if (err instanceof KernelError && err.errnoName === 'ENOENT') return false;
      throw err;
    }
  };
  return async () => {
    if (options.inNamespace) return withNamespace((ns) => ask(ns.connection(Generic)), { prefix: 'probe' });
    const conn = new Connection(Generic);
    try {
      return await ask(conn);
    } finally {
      conn.close();
    }
  };
}
