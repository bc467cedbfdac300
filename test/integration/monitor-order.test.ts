/**
 * Acceptance: a scripted sequence of changes in a namespace (links,
 * addresses, routes, neighbours, rules, nexthops) produces the same events,
 * in the same order, as `ip monitor all` sees for it.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import '../../src/index.js';
import type { NetworkEvent } from '../../src/route/events.js';
import type { RouteEntry } from '../../src/route/route/route.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { SCRIPT, tool, waitFor } from './event-lab.js';

const skip = skipUnlessIntegration();

const TABLES: Readonly<Record<number, string>> = { 253: 'default', 254: 'main', 255: 'local' };

function routeIdentity(r: RouteEntry): string {
  const host = r.family === 'inet6' ? 128 : 32;
  const dst = r.dstLen === 0 ? 'default' : r.dstLen === host ? r.dst.slice(0, r.dst.lastIndexOf('/')) : r.dst;
  const type = r.type === 'unicast' ? '' : `${r.type} `;
  return `${type}${dst} ${TABLES[r.table] ?? r.table}`;
}

/** (kind, new/del, identity) of one of our events; undefined for types ip monitor does not show. */
function ours(e: NetworkEvent, names: Map<number, string>): string | undefined {
  const nd = (type: string) => (type.startsWith('Del') ? 'del' : 'new');
  switch (e.type) {
    case 'NewLink':
    case 'DelLink':
      if (e.link.name !== undefined) names.set(e.link.ifindex, e.link.name);
      return `LINK ${nd(e.type)} ${e.link.ifindex}`;
    case 'NewAddress':
    case 'DelAddress':
      return `ADDR ${nd(e.type)} ${e.address.ifindex} ${e.address.address}/${e.address.prefixLen}`;
    case 'NewRoute':
    case 'DelRoute':
      // ip monitor skips cloned (cache) routes.
      if (e.route.flags & 0x200) return undefined;
      return `ROUTE ${nd(e.type)} ${routeIdentity(e.route)}`;
    case 'NewNeighbor':
    case 'DelNeighbor':
      return `NEIGH ${nd(e.type)} ${e.neighbor.destination} ${names.get(e.neighbor.ifindex)}`;
    case 'NewRule':
    case 'DelRule':
      return `RULE ${nd(e.type)} ${e.rule.priority}`;
    case 'NewNexthop':
    case 'DelNexthop':
      return `NEXTHOP ${nd(e.type)} ${e.nexthop.id}`;
    default:
      return undefined;
  }
}

/** The same triple read from one event of `ip monitor all` (its first line and the lines after). */
function theirs(text: string): string | undefined {
  const m = /^\[([A-Z]+)\](Deleted )?(.*)$/s.exec(text);
  if (!m) throw new Error(`unexpected ip monitor output: ${text}`);
  const [, kind, deleted, rest = ''] = m;
  const nd = deleted ? 'del' : 'new';
  switch (kind) {
    case 'LINK':
      return `LINK ${nd} ${/^(\d+):/.exec(rest)?.[1]}`;
    case 'ADDR': {
      const a = /^(\d+): \S+\s+inet6? (\S+)/.exec(rest);
      return `ADDR ${nd} ${a?.[1]} ${a?.[2]}`;
    }
    case 'ROUTE': {
      const r = /^((?:local|broadcast|multicast|anycast|unreachable|prohibit|blackhole|throw) )?(\S+) /.exec(rest);
      const table = / table (\S+)/.exec(rest)?.[1] ?? 'main';
      return `ROUTE ${nd} ${r?.[1] ?? ''}${r?.[2]} ${table}`;
    }
    case 'NEIGH': {
      const n = /^(\S+) dev (\S+)/.exec(rest);
      return `NEIGH ${nd} ${n?.[1]} ${n?.[2]}`;
    }
    case 'RULE':
      return `RULE ${nd} ${/^(\d+):/.exec(rest)?.[1]}`;
    case 'NEXTHOP':
      return `NEXTHOP ${nd} ${/^id (\d+)/.exec(rest)?.[1]}`;
    default:
      // NETCONF (per-device settings) is not among the groups subscribeAll joins.
      return undefined;
  }
}

/** Splits `ip monitor all` output into events: a line starting with `[` starts one. */
export function monitorEvents(output: string): string[] {
  const events: string[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('[')) events.push(line);
    else if (line !== '' && events.length) events[events.length - 1] += `\n${line}`;
  }
  return events;
}

test('a scripted sequence of changes: the same events, in the same order, as ip monitor all', {
  skip,
  timeout: 60_000,
}, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    conn.subscribeAll();
    const names = new Map<number, string>([[1, 'lo']]);
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const e of conn.events()) {
        const id = ours(e, names);
        if (id !== undefined) seen.push(id);
      }
    })();
    const monitor = spawn('ip', ['-n', ns.name, 'monitor', 'all'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    monitor.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    try {
      // Both listen once both saw a first change; everything before it is left out.
      for (let pref = 100; ; pref++) {
        tool(ns.name, 'ip', 'rule', 'add', 'pref', String(pref), 'table', '200');
        const marker = `RULE new ${pref}`;
        const both = await waitFor(
          () => seen.includes(marker) && monitorEvents(output).some((e) => theirs(e) === marker),
          300,
        );
        if (both) break;
        assert.ok(pref < 150, 'ip monitor never started');
      }
      const start = { ours: seen.length, theirs: monitorEvents(output).length };
      for (const change of SCRIPT) tool(ns.name, 'ip', ...change);
      tool(ns.name, 'ip', 'rule', 'add', 'pref', '4242', 'table', '200');
      const end = 'RULE new 4242';
      assert.ok(
        await waitFor(() => seen.includes(end) && monitorEvents(output).some((e) => theirs(e) === end)),
        'both saw the end marker',
      );
      const expected = monitorEvents(output)
        .slice(start.theirs)
        .flatMap((e) => theirs(e) ?? []);
      const actual = seen.slice(start.ours);
      assert.ok(expected.length > 40, `ip monitor saw ${expected.length} events`);
      assert.deepEqual(actual, expected);
    } finally {
      monitor.kill();
      conn.close();
      await consumer;
    }
  });
});
