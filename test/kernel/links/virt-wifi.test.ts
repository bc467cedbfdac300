/** virt_wifi links created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipLinkDetails } from '../../integration/kinds/helpers.js';
import { requireKindMissingFromLane } from './helpers.js';

test('virt_wifi: created on a veth through the library, read back through ip and the library', async (t) => {
  const probe = probeLinkKind('virt_wifi', { kindOnly: true });
  if (!(await requireKindMissingFromLane(t, 'virt_wifi link', probe, 'CONFIG_VIRT_WIFI'))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'p0', kind: 'veth', peer: { name: 'p1' } });
    await conn.addLink({ name: 'w0', kind: 'virt_wifi', link: 'p0' });
    const ip = ipLinkDetails(ns.name, 'w0');
    assert.equal(ip.linkinfo?.info_kind, 'virt_wifi');
    assert.equal(ip.link, 'p0');
    const link = await conn.requireLink('w0');
    assert.equal(link.kind, 'virt_wifi');
    assert.equal(link.message.attrs.link, (await conn.requireLink('p0')).ifindex);
  });
});
