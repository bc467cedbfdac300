/**
 * `nlink-ip -batch`: a file of mixed commands (links, addresses, routes,
 * nexthops, shows; comments, continuations, quotes) leaves the state
 * `ip -batch` leaves in a twin namespace and prints the same; a failed line
 * reports `Command failed FILE:LINE` and ends the batch, or not with
 * `-force`; `-batch -` reads standard input; 100,000 routes go in packed.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { CapturedIo } from '../../src/cli/common/run.js';
import { main } from '../../src/cli/ip/main.js';
import '../../src/route/route/ops.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ipRun, nlinkIp } from './helpers.js';
import { withTwins } from './oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'nlink-batch-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Writes a batch file and returns its path. */
function batchFile(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const MIXED = [
  '# links, then changes and shows in between',
  'link add b0 address 02:00:00:00:02:01 type veth peer name b1 address 02:00:00:00:02:02',
  'link set b0 up',
  'link set b1 up',
  'address add 10.50.0.1/24 dev b0',
  'address add 2001:db8:50::1/64 dev b0 nodad',
  'route add 10.51.0.0/24 via 10.50.0.2   # a comment after a command',
  'route add 10.52.0.0/24 \\',
  '   via 10.50.0.3 metric 5',
  '',
  '   ',
  'nexthop add id 40 via 10.50.0.4 dev b0',
  'nexthop add id 41 group 40',
  'route add 10.53.0.0/24 nhid 41',
  'route show 10.52.0.0/24',
  '"route" add 10.54.0.0/24 dev \'b0\' table 77',
  'route del 10.51.0.0/24',
  'route add 10.55.0.0/24 nexthop via 10.50.0.2 weight 2 nexthop via 10.50.0.3',
  'route add blackhole 10.56.0.0/24 # \\ a comment ends the continuation',
  'route add 2001:db8:51::/64 via 2001:db8:50::2',
  'route show table 77',
  'nexthop show',
  'link add b2 type veth peer name b3',
  'link set b2 up',
  'route add 10.57.0.0/24 dev b2',
  'route flush table 77',
  'address del 10.50.0.1/24 dev b0',
  'route show',
];

/** The entries of a JSON list, in a canonical order. */
function sorted(json: string): string[] {
  return (JSON.parse(json) as unknown[]).map((e) => JSON.stringify(e)).sort();
}

/** `ip -j` views of the state a batch leaves, with generated link names and indexes left out. */
const SHOWS = [
  ['-j', 'route', 'show', 'table', 'all'],
  ['-j', 'nexthop', 'show'],
  ['-j', 'address', 'show', 'dev', 'b0'],
];

test('nlink-ip -batch leaves the state ip -batch leaves and prints the same', {
  skip: skipUnlessIntegration(),
}, async () => {
  const file = batchFile('mixed', MIXED);
  await withTwins(
    'cli-batch',
    () => undefined,
    async (ipNs, oursNs) => {
      const theirs = ipRun(['-n', ipNs, '-batch', file]);
      const ours = await nlinkIp(['-n', oursNs, '-batch', file]);
      assert.equal(theirs.code, 0, theirs.err);
      assert.equal(ours.code, 0, ours.err);
      assert.equal(ours.out, theirs.out);
      for (const show of SHOWS) {
        const a = ipRun(['-n', ipNs, ...show]);
        const b = ipRun(['-n', oursNs, ...show]);
        // IPv6 link-local and multicast routes of b0 and b1 come in the order the links got IPv6.
        assert.deepEqual(sorted(b.out), sorted(a.out), show.join(' '));
      }
    },
  );
});

test('changes packed after a failed one were applied, and the report says which lines', {
  skip: skipUnlessIntegration(),
}, async () => {
  const file = batchFile('packed-failure', [
    'route add blackhole 10.70.0.0/24',
    'route add blackhole 10.70.0.0/24',
    'route add blackhole 10.71.0.0/24',
    'route add blackhole 10.72.0.0/24',
    'link set lo up',
    'route add blackhole 10.73.0.0/24',
  ]);
  await withNamespace(
    async (ns) => {
      const ours = await nlinkIp(['-n', ns.name, '-batch', file]);
      assert.equal(ours.code, 1);
      assert.match(
        ours.err,
        new RegExp(`Command failed ${file}:2\nApplied nonetheless \\(sent together with it\\): ${file} lines 3-4\n$`),
      );
      const routes = ipRun(['-n', ns.name, 'route']).out;
      for (const dst of ['10.70.0.0/24', '10.71.0.0/24', '10.72.0.0/24']) assert.match(routes, new RegExp(dst));
      assert.doesNotMatch(routes, /10\.73/, 'the batch ended at the packed send');
    },
    { prefix: 'cli-batchp' },
  );
});

test('a failed line reports FILE:LINE and ends the batch; -force goes on', {
  skip: skipUnlessIntegration(),
}, async () => {
  const file = batchFile('failing', [
    'link add b0 address 02:00:00:00:02:01 type veth peer name b1 address 02:00:00:00:02:02',
    'link set b0 up',
    'address add 10.60.0.1/24 dev b0',
    'route add 10.61.0.0/24 via 10.60.0.2',
    'route add 10.61.0.0/24 via 10.60.0.2',
    'link set b1 up',
    'route add 10.62.0.0/24 via 10.60.0.2',
  ]);
  await withTwins(
    'cli-batchf',
    () => undefined,
    async (ipNs, oursNs) => {
      const theirs = ipRun(['-n', ipNs, '-batch', file]);
      const ours = await nlinkIp(['-n', oursNs, '-batch', file]);
      assert.equal(ours.code, 1);
      assert.equal(ours.code, theirs.code);
      assert.match(theirs.err, new RegExp(`^RTNETLINK answers: File exists\nCommand failed ${file}:5\n$`));
      assert.match(ours.err, new RegExp(`^Error: .*File exists.*\nCommand failed ${file}:5\n$`));
      // The batch ended at line 5: b1 is still down, 10.62.0.0/24 was never added.
      for (const show of [['link', 'show', 'b1'], ['route']]) {
        assert.equal(ipRun(['-n', oursNs, ...show]).out, ipRun(['-n', ipNs, ...show]).out);
      }
      assert.doesNotMatch(ipRun(['-n', oursNs, 'route']).out, /10\.62/);
      // With -force the rest runs: both add 10.62.0.0/24 and report lines 1, 3, 4 and 5 as failed.
      const forcedTheirs = ipRun(['-n', ipNs, '-force', '-batch', file]);
      const forcedOurs = await nlinkIp(['-n', oursNs, '-force', '-batch', file]);
      assert.equal(forcedOurs.code, 1);
      assert.equal(forcedTheirs.code, 1);
      const failedLines = (err: string) => [...err.matchAll(/Command failed .*:(\d+)\n/g)].map((m) => m[1]);
      assert.deepEqual(failedLines(forcedOurs.err), ['1', '3', '4', '5']);
      assert.deepEqual(failedLines(forcedOurs.err), failedLines(forcedTheirs.err));
      assert.equal(ipRun(['-n', oursNs, 'route']).out, ipRun(['-n', ipNs, 'route']).out);
      assert.match(ipRun(['-n', oursNs, 'route']).out, /10\.62\.0\.0\/24/);
    },
  );
});

test('-batch - reads standard input; mistakes in the file itself', { skip: skipUnlessIntegration() }, async () => {
  await withNamespace(
    async (ns) => {
      const io = new CapturedIo();
      const stdin = Readable.from([
        'link add b0 type veth peer name b1\nlink set b0 up\n',
        'route add 10.70.0.0/24 dev b0\nroute\n',
      ]);
      const code = await main(['-n', ns.name, '-batch', '-'], io, { stdin });
      assert.equal(code, 0, io.err);
      assert.equal(io.out, '10.70.0.0/24 dev b0 scope link linkdown \n');
      const quote = await nlinkIp(['-n', ns.name, '-batch', batchFile('quote', ['route show', "route show 'oops"])]);
      assert.equal(quote.code, 1);
      assert.equal(quote.err, 'Unterminated quoted string\n');
      const missing = await nlinkIp(['-batch', join(dir, 'nope')]);
      assert.equal(missing.code, 1);
      assert.equal(missing.err, `Cannot open file "${join(dir, 'nope')}" for reading: No such file or directory\n`);
      const unknown = await nlinkIp(['-n', ns.name, '-batch', batchFile('unknown', ['foo bar', 'route'])]);
      assert.equal(
        unknown.err,
        `Object "foo" is unknown, try "nlink-ip help".\nCommand failed ${join(dir, 'unknown')}:1\n`,
      );
    },
    { prefix: 'cli-batchi' },
  );
});

test('-batch: 100,000 routes, packed, in a few seconds', { skip: skipUnlessIntegration() }, async () => {
  const lines = ['link add b0 type veth peer name b1', 'link set b0 up'];
  for (let i = 0; i < 100_000; i++)
    lines.push(`route add 10.${1 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}/32 dev b0`);
  const file = batchFile('big', lines);
  await withNamespace(
    async (ns) => {
      const start = Date.now();
      const run = await nlinkIp(['-n', ns.name, '-batch', file]);
      const seconds = (Date.now() - start) / 1000;
      assert.equal(run.code, 0, run.err);
      const routes = await ns.connection().getRoutes({ table: 'main', family: 'inet' });
      assert.equal(routes.length, 100_000);
      assert.ok(seconds < 30, `${seconds} s`);
    },
    { prefix: 'cli-batch100k' },
  );
});
