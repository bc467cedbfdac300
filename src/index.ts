/**
 * nlink: an async netlink library for Linux network configuration.
 *
 * ```ts
 * import { Connection, Route } from 'nlink';
 * const conn = new Connection(Route);
 * for (const link of await conn.getLinks()) console.log(`${link.ifindex}: ${link.nameOr('?')}`);
 * conn.close();
 * ```
 *
 * @module
 */

// The union of the entry points: a process that needs part of nlink can import only that part
// (`nlink/core` and the family entries, see README "Loading only what you use").
import './entries/batch.js';

export * from './entries/addresses.js';
export * from './entries/bridge.js';
export * from './entries/core.js';
export * from './entries/events.js';
export * from './entries/links.js';
export * from './entries/namespaces.js';
export * from './entries/neighbors.js';
export * from './entries/nexthops.js';
export * from './entries/nsid.js';
export * from './entries/routes.js';
export * from './entries/rules.js';
export * from './entries/tc.js';
