/**
 * The nlink side of each benchmark scenario: the same work as the matching
 * scenario of `bench/c/baseline.c`, through the public `Connection` API.
 *
 * @module
 */

import { type Connection, type Link, NLMSG, type Route } from '../src/index.js';

/** What one timed run measured. */
export interface Sample {
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSec: number;
  readonly nsPerOp: number;
  /** Links per dump (dump scenario only). */
  readonly items?: number;
}

/** Keeps the decoded fields alive so no read can be skipped. */
let sink = 0;

/** The value accumulated from every field read (printed in JSON so it is observably used). */
export function sinkValue(): number {
  return sink;
}

/** Reads the same fields the C baseline extracts: ifname, mtu, address, operstate, stats64. */
function touch(link: Link): void {
  const name = link.name;
  const mtu = link.mtu;
  const address = link.address;
  const operstate = link.operstate;
  const stats = link.stats;
  sink =
    (sink +
      (name?.length ?? 0) +
      (mtu ?? 0) +
      (address?.length ?? 0) +
      (operstate?.length ?? 0) +
      (stats === undefined ? 0 : Number(stats.rxPackets & 0xffn))) |
    0;
}

function sample(ops: number, start: bigint, items?: number): Sample {
  const ns = Number(process.hrtime.bigint() - start);
  const seconds = ns / 1e9;
  return { ops, seconds, opsPerSec: ops / seconds, nsPerOp: ns / ops, ...(items === undefined ? {} : { items }) };
}

const EMPTY = new Uint8Array(0);

/** `ops` sequential awaited `NLMSG_NOOP` + ACK round trips (C: `noop N`). */
export async function benchNoop(conn: Connection<Route>, ops: number): Promise<Sample> {
  const out = { type: NLMSG.NOOP, payload: EMPTY };
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await conn.ack(out);
  return sample(ops, start);
}

/**
 * `ops` sequential awaited `getLinkByIndex(ifindex)` calls, each reply
 * decoded (C: `getlink N IFINDEX`).
 * @throws {Error} if the link is missing.
 */
export async function benchGetLink(conn: Connection<Route>, ops: number, ifindex: number): Promise<Sample> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const link = await conn.getLinkByIndex(ifindex);
    if (link === undefined) throw new Error(`bench: link ${ifindex} vanished`);
    touch(link);
  }
  return sample(ops, start);
}

/**
 * `ops` sequential full link dumps (`getLinks()`), every link decoded
 * (C: `dump N`).
 * @throws {Error} if a dump comes back empty.
 */
export async function benchDump(conn: Connection<Route>, ops: number): Promise<Sample> {
  let items = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const links = await conn.getLinks();
    for (const link of links) touch(link);
    items = links.length;
  }
  const s = sample(ops, start, items);
  if (items === 0) throw new Error('bench: link dump returned no links');
  return s;
}
