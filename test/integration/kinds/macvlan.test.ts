/** macvlan and macvtap links created through the library, read back through iproute2 and the library. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { macvlanData } from '../../../src/route/link/kinds/macvlan.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { assertFields, ipLinkDetails } from './helpers.js';

test('macvlan and macvtap links created through the library read back with their configured values', async (t) => {
  if (!(await requireFeature(t, 'macvlan link', probeLinkKind('macvlan', { kindOnly: true })))) return;
  if (!(await requireFeature(t, 'macvtap link', probeLinkKind('macvtap', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'v1' } });
    await conn.addLink({ name: 'v2', kind: 'veth', peer: { name: 'v3' } });
    const v0 = await conn.requireLink('v0');

    await conn.addLink({ name: 'mv0', kind: 'macvlan', link: 'v0', mode: 'bridge', mtu: 1400 });
    const mv0 = ipLinkDetails(ns.name, 'mv0');
    assert.equal(mv0.link, 'v0');
    assert.equal(mv0.mtu, 1400);
    assertFields(mv0.linkinfo?.info_data, { mode: 'bridge' }, 'mv0 info_data');
    const mv0Link = await conn.requireLink('mv0');
    assert.equal(mv0Link.message.attrs.link, v0.ifindex);
    assertFields(macvlanData(mv0Link), { mode: 'bridge', flags: [] }, 'mv0 macvlanData');

    const sources = ['02:00:00:00:00:01', '02:00:00:00:00:02'];
    await conn.addLink({
      name: 'mv1',
      kind: 'macvlan',
      link: v0.ifindex,
      mode: 'source',
      macaddrs: sources,
      bcQueueLen: 500,
    });
    const mv1 = ipLinkDetails(ns.name, 'mv1').linkinfo?.info_data;
    assertFields(mv1, { mode: 'source', bcqueuelen: 500, macaddr_count: 2 }, 'mv1 info_data');
    assert.deepEqual([...((mv1?.macaddr_data as string[]) ?? [])].sort(), sources);
    const mv1Data = macvlanData(await conn.requireLink('mv1'));
    assertFields(mv1Data, { mode: 'source', bcQueueLen: 500, macaddrCount: 2 }, 'mv1 macvlanData');
    assert.deepEqual([...(mv1Data?.macaddrData?.macaddr ?? [])].sort(), sources);

    await conn.addLink({ name: 'mv2', kind: 'macvlan', link: 'v2', mode: 'passthru', flags: ['nopromisc'] });
    assertFields(ipLinkDetails(ns.name, 'mv2').linkinfo?.info_data, { mode: 'passthru', nopromisc: true }, 'mv2');
    assertFields(macvlanData(await conn.requireLink('mv2')), { mode: 'passthru', flags: ['nopromisc'] }, 'mv2 data');

    await conn.addLink({ name: 'mt0', kind: 'macvtap', link: 'v0', mode: 'vepa' });
    const mt0 = ipLinkDetails(ns.name, 'mt0');
    assert.equal(mt0.linkinfo?.info_kind, 'macvtap');
    assertFields(mt0.linkinfo?.info_data, { mode: 'vepa' }, 'mt0 info_data');
    assertFields(macvlanData(await conn.requireLink('mt0')), { mode: 'vepa' }, 'mt0 macvlanData');
  });
});
