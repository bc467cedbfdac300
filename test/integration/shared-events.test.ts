/** Dispatcher mode on the real kernel: one socket for requests and events, in a throwaway namespace. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { RtnetlinkGroup } from '../../src/route/events.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';

test('requests and events share one socket without mixing up', { skip: skipUnlessIntegration() }, async () => {
  await withNamespace(
    async (ns) => {
      const conn = new Connection(Route, { namespace: ns.name, sharedEventSocket: true });
      try {
        conn.subscribe([RtnetlinkGroup.Link]);
        const events = conn.events();
        await conn.addLink({ name: 's0', kind: 'veth', peer: { name: 's1' } });
        await conn.setLinkUp('s0');
        assert.equal((await conn.getLinkByName('s0'))?.isUp, true);
        const seen: string[] = [];
        for await (const ev of events) {
          if (ev.type === 'NewLink' && ev.link.name === 's0') seen.push(ev.link.isUp ? 'up' : 'down');
          if (seen.includes('up')) break;
        }
        assert.equal(seen[0], 'down', 'the creation came first');
        assert.equal(seen.at(-1), 'up');
        assert.ok(
          (await conn.getLinks()).some((l) => l.name === 's1'),
          'a dump on the same socket still works',
        );
      } finally {
        conn.close();
      }
    },
    { prefix: 'shared' },
  );
});
