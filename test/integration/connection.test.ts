/** The session and link operations against the real kernel, in throwaway namespaces. */

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { NETLINK_OPT, NLM_F, NLMSG, RTM, SOL } from '../../src/core/constants.js';
import {
  InvalidArgumentError,
  isExists,
  KernelError,
  NamespaceNotFoundError,
  NotFoundError,
} from '../../src/errors.js';
import '../../src/index.js';
import { namespace } from '../../src/namespace/index.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { uniqueNamespaceName, withNamespace } from '../../src/testing/lab.js';
import { repoRoot } from '../helpers.js';

const skip = skipUnlessIntegration();

test('a raw RTM_NEWLINK without a kind yields a typed kernel error with errno name and extended ack', {
  skip,
}, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await assert.rejects(
      conn.ack(
        {
          type: RTM.NEWLINK,
          flags: NLM_F.CREATE | NLM_F.EXCL,
          schema: linkMessage,
          value: { attrs: { ifname: 'x0' } },
        },
        { context: { operation: 'add link', object: 'x0' } },
      ),
      (e: unknown) => {
        assert.ok(e instanceof KernelError);
        assert.equal(e.code, 'ERR_NETLINK_KERNEL');
        assert.equal(e.errnoName, 'EOPNOTSUPP');
        assert.equal(e.extAck?.message, 'Unknown device type');
        assert.equal(e.message, 'add link x0: Operation not supported (EOPNOTSUPP): Unknown device type');
        assert.ok(e.isNotSupported());
        return true;
      },
    );
  });
});

test('NOOP round trips, lookups by name and index, and link changes on the real kernel', { skip }, async () => {
  await withNamespace(async (ns) => {
    execFileSync('ip', ['-n', ns.name, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
    const conn = ns.connection();
    for (let i = 0; i < 100; i++) await conn.ack({ type: NLMSG.NOOP, payload: new Uint8Array(0) });
    const veth0 = await conn.getLinkByName('veth0');
    assert.ok(veth0);
    assert.equal(veth0.kind, 'veth');
    assert.equal((await conn.getLinkByIndex(veth0.ifindex))?.name, 'veth0');
    assert.equal(await conn.getLinkByName('nothere0'), undefined);
    assert.equal(await conn.getLinkByIndex(99999), undefined);
    await conn.setLinkMtu('veth0', 1400);
    await conn.setLinkUp(veth0.ifindex);
    const shown = JSON.parse(execFileSync('ip', ['-n', ns.name, '-j', 'link', 'show', 'veth0'], { encoding: 'utf8' }));
    assert.equal(shown[0].mtu, 1400);
    assert.ok(shown[0].flags.includes('UP'));
    await conn.setLinkDown('veth0');
    assert.equal((await conn.getLinkByName('veth0'))?.isUp, false);
    await assert.rejects(conn.setLinkMtu('nothere0', 1000), (e: unknown) => {
      assert.ok(e instanceof KernelError);
      assert.equal(e.message, 'set link mtu nothere0: No such device (ENODEV)');
      assert.ok(e.isNotFound());
      return true;
    });
  });
});

test('invalid input is rejected before anything is sent', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    for (const bad of ['', 'a/b', 'x'.repeat(16), 'has space', '..']) {
      await assert.rejects(async () => conn.getLinkByName(bad), InvalidArgumentError);
    }
    await assert.rejects(async () => conn.setLinkMtu(0, 1500), InvalidArgumentError);
    await assert.rejects(async () => conn.setLinkMtu('lo', -5), InvalidArgumentError);
  });
});

test('dumps stream many links across datagrams, with requests interleaved', { skip, timeout: 60_000 }, async () => {
  await withNamespace(async (ns) => {
    const batch = Array.from({ length: 150 }, (_, i) => `link add va${i} type veth peer name vb${i}`).join('\n');
    execFileSync('ip', ['-n', ns.name, '-batch', '-'], { input: batch });
    const conn = ns.connection();
    let n = 0;
    for await (const link of conn.streamLinks()) {
      n++;
      if (n % 50 === 0) assert.equal((await conn.getLinkByIndex(1))?.name, 'lo');
      assert.ok(link.name);
    }
    assert.equal(n, 301);
    assert.equal((await conn.getLinks()).length, 301);
    const names = await conn.getInterfaceNames();
    assert.equal(names.get(1), 'lo');
    assert.equal(names.size, 301);
    // Strict checking accepted by the kernel for link dumps.
    conn.setStrictChecking(true);
    assert.equal((await conn.getLinks()).length, 301);
  });
});

test('link events arrive for changes in the namespace; the stream ends on close', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    conn.subscribe([1]);
    const events = conn.events();
    execFileSync('ip', ['-n', ns.name, 'link', 'add', 'ev0', 'type', 'veth', 'peer', 'name', 'ev1']);
    execFileSync('ip', ['-n', ns.name, 'link', 'del', 'ev0']);
    const seen: string[] = [];
    for await (const ev of events) {
      if (ev.type === 'NewLink' || ev.type === 'DelLink') seen.push(`${ev.type} ${ev.link.name}`);
      if (seen.includes('DelLink ev0')) break;
    }
    assert.ok(seen.includes('NewLink ev0'), seen.join(', '));
    assert.ok(seen.includes('DelLink ev0'), seen.join(', '));
    const after = conn.events();
    conn.close();
    assert.equal((await after.next()).done, true);
  });
});

test('namespaces: create, list, exists, delete; typed errors', { skip }, () => {
  const name = uniqueNamespaceName('ns');
  assert.equal(namespace.exists(name), false);
  namespace.create(name);
  try {
    assert.ok(namespace.list().includes(name));
    assert.ok(namespace.exists(name));
    assert.throws(
      () => namespace.create(name),
      (e: unknown) => isExists(e),
    );
    const conn = namespace.connectionFor(name);
    assert.equal(conn.closed, false);
    conn.close();
  } finally {
    namespace.delete(name);
  }
  assert.equal(namespace.exists(name), false);
  assert.throws(() => namespace.delete(name), NamespaceNotFoundError);
  assert.throws(() => namespace.connectionFor(name), NamespaceNotFoundError);
  assert.throws(() => namespace.create('bad/name'), InvalidArgumentError);
  assert.throws(() => namespace.connectionForPid(2 ** 30), NamespaceNotFoundError);
});

test('withNamespace removes its namespace even when the body throws', { skip }, async () => {
  let name = '';
  await assert.rejects(
    withNamespace(async (ns) => {
      name = ns.name;
      ns.connection();
      throw new NotFoundError('thing', 'x');
    }),
    NotFoundError,
  );
  assert.equal(namespace.exists(name), false);
});

test('socket options: extended ack is on, strict checking on request', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = new Connection(Route, { namespace: ns.name, strictCheck: true });
    try {
      assert.equal((await conn.getLinks()).length, 1);
      assert.ok(conn.portId > 0);
    } finally {
      conn.close();
    }
    assert.ok(SOL.NETLINK && NETLINK_OPT.GET_STRICT_CHK);
  });
});

test('a script that opens a connection, asks once and closes exits at once', { skip }, async () => {
  await withNamespace((ns) => {
    const script = `
      import { namespace } from './dist/src/index.js';
      const conn = namespace.connectionFor(${JSON.stringify(ns.name)});
      const links = await conn.getLinks();
      conn.subscribe([1]);
      conn.close();
      console.log(links.length);`;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '1');
    assert.ok(Date.now() - started < 5000);
  });
});

test('a batch of 2,000 requests on the real kernel: one result per request, failures in place', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    const batch = conn.batch();
    for (let i = 0; i < 2000; i++) {
      if (i % 500 === 7) {
        batch.add(
          {
            type: RTM.NEWLINK,
            flags: NLM_F.CREATE | NLM_F.EXCL,
            schema: linkMessage,
            value: { attrs: { ifname: `bad${i}` } },
          },
          { operation: 'add link', object: `bad${i}` },
        );
      } else {
        batch.add({ type: NLMSG.NOOP, payload: new Uint8Array(0) });
      }
    }
    const results = await batch.execute();
    assert.equal(results.length, 2000);
    const failed = results.flatMap((r, i) => (r.ok ? [] : [`${i}: ${r.error.message}`]));
    assert.deepEqual(
      failed,
      [7, 507, 1007, 1507].map(
        (i) => `${i}: add link bad${i}: Operation not supported (EOPNOTSUPP): Unknown device type`,
      ),
    );
  });
});

test('a connection pool runs dumps in parallel on separate sockets', { skip }, async () => {
  const { ConnectionPool } = await import('../../src/session/pool.js');
  await withNamespace(async (ns) => {
    const pool = new ConnectionPool(Route, { size: 3, namespace: ns.name });
    try {
      const counts = await Promise.all(
        Array.from({ length: 6 }, () => pool.use((c) => c.getLinks().then((l) => l.length))),
      );
      assert.deepEqual(counts, [1, 1, 1, 1, 1, 1]);
      assert.ok(pool.openCount <= 3);
    } finally {
      pool.close();
    }
  });
});
