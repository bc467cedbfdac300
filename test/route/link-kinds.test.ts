import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, UnsupportedError } from '../../src/errors.js';
import { diffWithIproute2, lastRequest } from './requests.js';

test('veth with a peer: the same request as `ip link add v0 type veth peer name v1`', async () => {
  const ours = await lastRequest((conn) => conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'v1' } }));
  assert.deepEqual(diffWithIproute2(ours, 'veth-peer'), []);
});

test('the comparison sees a difference', async () => {
  const ours = await lastRequest((conn) => conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'v2' } }));
  assert.deepEqual(diffWithIproute2(ours, 'veth-peer'), ['linkinfo.data.peer.ifname: 763200 != 763100']);
});

test('bad options are rejected before anything is sent', async () => {
  await assert.rejects(
    lastRequest((conn) => conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'bad/name' } })),
    InvalidArgumentError,
  );
  await assert.rejects(
    lastRequest((conn) => conn.addLink({ name: 'x'.repeat(20), kind: 'veth' })),
    InvalidArgumentError,
  );
  await assert.rejects(
    lastRequest((conn) => conn.addLink({ name: 'v0', kind: 'nosuchkind' } as never)),
    UnsupportedError,
  );
});
