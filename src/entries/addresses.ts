/**
 * `nlink/addresses`: interface addresses. The `ifaddrmsg` schema, the
 * `Address` class, typed configs and the `Connection<Route>` operations
 * (`getAddresses`, `addAddress`...), installed on import.
 *
 * @module
 */

export * from '../route/addr/index.js';
