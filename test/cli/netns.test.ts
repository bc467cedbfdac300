/** `nlink-ip netns`: list (with ids), add, set, delete, exec, identify and pids, against iproute2. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnInNamespace } from '../../src/namespace/spawn.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { uniqueNamespaceName, withNamespace } from '../../src/testing/lab.js';
import { ipRun, nlinkIp } from './helpers.js';

const gate = { skip: skipUnlessIntegration() };

/** Runs both until iproute2 answers the same twice around ours (other tests add and remove namespaces). */
async function samePair(args: readonly string[]): Promise<{ theirs: string; ours: string }> {
  for (let i = 0; i < 20; i++) {
    const before = ipRun(args).out;
    const ours = await nlinkIp(args);
    const after = ipRun(args).out;
    assert.equal(ours.err, '');
    if (before === after) return { theirs: before, ours: ours.out };
    await sleep(100);
  }
  throw new Error(`ip ${args.join(' ')} kept changing`);
}

test('netns add, list and delete, as ip netns', gate, async () => {
  const name = uniqueNamespaceName('cli');
  try {
    const added = await nlinkIp(['netns', 'add', name]);
    assert.deepEqual(added, { code: 0, out: '', err: '' });
    const again = await nlinkIp(['netns', 'add', name]);
    assert.equal(again.code, 1);
    assert.equal(again.err, `Cannot create namespace file "/run/netns/${name}": File exists\n`);
    const { theirs, ours } = await samePair(['netns', 'list']);
    assert.equal(ours, theirs);
    assert.ok(ours.split('\n').includes(name), 'the new namespace is listed');
    const json = await samePair(['-j', 'netns', 'list']);
    assert.deepEqual(JSON.parse(json.ours), JSON.parse(json.theirs));
    assert.equal((await nlinkIp(['netns', 'del', name])).code, 0);
    const missing = await nlinkIp(['netns', 'delete', name]);
    assert.equal(missing.code, 1);
    assert.equal(missing.err, `Cannot remove namespace file "/run/netns/${name}": No such file or directory\n`);
  } finally {
    ipRun(['netns', 'del', name]);
  }
});

test('netns set and list show ids as ip does (-n NS)', gate, async () => {
  await withNamespace(
    async (a) => {
      await withNamespace(
        async (b) => {
          const set = await nlinkIp(['-n', a.name, 'netns', 'set', b.name, '5']);
          assert.equal(set.code, 0, set.err);
          const { theirs, ours } = await samePair(['-n', a.name, 'netns', 'list']);
          assert.equal(ours, theirs);
          assert.ok(ours.includes(`${b.name} (id: 5)\n`));
          const json = await samePair(['-n', a.name, '-j', 'netns']);
          assert.deepEqual(JSON.parse(json.ours), JSON.parse(json.theirs));
          const ids = await samePair(['-n', a.name, 'netns', 'list-id']);
          assert.equal(ids.ours, ids.theirs);
          const taken = await nlinkIp(['-n', a.name, 'netns', 'set', b.name, '7']);
          assert.equal(taken.code, 2);
          assert.match(taken.err, /^Error: set nsid .*: File exists \(EEXIST\)/);
          const bad = await nlinkIp(['netns', 'set', b.name, '-1']);
          assert.equal(bad.code, 255);
          assert.equal(bad.err, 'Error: argument "-1" is wrong: "netnsid" value should be >= 0\n');
        },
        { prefix: 'cli' },
      );
    },
    { prefix: 'cli' },
  );
});

test('netns exec runs a command inside and exits with its status', gate, async () => {
  await withNamespace(
    async (ns) => {
      ipRun(['-n', ns.name, 'link', 'add', 'x0', 'type', 'veth', 'peer', 'name', 'x1']);
      const inside = await nlinkIp(['netns', 'exec', ns.name, 'ip', '-j', 'link', 'show']);
      assert.equal(inside.code, 0, inside.err);
      assert.deepEqual(JSON.parse(inside.out), JSON.parse(ipRun(['-n', ns.name, '-j', 'link', 'show']).out));
      assert.equal((await nlinkIp(['netns', 'exec', ns.name, 'sh', '-c', 'exit 3'])).code, 3);
      const none = await nlinkIp(['netns', 'exec', `${ns.name}-none`, 'true']);
      assert.equal(none.code, 255);
      assert.equal(none.err, `Cannot open network namespace "${ns.name}-none": No such file or directory\n`);
      assert.deepEqual(await nlinkIp(['netns', 'exec', ns.name]), {
        code: 1,
        out: '',
        err: 'No command specified\n',
      });
    },
    { prefix: 'cli' },
  );
});

test('netns identify and pids find a process of the namespace', gate, async () => {
  await withNamespace(
    async (ns) => {
      const child = spawnInNamespace(ns.name, 'sleep', ['30'], { stdio: 'ignore' });
      try {
        await sleep(200);
        const pid = String(child.pid);
        const pids = await nlinkIp(['netns', 'pids', ns.name]);
        assert.equal(pids.code, 0, pids.err);
        assert.ok(pids.out.split('\n').includes(pid), `${pid} in ${pids.out}`);
        assert.equal(pids.out, ipRun(['netns', 'pids', ns.name]).out);
        const identify = await nlinkIp(['netns', 'identify', pid]);
        assert.deepEqual(identify, { code: 0, out: `${ns.name}\n`, err: '' });
        assert.equal((await nlinkIp(['netns', 'identify', 'x'])).err, "Specified string 'x' is not a pid\n");
      } finally {
        child.kill();
      }
    },
    { prefix: 'cli' },
  );
});
