import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG_HDRLEN } from '../../../src/core/writer.js';
import { linkMessage } from '../../../src/route/link/schema.js';
import { lastRequest } from '../requests.js';
import { sameAsIproute2 } from './helpers.js';

test('wireguard: the same request as iproute2, with no kind data', async () => {
  await sameAsIproute2('wireguard-basic', (c) => c.addLink({ name: 'wg0', kind: 'wireguard' }));
  const bytes = await lastRequest((c) => c.addLink({ name: 'wg0', kind: 'wireguard', mtu: 1420 }));
  const m = linkMessage.decode(bytes, NLMSG_HDRLEN, bytes.readUInt32LE(0) - NLMSG_HDRLEN);
  assert.equal(m.attrs.linkinfo?.kind, 'wireguard');
  assert.equal(m.attrs.linkinfo?.data, undefined);
  assert.equal(m.attrs.mtu, 1420);
});
