/** wireguard links created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipLinkDetails } from '../../integration/kinds/helpers.js';

test('wireguard: created through the library, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'wireguard link', probeLinkKind('wireguard')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'wg0', kind: 'wireguard', mtu: 1380 });
    const ip = ipLinkDetails(ns.name, 'wg0');
    assert.equal(ip.linkinfo?.info_kind, 'wireguard');
    assert.equal(ip.mtu, 1380);
    const link = await conn.requireLink('wg0');
    assert.equal(link.kind, 'wireguard');
    assert.equal(link.mtu, 1380);
    await conn.delLink('wg0');
    assert.equal(await conn.getLinkByName('wg0'), undefined);
  });
});
