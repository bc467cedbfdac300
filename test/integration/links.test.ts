/** Link kinds created through the library, read back through iproute2 and the library. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ipJson } from '../helpers.js';

const skip = skipUnlessIntegration();

interface IpLink {
  ifname: string;
  mtu: number;
  address: string;
  flags: string[];
  link?: string;
  link_netnsid?: number;
  linkinfo?: { info_kind: string; info_data?: Record<string, unknown> };
}

test('veth created through the library reads back through ip -j -d link show', { skip }, async () => {
  await withNamespace(async (ns) => {
    await withNamespace(async (other) => {
      const conn = ns.connection();
      await conn.addLink({ name: 'v0', kind: 'veth', mtu: 1400, address: '02:00:00:00:00:01', peer: { name: 'v1' } });
      const [v0] = ipJson(ns.name, '-d', 'link', 'show', 'v0') as IpLink[];
      assert.equal(v0?.linkinfo?.info_kind, 'veth');
      assert.equal(v0?.mtu, 1400);
      assert.equal(v0?.address, '02:00:00:00:00:01');
      assert.equal(v0?.link, 'v1');
      assert.equal((await conn.getLinkByName('v1'))?.kind, 'veth');

      await conn.addLink({
        name: 'x0',
        kind: 'veth',
        up: true,
        peer: { name: 'x1', namespace: other.name, mtu: 1300 },
      });
      const [x1] = ipJson(other.name, '-d', 'link', 'show', 'x1') as IpLink[];
      assert.equal(x1?.mtu, 1300);
      assert.ok((ipJson(ns.name, 'link', 'show', 'x0') as IpLink[])[0]?.flags.includes('UP'));

      await conn.setLinkName('v1', 'v1renamed');
      await conn.setLinkAlias('v0', 'uplink');
      await conn.setLinkTxqlen('v0', 500);
      await conn.setLinkAddress('v0', '02:00:00:00:00:02');
      const after = await conn.requireLink('v0');
      assert.equal(after.alias, 'uplink');
      assert.equal(after.txqlen, 500);
      assert.equal(after.address, '02:00:00:00:00:02');
      assert.ok(await conn.getLinkByName('v1renamed'));

      await conn.setLinkNetns('v0', other.name);
      assert.equal(await conn.getLinkByName('v0'), undefined);
      assert.ok((ipJson(other.name, 'link', 'show', 'v0') as IpLink[]).length === 1);

      await conn.delLink('x0');
      assert.equal(await conn.delLinkIfExists('x0'), false);
      assert.equal(await conn.waitForLink('x0', 'gone'), undefined);
    });
  });
});
