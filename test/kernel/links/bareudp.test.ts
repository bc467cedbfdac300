/** bareudp devices created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { bareudpData } from '../../../src/route/link/kinds/bareudp.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipInfoData, requireKindMissingFromLane } from './helpers.js';

test('bareudp: created through the library, read back through ip and the library', async (t) => {
  const probe = probeLinkKind('bareudp', { kindOnly: true });
  if (!(await requireKindMissingFromLane(t, 'bareudp link', probe, 'CONFIG_BAREUDP'))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({
      name: 'b0',
      kind: 'bareudp',
      port: 6635,
      ethertype: 'mpls_uc',
      srcportMin: 2000,
      multiproto: true,
    });
    const ip = ipInfoData(ns.name, 'b0', 'bareudp');
    assert.equal(ip.dstport, 6635);
    assert.equal(ip.ethertype, 'mpls_uc');
    assert.equal(ip.srcport_min, 2000);
    assert.equal(ip.multiproto, true);
    const data = bareudpData(await conn.requireLink('b0'));
    assert.equal(data?.port, 6635);
    assert.equal(data?.ethertype, 0x8847);
    assert.equal(data?.srcportMin, 2000);
    assert.equal(data?.multiprotoMode, true);

    await conn.addLink({ name: 'b1', kind: 'bareudp', port: 6636, ethertype: 'ipv6' });
    assert.equal(bareudpData(await conn.requireLink('b1'))?.ethertype, 0x86dd);
  });
});
