/**
 * `nlink/nsid`: namespace ids (`RTM_*NSID`): which id a peer namespace has
 * here, and the `Connection<Route>` operations, installed on import.
 *
 * @module
 */

export type { NsidEntry, PeerNamespace } from '../route/nsid/ops.js';
export * as nsidOps from '../route/nsid/ops.js';
export * from '../route/nsid/schema.js';
