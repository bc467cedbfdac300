/**
 * Addresses: `ifaddrmsg` schema, the `Address` class, typed configs and the
 * `Connection<Route>` operations (installed on import).
 *
 * @module
 */

export {
  ADDRESS_FLAGS,
  Address,
  type AddressFlagName,
  type AddressMessage,
  INFINITY_LIFE_TIME,
  type Lifetime,
} from './address.js';
export {
  ADDRESS_CONFIG_FLAGS,
  type AddressCommon,
  type AddressConfig,
  type AddressConfigFlag,
  type AddressRequest,
  addressRequest,
  type Ipv4Address,
  type Ipv6Address,
} from './config.js';
export type { AddressFilter } from './ops.js';
export * as addressOps from './ops.js';
export { addressAttrs, addressMessage, addressStructs, ifaCacheinfo, ifaddrmsg } from './schema.js';
