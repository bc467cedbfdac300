/** `nlink-ip monitor` against `ip monitor`: the same text for the same changes, and -j lines. */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseGlobalOptions } from '../../src/cli/ip/main.js';
import { timestampText } from '../../src/cli/ip/monitor.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { repoRoot } from '../helpers.js';
import { SCRIPT, tool, waitFor } from '../integration/event-lab.js';

const skip = skipUnlessIntegration();
const NLINK_IP = join(repoRoot, 'dist', 'src', 'cli', 'ip', 'main.js');

interface Watcher {
  readonly child: ChildProcess;
  output: string;
}

function watch(command: string, args: readonly string[]): Watcher {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const w: Watcher = { child, output: '' };
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    w.output += s;
  });
  return w;
}

/** The output after the event that shows `marker` (its line and the one after it). */
function after(output: string, marker: string): string | undefined {
  const at = output.indexOf(marker);
  if (at < 0) return undefined;
  const eol = output.indexOf('\n', output.indexOf('\n', at) + 1);
  return eol < 0 ? undefined : output.slice(eol + 1);
}

/**
 * Runs `changes` while both watchers (and `json`, a `-j` monitor, if given)
 * listen; returns what each text watcher printed for them.
 */
async function watchBoth(
  ns: string,
  a: Watcher,
  b: Watcher,
  changes: () => void,
  json?: Watcher,
): Promise<[string, string]> {
  let start = 0;
  for (let mtu = 1300; !start; mtu++) {
    assert.ok(mtu < 1400, 'the monitors never started');
    tool(ns, 'ip', 'link', 'set', 'lo', 'mtu', String(mtu));
    const marker = `mtu ${mtu} `;
    const ready = () =>
      a.output.includes(marker) && b.output.includes(marker) && (!json || json.output.includes(`"mtu":${mtu},`));
    if (await waitFor(ready, 300)) start = mtu;
  }
  const from = [a.output.length, b.output.length];
  changes();
  // The end: an MTU no other link has.
  tool(ns, 'ip', 'link', 'set', 'lo', 'mtu', '1499');
  assert.ok(await waitFor(() => a.output.includes('mtu 1499 ') && b.output.includes('mtu 1499 ')));
  const cut = (w: Watcher, i: number) => {
    const tail = after(w.output, `mtu ${start} `) ?? w.output.slice(from[i]);
    return tail.slice(0, tail.lastIndexOf('[', tail.indexOf('mtu 1499 ')));
  };
  return [cut(a, 0), cut(b, 1)];
}

test('-t and -ts: the last says which (-ts wins, as in ip), printed as print_timestamp does', () => {
  const stamp = (argv: string[]) => parseGlobalOptions([...argv, 'monitor']).options.timestamp;
  assert.equal(stamp([]), undefined);
  assert.equal(stamp(['-t']), 'long');
  assert.equal(stamp(['-timestamp']), 'long');
  assert.equal(stamp(['-ts']), 'short');
  assert.equal(stamp(['-ts', '-t']), 'short');
  assert.equal(stamp(['-t', '-tshort']), 'short');
  // Local time, as localtime() gives it.
  const us = new Date(2026, 11, 5, 8, 3, 4, 12).getTime() * 1000 + 345;
  assert.equal(timestampText('long', us), 'Timestamp: Sat Dec  5 08:03:04 2026 12345 usec\n');
  assert.equal(timestampText('short', us), '[2026-12-05T08:03:04.012345] ');
  const later = new Date(2027, 0, 25, 23, 59, 59, 999).getTime() * 1000 + 999;
  assert.equal(timestampText('long', later), 'Timestamp: Mon Jan 25 23:59:59 2027 999999 usec\n');
});

/**
 * What `ip OPTIONS monitor all` and `nlink-ip OPTIONS monitor all` print for
 * the script, netconf events (which nlink-ip does not show) left out of ip's.
 */
async function monitorAll(options: readonly string[]): Promise<[string, string]> {
  return withNamespace(async (ns) => {
    const theirs = watch('ip', ['-n', ns.name, ...options, 'monitor', 'all']);
    const ours = watch(process.execPath, [NLINK_IP, '-n', ns.name, ...options, 'monitor', 'all']);
    try {
      const [ip, nlink] = await watchBoth(ns.name, theirs, ours, () => {
        for (const change of SCRIPT) tool(ns.name, 'ip', ...change);
      });
      // An event is its timestamp line (-t) or prefix (-ts), its labels and its lines.
      const shown = ip
        .split(/(?<!^Timestamp: .*\n)(?=^(?:Timestamp: .*\n)?(?:\[[-\d:.T]+\] )?\[[A-Z]+\])/m)
        .filter((e) => !/^(?:Timestamp: .*\n)?(?:\[[-\d:.T]+\] )?\[NETCONF\]/.test(e))
        .join('');
      return [shown, nlink];
    } finally {
      theirs.child.kill();
      ours.child.kill();
    }
  });
}

test('nlink-ip monitor all prints what ip monitor all prints for links, addresses, routes, neighbours, rules and nexthops', {
  skip,
  timeout: 60_000,
}, async () => {
  const [ip, nlink] = await monitorAll([]);
  assert.ok(ip.split('\n').length > 50);
  for (const label of ['LINK', 'ADDR', 'ROUTE', 'NEIGH', 'RULE', 'NEXTHOP'])
    assert.match(ip, new RegExp(`^\\[${label}\\]`, 'm'));
  assert.match(ip, /^\[RULE\]Deleted 1001:\tfrom all to 2001:db8:7::\/48 lookup 101$/m);
  assert.match(ip, /^\[NEIGH\]Deleted 10\.1\.0\.9 dev va /m);
  assert.equal(nlink, ip);
});

test('nlink-ip -d monitor all prints what ip -d monitor all prints (link details, nh_info of routes)', {
  skip,
  timeout: 60_000,
}, async () => {
  const [ip, nlink] = await monitorAll(['-d']);
  assert.match(ip, /^\[ROUTE\]unicast 10\.3\.0\.0\/16 nhid 5 .*\n\tnh_info id 5 via 10\.1\.0\.3 dev va /m);
  assert.match(ip, /^ {4}link\/ether .* promiscuity 0 /m);
  assert.equal(nlink, ip);
});

test("nlink-ip -t and -ts monitor print ip's timestamp lines and prefixes", { skip, timeout: 90_000 }, async () => {
  const long =
    /^Timestamp: (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4} \d{1,6} usec$/gm;
  const short = /^\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\] /gm;
  let shortOutput = '';
  for (const [option, stamp, normal] of [
    ['-t', long, 'Timestamp: T usec'],
    ['-ts', short, '[T] '],
  ] as const) {
    const [ip, nlink] = await monitorAll([option]);
    // Every event has its stamp: as many as ip's, at the same places.
    assert.ok((ip.match(stamp) ?? []).length > 20, option);
    assert.equal((nlink.match(stamp) ?? []).length, (ip.match(stamp) ?? []).length, option);
    assert.equal(nlink.replace(stamp, normal), ip.replace(stamp, normal), option);
    if (option === '-ts') shortOutput = nlink;
  }
  // The stamps are the local wall clock (an ISO date-time without zone is local time).
  const first = /^\[([-\d:.T]+)\] /.exec(shortOutput)?.[1];
  assert.ok(first !== undefined);
  assert.ok(Math.abs(Date.now() - new Date(first).getTime()) < 60_000, first);
});

test('nlink-ip -j monitor prints one JSON object per event per line; nsid events as ip prints them', {
  skip,
  timeout: 60_000,
}, async () => {
  await withNamespace(async (ns) => {
    await withNamespace(async (peer) => {
      const text = watch(process.execPath, [NLINK_IP, '-n', ns.name, 'monitor', 'label', 'link', 'route', 'nsid']);
      const json = watch(process.execPath, [NLINK_IP, '-n', ns.name, '-j', 'monitor', 'link', 'route', 'nsid']);
      const theirs = watch('ip', ['-n', ns.name, 'monitor', 'label', 'link', 'route', 'nsid']);
      try {
        const [ip, nlink] = await watchBoth(
          ns.name,
          theirs,
          text,
          () => {
            tool(ns.name, 'ip', 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
            tool(ns.name, 'ip', 'netns', 'set', peer.name, '7');
            tool(ns.name, 'ip', 'link', 'del', 'va');
          },
          json,
        );
        assert.match(ip, new RegExp(`^\\[NSID\\]nsid 7 \\(iproute2 netns name: ${peer.name}\\)$`, 'm'));
        assert.equal(nlink, ip);
        assert.ok(await waitFor(() => json.output.includes('"mtu":1499')));
        const lines = json.output.trim().split('\n');
        const events = lines.map((l) => JSON.parse(l) as { object: string; deleted?: true; ifname?: string });
        assert.ok(events.some((e) => e.object === 'nsid'));
        assert.ok(events.some((e) => e.object === 'link' && e.deleted && e.ifname === 'va'));
        assert.ok(events.every((e) => ['link', 'route', 'nsid'].includes(e.object)));
      } finally {
        for (const w of [text, json, theirs]) w.child.kill();
      }
    });
  });
});

test('nlink-ip -j -ts monitor neigh rule: one line per event, holding what ip -j neigh/rule show print', {
  skip,
  timeout: 60_000,
}, async () => {
  await withNamespace(async (ns) => {
    const ip = (...args: string[]) => tool(ns.name, 'ip', ...args);
    ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    ip('link', 'set', 'va', 'up');
    const json = watch(process.execPath, [NLINK_IP, '-n', ns.name, '-j', '-ts', 'monitor', 'neigh', 'rule']);
    try {
      // Started once a rule shows; what follows it is the script's.
      let start = '';
      for (let pref = 1; !start; pref++) {
        assert.ok(pref < 50, 'the monitor never started');
        ip('rule', 'add', 'pref', String(pref), 'table', '50');
        if (await waitFor(() => json.output.includes(`"priority":${pref},`), 300)) start = `"priority":${pref},`;
      }
      ip('neigh', 'add', '10.1.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'va', 'router');
      const neigh = JSON.parse(ip('-j', 'neigh', 'show', '10.1.0.9')) as object[];
      ip('rule', 'add', 'from', '10.5.0.0/16', 'fwmark', '0x10/0xff', 'table', '100', 'pref', '1000');
      const rule = JSON.parse(ip('-j', 'rule', 'show', 'pref', '1000')) as object[];
      ip('-6', 'rule', 'add', 'to', '2001:db8:7::/48', 'iif', 'va', 'table', '101', 'pref', '1001');
      const rule6 = JSON.parse(ip('-6', '-j', 'rule', 'show', 'pref', '1001')) as object[];
      ip('rule', 'del', 'pref', '1000');
      ip('neigh', 'del', '10.1.0.9', 'dev', 'va');
      ip('rule', 'add', 'pref', '1999', 'table', '50');
      assert.ok(await waitFor(() => json.output.includes('"priority":1999,')));
      const text = json.output.slice(json.output.indexOf('\n', json.output.indexOf(start)) + 1);
      const events = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { object: string; timestamp?: string; deleted?: true; dst?: string });
      for (const e of events) assert.match(e.timestamp ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
      const lines = events.map(({ timestamp: _, ...e }) => JSON.stringify(e));
      assert.deepEqual(lines.slice(0, 4), [
        JSON.stringify({ object: 'neigh', ...neigh[0] }),
        JSON.stringify({ object: 'rule', ...rule[0] }),
        JSON.stringify({ object: 'rule', ...rule6[0] }),
        JSON.stringify({ object: 'rule', deleted: true, ...rule[0] }),
      ]);
      // The removed entry: announced (FAILED, then deleted) by the kernel as ip monitor shows it.
      const last = events.slice(4, -1);
      assert.ok(last.length > 0, lines.join('\n'));
      assert.ok(last.every((e) => e.object === 'neigh' && e.dst === '10.1.0.9'));
      assert.equal(last.at(-1)?.deleted, true);
      assert.deepEqual(events.at(-1), { ...events.at(-1), object: 'rule', priority: 1999 });
    } finally {
      json.child.kill();
    }
  });
});
