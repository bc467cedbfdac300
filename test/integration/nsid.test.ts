/** Namespace ids: set through the library and through ip netns, read back through both. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsupportedError } from '../../src/errors.js';
import '../../src/index.js';
import { Route } from '../../src/session/protocol.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ip, ipJson } from '../helpers.js';

const skip = skipUnlessIntegration();

test('namespace ids: set, read, listed as ip netns list-id shows them', { skip }, async () => {
  await withNamespace(async (home) => {
    await withNamespace(async (a) => {
      await withNamespace(async (b) => {
        const conn = home.connection();
        assert.equal(await conn.getNsid(a.name), undefined);
        await conn.setNsid(a.name, 5);
        assert.equal(await conn.getNsid(a.name), 5);
        assert.equal(await conn.getNsid({ path: a.path }), 5);
        await assert.rejects(conn.setNsid(a.name, 6), { errnoName: 'EEXIST' });

        await conn.setNsid(b.name, 'auto');
        const auto = await conn.getNsid(b.name);
        assert.equal(typeof auto, 'number');

        const listed = (ipJson(home.name, 'netns', 'list-id') as { nsid: number; name?: string }[])
          .map((e) => e.nsid)
          .sort();
        assert.deepEqual((await conn.getNsids()).map((e) => e.nsid).sort(), listed);
        assert.ok(listed.includes(5) && listed.includes(auto as number));
        assert.match(ip(home.name, 'netns', 'list'), new RegExp(`${a.name} \\(id: 5\\)`));

        // Set with iproute2, read through the library, from the other side.
        ip(a.name, 'netns', 'set', home.name, '9');
        const fromA = a.connection();
        assert.equal(await fromA.getNsid(home.name), 9);
        assert.deepEqual(await fromA.getNsids(), [{ nsid: 9 }]);
        // As seen from a (target nsid 9 is home there): home's ids, each with a's own id for that peer.
        // The kernel reads the target only on strict sockets; a plain one says so instead of answering wrongly.
        await assert.rejects(fromA.getNsids({ targetNsid: 9 }), UnsupportedError);
        const strict = a.connection(Route, { strictCheck: true });
        const viaTarget = await strict.getNsids({ targetNsid: 9 });
        const theirs = ipJson(a.name, 'netns', 'list-id', 'target-nsid', '9') as { nsid: number }[];
        assert.deepEqual(viaTarget.map((e) => e.nsid).sort(), theirs.map((e) => e.nsid).sort());
        // home calls a 5 and b `auto`; a calls home 9 and has no id for b, nor for itself.
        assert.deepEqual(
          viaTarget.find((e) => e.nsid === 5),
          { nsid: 5 },
        );
      });
    });
  });
});
