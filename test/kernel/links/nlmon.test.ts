/** nlmon links created through the library (kernel lane: this machine's kernel may lack them). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipLinkDetails } from '../../integration/kinds/helpers.js';

test('an nlmon created through the library reads back with its configured values', async (t) => {
  if (!(await requireFeature(t, 'nlmon link', probeLinkKind('nlmon')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'nlmon0', kind: 'nlmon', up: true });
    const ip = ipLinkDetails(ns.name, 'nlmon0');
    assert.equal(ip.linkinfo?.info_kind, 'nlmon');
    const link = await conn.requireLink('nlmon0');
    assert.equal(link.kind, 'nlmon');
    assert.ok(link.isUp);
  });
});
