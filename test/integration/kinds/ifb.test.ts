/** ifb links created through the library, read back through iproute2 and the library. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipLinkDetails } from './helpers.js';

test('an ifb created through the library reads back with its configured values', async (t) => {
  if (!(await requireFeature(t, 'ifb link', probeLinkKind('ifb')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'ifb0', kind: 'ifb', mtu: 1400, txqlen: 64, up: true });
    const ip = ipLinkDetails(ns.name, 'ifb0');
    assert.equal(ip.linkinfo?.info_kind, 'ifb');
    assert.equal(ip.linkinfo?.info_data, undefined);
    assert.equal(ip.mtu, 1400);
    const link = await conn.requireLink('ifb0');
    assert.equal(link.kind, 'ifb');
    assert.equal(link.kindData, undefined);
    assert.equal(link.txqlen, 64);
    assert.ok(link.isUp);
  });
});
