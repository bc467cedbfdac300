/** macsec devices created through the library, read back through iproute2 and the library (kernel lane). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../../src/index.js';
import { MACSEC_CIPHER, macsecData } from '../../../src/route/link/kinds/macsec.js';
import { requireFeature } from '../../../src/testing/gates.js';
import { withNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ipLinkDetails } from '../../integration/kinds/helpers.js';

test('macsec: created through the library on a veth, read back through ip and the library', async (t) => {
  if (!(await requireFeature(t, 'macsec link', probeLinkKind('macsec', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'p0', kind: 'veth', address: '02:00:00:00:00:01', peer: { name: 'p1' } });
    await conn.addLink({
      name: 'm0',
      kind: 'macsec',
      link: 'p0',
      port: 12,
      cipher: 'gcm-aes-128',
      icvLen: 12,
      encrypt: false,
      sendSci: true,
      replayProtect: true,
      window: 64,
      validate: 'check',
      encodingSa: 1,
    });
    const ip = ipLinkDetails(ns.name, 'm0');
    assert.equal(ip.linkinfo?.info_kind, 'macsec');
    assert.equal(ip.link, 'p0');
    const data = macsecData(await conn.requireLink('m0'));
    assert.ok(data);
    assert.equal(data.sci, 0x020000000001_000cn, 'the SCI is the parent MAC address and the port');
    // The kernel reports GCM-AES-128 under its old default id (MACSEC_DEFAULT_CIPHER_ID).
    assert.equal(data.cipherSuite, MACSEC_CIPHER.default);
    assert.equal(data.icvLen, 12);
    assert.equal(data.encrypt, false);
    assert.equal(data.incSci, true);
    assert.equal(data.replayProtect, true);
    assert.equal(data.window, 64);
    assert.equal(data.validation, 'check');
    assert.equal(data.encodingSa, 1);

    await conn.addLink({ name: 'm1', kind: 'macsec', link: 'p0', sci: 0x0200000000020005n, endStation: true });
    const m1 = macsecData(await conn.requireLink('m1'));
    assert.equal(m1?.sci, 0x0200000000020005n);
    assert.equal(m1?.es, true);
  });
});
