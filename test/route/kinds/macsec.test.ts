import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG_HDRLEN } from '../../../src/core/writer.js';
import { MACSEC_CIPHER, macsecData } from '../../../src/route/link/kinds/macsec.js';
import { Link } from '../../../src/route/link/link.js';
import { linkMessage } from '../../../src/route/link/schema.js';
import { toObject } from '../../../src/schema/attrs.js';
import { lastRequest } from '../requests.js';
import { fixtureLink, rejectsBeforeSending, sameAsIproute2 } from './helpers.js';

/** The parent `p0` had ifindex 3 in the namespace the fixtures were captured in (lo, p1, p0). */
const P0 = { p0: 3 };

test('macsec: the same requests as iproute2', async () => {
  await sameAsIproute2('macsec-bare', (c) => c.addLink({ name: 'm0', kind: 'macsec', link: 'p0' }), P0);
  await sameAsIproute2(
    'macsec-many',
    (c) =>
      c.addLink({
        name: 'm0',
        kind: 'macsec',
        link: 'p0',
        port: 11,
        cipher: 'gcm-aes-256',
        icvLen: 16,
        encrypt: true,
        sendSci: true,
        endStation: false,
        scb: false,
        protect: true,
        replayProtect: true,
        window: 32,
        validate: 'strict',
        encodingSa: 2,
      }),
    P0,
  );
  await sameAsIproute2(
    'macsec-sci',
    (c) =>
      c.addLink({
        name: 'm0',
        kind: 'macsec',
        link: 'p0',
        sci: 0x0102030405060708n,
        cipher: 'gcm-aes-xpn-128',
        validate: 'check',
        offload: 'mac',
      }),
    P0,
  );
  await sameAsIproute2('macsec-address', (c) =>
    c.addLink({ name: 'm0', kind: 'macsec', link: 3, sciAddress: '02:00:00:00:00:01', port: 5, endStation: true }),
  );
});

test('macsec: what we send decodes back, and so do iproute2 requests', async () => {
  const bytes = await lastRequest(
    (c) => c.addLink({ name: 'm0', kind: 'macsec', link: 'p0', sci: 0xfedcba9876543210n, scb: true, offload: 'phy' }),
    P0,
  );
  const m = linkMessage.decode(bytes, NLMSG_HDRLEN, bytes.readUInt32LE(0) - NLMSG_HDRLEN);
  assert.equal(m.attrs.link, 3);
  assert.deepEqual(toObject(macsecData(new Link(m))), { sci: 0xfedcba9876543210n, scb: true, offload: 'phy' });
  const many = macsecData(fixtureLink('macsec-many'));
  assert.ok(many);
  assert.equal(many.port, 11);
  assert.equal(many.cipherSuite, MACSEC_CIPHER['gcm-aes-256']);
  assert.equal(many.validation, 'strict');
  assert.equal(many.incSci, true);
  assert.equal(many.es, false);
  assert.equal(many.window, 32);
  assert.equal(macsecData(fixtureLink('macsec-address'))?.sci, 0x020000000001_0005n);
});

test('macsec: bad options throw before anything is sent', async () => {
  const bad = [
    { sci: 1n, port: 2 },
    { sciAddress: '02:00:00:00:00:01' }, // needs port
    { port: 0 },
    { port: 1, sciAddress: '02:00' },
    { sci: 1n, sciAddress: '02:00:00:00:00:01' },
    { sci: -1n },
    { cipher: 'aes' },
    { icvLen: 7 },
    { icvLen: 33 },
    { sendSci: true, endStation: true },
    { endStation: true, scb: true },
    { window: 10 }, // needs replayProtect
    { replayProtect: true }, // needs a window
    { validate: 'sometimes' },
    { encodingSa: 4 },
    { offload: 'gpu' },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'm0', kind: 'macsec', link: 'p0', ...options } as never), P0);
  }
  await rejectsBeforeSending((c) => c.addLink({ name: 'm0', kind: 'macsec' } as never));
});
