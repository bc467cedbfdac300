/** sit tunnels created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { iptunData } from '../../../src/route/link/kinds/ipip.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipInfoData } from './helpers.js';

test('sit: ISATAP and 6rd tunnels, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'sit link', probeLinkKind('sit', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 's0', kind: 'sit', local: '192.0.2.2', ttl: 64, mode: 'ip6ip', isatap: true });
    const ip = ipInfoData(ns.name, 's0', 'sit');
    assert.equal(ip.local, '192.0.2.2');
    assert.equal(ip.isatap, true);
    assert.equal(ip.proto, 'ip6ip');
    const data = iptunData(await conn.requireLink('s0'));
    assert.deepEqual(data?.flags, ['isatap']);
    assert.equal(data?.ttl, 64);

    await conn.addLink({
      name: 's1',
      kind: 'sit',
      remote: '192.0.2.1',
      local: '192.0.2.3',
      ip6rd: { prefix: '2001:db8::/32', relayPrefix: '10.0.0.0/8' },
    });
    const rd = ipInfoData(ns.name, 's1', 'sit');
    assert.equal(rd.prefix, '2001:db8::');
    assert.equal(rd.prefixlen, 32);
    assert.equal(rd.relay_prefix, '10.0.0.0');
    assert.equal(rd.relay_prefixlen, 8);
    const data1 = iptunData(await conn.requireLink('s1'));
    assert.equal(data1?.ip6rdPrefix, '2001:db8::');
    assert.equal(data1?.ip6rdRelayPrefixlen, 8);
  });
});
