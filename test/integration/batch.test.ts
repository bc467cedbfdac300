/**
 * Typed batches against the real kernel, in a throwaway namespace: links,
 * addresses, routes, nexthops and neighbours changed in one batch read back
 * through iproute2; errors come back per change, named.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { KernelError, NotFoundError } from '../../src/errors.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ip, ipJson } from '../helpers.js';

test('one batch creates links, addresses, routes, a nexthop and a neighbour', {
  skip: skipUnlessIntegration(),
}, async () => {
  await withNamespace(
    async (ns) => {
      ip(ns.name, 'link', 'add', 'b0', 'type', 'veth', 'peer', 'name', 'b1');
      const conn = ns.connection();
      const results = await conn
        .batch()
        .addLink({ name: 'c0', kind: 'veth', peer: { name: 'c1' } })
        .setLinkUp('b0')
        .setLinkUp('b1')
        .setLinkMtu('b0', 1400)
        .addAddress({ dev: 'b0', address: '10.0.0.1/24' })
        .addAddress({ dev: 'b0', address: '2001:db8::1/64', flags: ['nodad'] })
        .addRoute({ dst: '10.1.0.0/16', gateway: '10.0.0.254', table: 100 })
        .addRoute({ dst: '10.1.0.0/16', gateway: '10.0.0.254', table: 100 })
        .addRoute({ dst: '10.2.0.0/16', dev: 'missing0' })
        .addNexthop({ id: 5, gateway: '10.0.0.2', dev: 'b0' })
        .addNeighbor({ address: '10.0.0.9', dev: 'b0', lladdr: '02:00:00:00:00:09' })
        .execute();
      const failed = results.flatMap((r, i) => (r.ok ? [] : [[i, r.error] as const]));
      assert.deepEqual(
        failed.map(([i, e]) => [i, e.constructor.name]),
        [
          [7, 'KernelError'],
          [8, 'NotFoundError'],
        ],
        failed.map(([, e]) => e.message).join('; '),
      );
      const [, dup] = failed[0] ?? [];
      assert.ok(dup instanceof KernelError && dup.isExists());
      assert.match(dup.message, /^add route 10\.1\.0\.0\/16 table 100: File exists/);
      assert.ok(failed[1]?.[1] instanceof NotFoundError);

      const links = ipJson(ns.name, 'link', 'show') as { ifname: string; mtu: number; flags: string[] }[];
      assert.deepEqual(links.map((l) => l.ifname).sort(), ['b0', 'b1', 'c0', 'c1', 'lo']);
      const b0 = links.find((l) => l.ifname === 'b0');
      assert.equal(b0?.mtu, 1400);
      assert.ok(b0?.flags.includes('UP'));
      const addrs = ipJson(ns.name, 'address', 'show', 'dev', 'b0') as { addr_info: { local: string }[] }[];
      assert.deepEqual(
        addrs[0]?.addr_info.map((a) => a.local).filter((a) => !a.startsWith('fe80')),
        ['10.0.0.1', '2001:db8::1'],
      );
      assert.deepEqual(ipJson(ns.name, 'route', 'show', 'table', '100'), [
        { dst: '10.1.0.0/16', gateway: '10.0.0.254', dev: 'b0', flags: [] },
      ]);
      assert.equal((ipJson(ns.name, 'nexthop', 'show') as { id: number }[])[0]?.id, 5);
      const neigh = ipJson(ns.name, 'neigh', 'show', 'dev', 'b0') as { dst: string; lladdr: string }[];
      assert.deepEqual(
        neigh.map((n) => [n.dst, n.lladdr]),
        [['10.0.0.9', '02:00:00:00:00:09']],
      );
    },
    { prefix: 'batch' },
  );
});
