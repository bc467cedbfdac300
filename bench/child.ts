/**
 * One nlink benchmark run in its own process, so that its peak RSS is its
 * own: `node dist/bench/child.js '<ChildParams as JSON>'`. The parent
 * (`run.ts`) starts one per timed run. Prints one JSON line (a
 * {@link ChildResult}); the `events` scenario first prints `{"ready":true}`
 * once subscribed. Errors go to stderr, exit code 1.
 *
 * @module
 */

import { resolveNamespace } from '../src/core/netns-path.js';
// Only what every scenario uses: each loads the other entries it needs (run), so that a scenario's
// process loads what an application doing the same would import (nlink/core and nlink/routes for a).
import { Connection, Route } from '../src/entries/core.js';
import '../src/entries/routes.js';
import {
  benchDump,
  benchEvents,
  benchGetLink,
  benchLinkByName,
  benchNoop,
  benchRouteBatch,
  benchRouteCollect,
  benchRouteStream,
  benchRouteStreamFloor,
  type Sample,
  sinkValue,
  vethNames,
} from './scenarios.js';

/** The route-dump scenarios (a, a1, a2, a0, b): one timed dump of a table of `expected` routes. */
export type RouteDumpScenario =
  | 'route-stream'
  | 'route-stream-warm'
  | 'route-stream-items'
  | 'route-stream-floor'
  | 'route-collect';

/** What a child runs: a scenario, its namespace and its sizes. */
export type ChildParams = { readonly namespace: string } & (
  | { readonly scenario: 'noop' | 'dump'; readonly ops: number; readonly warmup: number }
  | { readonly scenario: 'getlink'; readonly ops: number; readonly warmup: number; readonly ifindex: number }
  | {
      readonly scenario: RouteDumpScenario;
      readonly table: number;
      readonly expected: number;
    }
  | { readonly scenario: 'route-batch'; readonly count: number; readonly table: number; readonly warmup: number }
  | {
      readonly scenario: 'link-by-name';
      readonly ops: number;
      readonly warmup: number;
      /** Looks up the links of this many veth pairs ({@link vethNames}). */
      readonly pairs: number;
    }
  | {
      readonly scenario: 'events';
      readonly expected: number;
      readonly idleMs: number;
      readonly bufferSize?: number;
    }
);

/** A child's report: the timed sample, its peak RSS and the field-read sink. */
export interface ChildResult extends Sample {
  /** Peak resident set of the child process (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
  readonly sink: number;
}

async function run(p: ChildParams, conn: Connection<Route>): Promise<Sample> {
  switch (p.scenario) {
    case 'noop':
      await benchNoop(conn, p.warmup);
      return benchNoop(conn, p.ops);
    case 'dump':
      await import('../src/entries/links.js');
      await benchDump(conn, p.warmup);
      return benchDump(conn, p.ops);
    case 'getlink':
      await import('../src/entries/links.js');
      await benchGetLink(conn, p.warmup, p.ifindex);
      return benchGetLink(conn, p.ops, p.ifindex);
    case 'route-stream':
    case 'route-stream-items':
      return benchRouteStream(conn, p.table, p.expected, p.scenario === 'route-stream-items');
    case 'route-stream-warm':
      // The same dump once untimed first: V8 has compiled the path when the timed one runs.
      await benchRouteStream(conn, p.table, p.expected, false);
      return benchRouteStream(conn, p.table, p.expected, false);
    case 'route-stream-floor':
      return benchRouteStreamFloor(resolveNamespace({ name: p.namespace }).path, p.table, p.expected);
    case 'route-collect':
      return benchRouteCollect(conn, p.table, p.expected);
    case 'route-batch':
      await import('../src/entries/batch.js');
      await benchRouteBatch(conn, p.warmup, p.table + 1);
      await benchRouteBatch(conn, p.warmup, p.table + 1, true);
      return benchRouteBatch(conn, p.count, p.table);
    case 'link-by-name':
      await import('../src/entries/links.js');
      await benchLinkByName(conn, p.warmup, vethNames(p.pairs));
      return benchLinkByName(conn, p.ops, vethNames(p.pairs));
    case 'events': {
      const { RtnetlinkGroup } = await import('../src/entries/events.js');
      const ready = () => process.stdout.write('{"ready":true}\n');
      return benchEvents(conn, RtnetlinkGroup.Ipv4Route, p.expected, p.idleMs, ready);
    }
  }
}

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('usage: node dist/bench/child.js PARAMS_JSON');
  const p = JSON.parse(raw) as ChildParams;
  const conn = new Connection(Route, {
    namespace: { name: p.namespace },
    ...(p.scenario === 'events' && p.bufferSize !== undefined ? { eventReceiveBufferSize: p.bufferSize } : {}),
  });
  let sample: Sample;
  try {
    sample = await run(p, conn);
  } finally {
    conn.close();
  }
  const result: ChildResult = { ...sample, maxRssKiB: process.resourceUsage().maxRSS, sink: sinkValue() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
