/**
 * `nlink/neighbors`: the neighbour tables (ARP, NDP). The `ndmsg` schema, the
 * `Neighbor` class and the `Connection<Route>` operations (`getNeighbors`,
 * `addNeighbor`...), installed on import.
 *
 * @module
 */

export * from '../route/neigh/neighbor.js';
export type { NeighborConfig, NeighborFilter, NeighborTarget } from '../route/neigh/ops.js';
export * as neighOps from '../route/neigh/ops.js';
export * from '../route/neigh/schema.js';
