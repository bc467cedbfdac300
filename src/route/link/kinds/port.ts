/**
 * Changing the kind settings of an existing link (`ip link set dev DEV type
 * bridge ...`) and of a link as the port of a master (`ip link set dev PORT
 * type bridge_slave ...`, `... type bond_slave ...`): one `RTM_NEWLINK` for
 * the link, by ifindex, carrying `IFLA_LINKINFO`.
 *
 * @module
 */

import { AF, RTM } from '../../../core/constants.js';
import { describeRef, type InterfaceRef, resolveRef, validateIfindex } from '../../../core/ifname.js';
import { Writer } from '../../../core/writer.js';
import { type AttrSet, type Fields, type Input, nest } from '../../../schema/attrs.js';
import type { Connection, RequestOptions } from '../../../session/connection.js';
import type { Route } from '../../../session/protocol.js';
import type { LinkAttrsInput } from '../kind.js';
import { requireLink } from '../ops.js';
import { linkMessage } from '../schema.js';
import { checkKeys, pick, validate } from './codecs.js';

/** The ifindex of `ref`: a number as it is, a name through one `RTM_GETLINK`. */
export async function indexOf(conn: Connection<Route>, ref: InterfaceRef, options: RequestOptions): Promise<number> {
  return typeof ref === 'number' ? validateIfindex(ref) : (await requireLink(conn, ref, options)).ifindex;
}

/**
 * Checks port settings before anything is sent: `options` may hold only
 * `keys` (and `extra`, which the caller handles), the port reference must be
 * well formed, and the picked settings must encode with `set`.
 * @returns the settings named in `keys`.
 * @throws {InvalidArgumentError}
 */
export function checkPortOptions<O extends object, K extends keyof O & string, F extends Fields>(
  ref: InterfaceRef,
  options: O,
  keys: readonly K[],
  set: AttrSet<F>,
  kind: string,
  extra: readonly string[] = [],
): Pick<O, K> {
  checkKeys(options, [...keys, ...extra], `${kind} port`);
  resolveRef(ref);
  const data = pick(options, keys);
  validate(nest(set), data, `${kind} port`);
  return data;
}

type LinkInfoInput = NonNullable<LinkAttrsInput['linkinfo']>;

/**
 * Sends `IFLA_LINKINFO` `linkinfo` for the existing link `ref` (by ifindex
 * in the header, as iproute2 does): how a kind's settings change.
 */
export async function setLinkInfo(
  conn: Connection<Route>,
  ref: InterfaceRef,
  linkinfo: LinkInfoInput,
  what: string,
  options: RequestOptions,
): Promise<void> {
  const index = await indexOf(conn, ref, options);
  await conn.ack(
    { type: RTM.NEWLINK, schema: linkMessage, value: { header: { family: AF.UNSPEC, index }, attrs: { linkinfo } } },
    options.context ? options : { ...options, context: { operation: `set ${what}`, object: describeRef(ref) } },
  );
}

/**
 * Sends the port settings `data` (attributes of `set`) for the port `ref` of
 * a master of kind `kind`, the way iproute2 does:
 * `IFLA_LINKINFO { IFLA_INFO_KIND "<kind>_slave", IFLA_INFO_SLAVE_DATA {...} }`.
 * The kernel picks the port codec from the port's actual master and ignores
 * the kind string, so this equals iproute2's request byte for byte.
 */
export async function setPortData<F extends Fields>(
  conn: Connection<Route>,
  ref: InterfaceRef,
  kind: string,
  set: AttrSet<F>,
  data: Input<F>,
  options: RequestOptions,
): Promise<void> {
  const w = new Writer(256);
  set.encode(w, data, `${kind} port`);
  await setLinkInfo(conn, ref, { kind: `${kind}_slave`, portData: w.finish() }, `${kind} port`, options);
}
