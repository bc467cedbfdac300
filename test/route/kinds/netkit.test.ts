/**
 * netkit is newer than iproute2 6.1, so there is no captured request to
 * compare with: these tests decode the request nlink sends and check it
 * attribute by attribute against what iproute2 6.7's ip/iplink_netkit.c
 * builds for `ip link add nk0 type netkit mode l2 blackhole peer forward name nk1`:
 * `IFLA_NETKIT_MODE`, `IFLA_NETKIT_POLICY`, `IFLA_NETKIT_PEER_POLICY` as u32,
 * and `IFLA_NETKIT_PEER_INFO` holding a `struct ifinfomsg` and the peer's `IFLA_IFNAME`.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG_HDRLEN } from '../../../src/core/writer.js';
import { type NetkitOptions, netkitData } from '../../../src/route/link/kinds/netkit.js';
import { Link } from '../../../src/route/link/link.js';
import { linkMessage } from '../../../src/route/link/schema.js';
import { toObject } from '../../../src/schema/attrs.js';
import { requestTree } from '../../../src/testing/compare.js';
import { lastRequest } from '../requests.js';
import { rejectsBeforeSending } from './helpers.js';

function decode(bytes: Buffer): Link {
  return new Link(linkMessage.decode(bytes, NLMSG_HDRLEN, bytes.readUInt32LE(0) - NLMSG_HDRLEN));
}

test('netkit: mode, policies and the peer, as iproute2 6.7 sends them', async () => {
  const bytes = await lastRequest((c) =>
    c.addLink({
      name: 'nk0',
      kind: 'netkit',
      mode: 'l2',
      policy: 'blackhole',
      peerPolicy: 'forward',
      peer: { name: 'nk1' },
    }),
  );
  const data = netkitData(decode(bytes));
  assert.ok(data);
  const { peerInfo, ...rest } = toObject(data) as Record<string, unknown>;
  assert.deepEqual(rest, { mode: 'l2', policy: 'blackhole', peerPolicy: 'forward' });
  assert.deepEqual(peerInfo, {
    header: { family: 0, type: 0, index: 0, flags: 0, change: 0 },
    attrs: { ifname: 'nk1' },
  });
  // On the wire: u32 values, and the peer's ifinfomsg right at the start of IFLA_NETKIT_PEER_INFO.
  const linkinfo = requestTree(bytes, linkMessage).attrs.find((a) => a.name === 'linkinfo');
  const nkData = linkinfo?.children?.find((a) => a.name === 'data');
  assert.deepEqual(
    nkData?.children?.map((a) => [a.type, a.hex]),
    [
      [5, '00000000'],
      [3, '02000000'],
      [4, '00000000'],
      [1, '00000000000000000000000000000000'],
    ],
  );
  assert.deepEqual(
    nkData?.children?.[3]?.children?.map((a) => [a.type, a.hex]),
    [[3, '6e6b3100']],
  );
});

test('netkit: no options, no data', async () => {
  const data = netkitData(decode(await lastRequest((c) => c.addLink({ name: 'nk0', kind: 'netkit' }))));
  assert.deepEqual(toObject(data), {});
});

test('netkit: bad options are rejected before anything is sent', async () => {
  const bad: Record<string, unknown>[] = [
    { mode: 'l4' },
    { policy: 'drop' },
    { peerPolicy: 'pass' },
    { scrub: 'all' },
    { headroom: 65536 },
    { address: '02:00:00:00:00:01' },
    { mode: 'l3', peer: { address: '02:00:00:00:00:01' } },
    { peer: { name: 'bad/name' } },
  ];
  for (const options of bad) {
    await rejectsBeforeSending((c) => c.addLink({ name: 'nk0', kind: 'netkit', ...(options as NetkitOptions) }));
  }
});
