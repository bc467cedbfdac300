/**
 * netkit pairs created through the library. netkit is Linux 6.7: newer than
 * the kernel lane's 6.1, so the gate skips there too, saying so; iproute2
 * 6.1 does not know netkit either, so it is read back through the library
 * and `ip` only confirms the kind.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { netkitData } from '../../../src/route/link/kinds/netkit.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { assertFields, ipLinkDetails } from '../../integration/kinds/helpers.js';

test('a netkit pair created through the library reads back with its configured values', async (t) => {
  if (!(await requireFeature(t, 'netkit link', probeLinkKind('netkit'), { minKernel: '6.7' }))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({
      name: 'nk0',
      kind: 'netkit',
      mode: 'l2',
      policy: 'blackhole',
      peerPolicy: 'forward',
      address: '02:00:00:00:00:01',
      peer: { name: 'nk1', mtu: 1400 },
    });
    assert.equal(ipLinkDetails(ns.name, 'nk0').linkinfo?.info_kind, 'netkit');
    assert.equal(ipLinkDetails(ns.name, 'nk1').mtu, 1400);
    const nk0 = await conn.requireLink('nk0');
    assert.equal(nk0.address, '02:00:00:00:00:01');
    assertFields(netkitData(nk0), { mode: 'l2', policy: 'blackhole', peerPolicy: 'forward', primary: true }, 'nk0');
    assertFields(netkitData(await conn.requireLink('nk1')), { mode: 'l2', policy: 'forward', primary: false }, 'nk1');
  });
});
