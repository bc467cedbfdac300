/** The installed `nlink-ip` binary: package.json's `bin`, run as a process. */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { repoRoot } from '../helpers.js';
import { ipRun } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  bin?: Record<string, string>;
};
const bin = join(repoRoot, pkg.bin?.['nlink-ip'] ?? 'missing');

function run(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('package.json names the nlink-ip binary, a node script', () => {
  assert.equal(pkg.bin?.['nlink-ip'], './dist/src/cli/ip/main.js');
  assert.equal(readFileSync(bin, 'utf8').split('\n')[0], '#!/usr/bin/env node');
});

test('the binary prints its version and reports usage errors with exit codes', () => {
  assert.deepEqual(run(['-V']), { code: 0, out: `nlink-ip utility, nlink-${pkg.version}\n`, err: '' });
  assert.deepEqual(run(['nosuchobject']), {
    code: 1,
    out: '',
    err: 'Object "nosuchobject" is unknown, try "nlink-ip help".\n',
  });
  const usage = run([]);
  assert.equal(usage.code, 255);
  assert.match(usage.err, /^Usage: nlink-ip \[ OPTIONS \] OBJECT/);
  // The objects nlink-ip implements, in ip help's order.
  assert.match(
    usage.err,
    /^where {2}OBJECT := \{ address \| help \| link \| monitor \| neighbor \| neighbour \| netns \| nexthop \| route \| rule \}$/m,
  );
});

test('a reader that left early ends the binary quietly, with the status SIGPIPE gives ip (141)', () => {
  // The reader (`true`) is gone before node starts and writes.
  const script = `(sleep 0.3; exec "$0" "$1" -V) | true; echo "\${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', script, process.execPath, bin], { encoding: 'utf8' });
  assert.deepEqual({ out: r.stdout, err: r.stderr }, { out: '141\n', err: '' });
});

test('the binary lists links like ip -j', { skip: skipUnlessIntegration() }, async () => {
  await withNamespace(
    async (ns) => {
      ipRun(['-n', ns.name, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
      const ours = run(['-j', '-n', ns.name, 'link', 'show']);
      assert.equal(ours.code, 0, ours.err);
      assert.equal(ours.out, ipRun(['-j', '-n', ns.name, 'link', 'show']).out);
      // -t and -ts are for monitor: other commands ignore them, as ip does.
      for (const t of ['-t', '-ts']) assert.deepEqual(run([t, '-j', '-n', ns.name, 'link', 'show']), ours);
      const missing = run(['-n', `${ns.name}-none`, 'link']);
      assert.deepEqual(missing, {
        code: 255,
        out: '',
        err: `Cannot open network namespace "${ns.name}-none": No such file or directory\n`,
      });
    },
    { prefix: 'cli' },
  );
});
