/**
 * Address operations on `Connection<Route>`: dumps (all, by interface, by
 * family, by IP), add/replace/delete, flush. Errors name the operation and
 * the address: `add address 10.0.0.1/24 dev eth0: File exists (EEXIST)`.
 *
 * A dump by interface asks the kernel to filter (`ifa_index` under
 * `NETLINK_GET_STRICT_CHK`, turned on for the connection and left on, as
 * iproute2 runs); a dump by family only ever asks for that family.
 *
 * @module
 */

import { AF, NLM_F, RTM } from '../../core/constants.js';
import { describeRef, type IndexResolver, type InterfaceRef } from '../../core/ifname.js';
import { afOf, type IpFamily, parseIpAddress } from '../../core/prefix.js';
import { KernelError } from '../../errors.js';
import { type BatchItem, sendItem } from '../../session/batch.js';
import type { Connection, DumpOptions, RequestOptions } from '../../session/connection.js';
import { installMethods } from '../../session/methods.js';
import type { Route } from '../../session/protocol.js';
import { registerEventDecoder } from '../events.js';
import { indexResolver, requireLink, withContext } from '../link/ops.js';
import { Address } from './address.js';
import { type AddressConfig, addressRequest } from './config.js';
import { addressMessage } from './schema.js';

type RouteConnection = Connection<Route>;

/** What an address dump keeps. */
export interface AddressFilter {
  /** Only addresses of this interface (filtered by the kernel). */
  readonly dev?: InterfaceRef;
  /** Only this family. */
  readonly family?: IpFamily;
}

async function dumpRequest<O extends RequestOptions>(conn: RouteConnection, filter: AddressFilter, options: O) {
  const index = filter.dev === undefined ? 0 : await indexResolver(conn, options)(filter.dev, 'dev');
  if (index) conn.setStrictChecking(true);
  const family = filter.family === undefined ? AF.UNSPEC : afOf(filter.family);
  return {
    out: { type: RTM.GETADDR, schema: addressMessage, value: { header: { family, index } } },
    keep: (a: Address) =>
      (index === 0 || a.ifindex === index) && (family === AF.UNSPEC || a.message.header.family === family),
    options: withContext(options, 'dump addresses', filter.dev === undefined ? '' : `dev ${describeRef(filter.dev)}`),
  };
}

/** Streams addresses (`RTM_GETADDR` dump), decoded lazily. */
export async function* streamAddresses(
  conn: RouteConnection,
  filter: AddressFilter = {},
  options: RequestOptions = {},
): AsyncGenerator<Address> {
  const dump = await dumpRequest(conn, filter, options);
  const { out, keep } = dump;
  for await (const m of conn.dump(out, dump.options)) {
    if (m.type !== RTM.NEWADDR) continue;
    const a = Address.fromMessage(m);
    if (keep(a)) yield a;
  }
}

/** Every address matching `filter` (all of them by default), collected. */
export async function getAddresses(
  conn: RouteConnection,
  filter: AddressFilter = {},
  options: DumpOptions = {},
): Promise<Address[]> {
  const dump = await dumpRequest(conn, filter, options);
  const { out, keep } = dump;
  return conn.dumpAll(
    out,
    (m) => {
      if (m.type !== RTM.NEWADDR) return undefined;
      const a = Address.fromMessage(m);
      return keep(a) ? a : undefined;
    },
    dump.options,
  );
}

/** The address `ip` is configured as (on any interface), or `undefined`. Dumps only its family. */
export async function getAddressByIp(
  conn: RouteConnection,
  ip: string,
  options: RequestOptions = {},
): Promise<Address | undefined> {
  const wanted = parseIpAddress(ip, { what: 'address' });
  for await (const a of streamAddresses(conn, { family: wanted.family }, options)) {
    if (a.address === wanted.address) return a;
  }
  return undefined;
}

/** What an address change does: `ip address add`, `replace` or `del`. */
export type AddressChange = 'add' | 'replace' | 'delete';

const ADDRESS_CHANGES: Readonly<Record<AddressChange, readonly [type: number, flags: number]>> = {
  add: [RTM.NEWADDR, NLM_F.CREATE | NLM_F.EXCL],
  replace: [RTM.NEWADDR, NLM_F.CREATE | NLM_F.REPLACE],
  delete: [RTM.DELADDR, 0],
};

/**
 * The request of an address change, named for its errors, ready to send or
 * to batch; the interface is resolved through `index`. A bad config fails
 * before any lookup.
 */
export async function addressItem(
  conn: RouteConnection,
  config: AddressConfig,
  change: AddressChange,
  index: IndexResolver,
  options: RequestOptions = {},
): Promise<BatchItem> {
  const [type, flags] = ADDRESS_CHANGES[change];
  const del = type === RTM.DELADDR;
  addressRequest(config, del, 1);
  const ifindex = await index(config.dev, 'dev');
  let linkName: string | undefined;
  if (config.label !== undefined) {
    linkName = typeof config.dev === 'string' ? config.dev : (await requireLink(conn, config.dev, options)).name;
  }
  const req = addressRequest(config, del, ifindex, linkName);
  return {
    out: { type, flags, schema: addressMessage, value: req.value },
    context: { operation: `${change} address`, object: req.object },
  };
}

async function modifyAddress(
  conn: RouteConnection,
  config: AddressConfig,
  change: AddressChange,
  options: RequestOptions,
): Promise<void> {
  await sendItem(conn, await addressItem(conn, config, change, indexResolver(conn, options), options), options);
}

/** Adds an address (`ip address add`); fails with `EEXIST` if it is there. */
export function addAddress(conn: RouteConnection, config: AddressConfig, options: RequestOptions = {}): Promise<void> {
  return modifyAddress(conn, config, 'add', options);
}

/** Adds or updates an address (`ip address replace`): lifetimes, flags, metric. */
export function replaceAddress(
  conn: RouteConnection,
  config: AddressConfig,
  options: RequestOptions = {},
): Promise<void> {
  return modifyAddress(conn, config, 'replace', options);
}

/** Deletes an address (`ip address del`). */
export function delAddress(conn: RouteConnection, config: AddressConfig, options: RequestOptions = {}): Promise<void> {
  return modifyAddress(conn, config, 'delete', options);
}

/** Whether an error says the address was not there (`EADDRNOTAVAIL`, or the interface is gone). */
function isMissingAddress(err: unknown): boolean {
  return err instanceof KernelError && (err.errnoName === 'EADDRNOTAVAIL' || err.isNotFound());
}

/** Deletes an address if it is there; returns whether it was. */
export async function delAddressIfExists(
  conn: RouteConnection,
  config: AddressConfig,
  options: RequestOptions = {},
): Promise<boolean> {
  try {
    await delAddress(conn, config, options);
    return true;
  } catch (err) {
    if (isMissingAddress(err)) return false;
    throw err;
  }
}

/**
 * Deletes every address of an interface (of one family if given), as
 * `ip address flush dev DEV` does; returns how many it deleted. Secondary
 * IPv4 addresses go first: deleting a primary takes its secondaries along.
 */
export async function flushAddresses(
  conn: RouteConnection,
  dev: InterfaceRef,
  family?: IpFamily,
  options: RequestOptions = {},
): Promise<number> {
  const filter: AddressFilter = family === undefined ? { dev } : { dev, family };
  const found = await getAddresses(conn, filter, options);
  found.sort((a, b) => Number(b.isSecondary) - Number(a.isSecondary));
  let deleted = 0;
  for (const a of found) {
    try {
      await conn.ack(
        {
          type: RTM.DELADDR,
          schema: addressMessage,
          value: {
            header: { ...a.message.header },
            attrs: { local: a.message.attrs.local, address: a.message.attrs.address },
          },
        },
        withContext(options, 'delete address', `${a.prefix} dev ${describeRef(dev)}`),
      );
      deleted++;
    } catch (err) {
      if (!isMissingAddress(err)) throw err;
    }
  }
  return deleted;
}

declare module '../../session/connection.js' {
  interface Connection<P> {
    /** Every address matching the filter, the twin of the seed's `get_addresses`. */
    getAddresses(this: Connection<Route>, filter?: AddressFilter, options?: DumpOptions): Promise<Address[]>;
    /** Streams addresses with bounded memory. */
    streamAddresses(this: Connection<Route>, filter?: AddressFilter, options?: RequestOptions): AsyncGenerator<Address>;
    /** The address configured as `ip`, if any. */
    getAddressByIp(this: Connection<Route>, ip: string, options?: RequestOptions): Promise<Address | undefined>;
    /** Adds an address. */
    addAddress(this: Connection<Route>, config: AddressConfig, options?: RequestOptions): Promise<void>;
    /** Adds or updates an address. */
    replaceAddress(this: Connection<Route>, config: AddressConfig, options?: RequestOptions): Promise<void>;
    /** Deletes an address. */
    delAddress(this: Connection<Route>, config: AddressConfig, options?: RequestOptions): Promise<void>;
    /** Deletes an address if it is there. */
    delAddressIfExists(this: Connection<Route>, config: AddressConfig, options?: RequestOptions): Promise<boolean>;
    /** Deletes every address of an interface (of one family). */
    flushAddresses(
      this: Connection<Route>,
      dev: InterfaceRef,
      family?: IpFamily,
      options?: RequestOptions,
    ): Promise<number>;
  }
}

installMethods<Route>({
  getAddresses,
  streamAddresses,
  getAddressByIp,
  addAddress,
  replaceAddress,
  delAddress,
  delAddressIfExists,
  flushAddresses,
});

declare module '../events.js' {
  interface NetworkEventMap {
    /** An address was added or changed. */
    NewAddress: { readonly address: Address };
    /** An address was removed. */
    DelAddress: { readonly address: Address };
  }
}

registerEventDecoder(RTM.NEWADDR, (m) => ({ type: 'NewAddress', address: Address.fromMessage(m) }));
registerEventDecoder(RTM.DELADDR, (m) => ({ type: 'DelAddress', address: Address.fromMessage(m) }));
