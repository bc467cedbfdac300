import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IFF, NLM_F, RTM } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import { InvalidArgumentError, KernelError, NotFoundError } from '../../src/errors.js';
import '../../src/index.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

/** A fake kernel holding `count` links named l0..l(count-1) (plus lo). */
function fakeKernel(count: number): FakeSocket {
  const fake = new FakeSocket();
  const names = new Map<string, number>([['lo', 1]]);
  for (let i = 0; i < count; i++) names.set(`l${i}`, i + 2);
  const linkBytes = (name: string, index: number) => {
    const w = new Writer();
    linkMessage.encode(w, { header: { index, flags: IFF.UP }, attrs: { ifname: name, mtu: 1500 } });
    return w.finish();
  };
  fake.onRequest = (req) => {
    if (req.header.type !== RTM.GETLINK) return [frames.ack(req)];
    if (req.header.flags & NLM_F.DUMP) {
      return [...names]
        .map(([n, i]) => frames.reply(req, RTM.NEWLINK, linkBytes(n, i), { multi: true }))
        .concat(frames.done(req));
    }
    const asked = linkMessage.decode(req.payload);
    const name = asked.attrs.ifname ?? [...names].find(([, i]) => i === asked.header.index)?.[0];
    const index = name === undefined ? undefined : names.get(name);
    if (name === undefined || index === undefined) return [frames.error(req, 19)];
    return [frames.reply(req, RTM.NEWLINK, linkBytes(name, index)), frames.ack(req)];
  };
  return fake;
}

test('getLinkByName among 10,000 links sends exactly one RTM_GETLINK carrying IFLA_IFNAME, never a dump', async () => {
  const fake = fakeKernel(10_000);
  const conn = new Connection(Route, { socketFactory: fake.factory });
  const link = await conn.getLinkByName('l9999');
  assert.equal(link?.ifindex, 10_001);
  assert.equal(fake.sent.length, 1);
  const req = fake.sent[0]!;
  assert.equal(req.header.type, RTM.GETLINK);
  assert.equal(req.header.flags & NLM_F.DUMP, 0);
  assert.equal(linkMessage.decode(req.payload).attrs.ifname, 'l9999');
  assert.equal(await conn.getLinkByName('nope'), undefined);
  assert.equal((await conn.getLinkByIndex(2))?.name, 'l0');
  assert.equal(fake.sent.length, 3);
  conn.close();
});

test('mutators address the link by name or by index, as iproute2 does', async () => {
  const fake = fakeKernel(1);
  const conn = new Connection(Route, { socketFactory: fake.factory });
  await conn.setLinkUp('l0');
  await conn.setLinkDown(2);
  await conn.setLinkMtu('l0', 9000);
  const [up, down, mtu] = fake.sent.map((m) => linkMessage.decode(m.payload));
  assert.deepEqual([up?.header.flags, up?.header.change, up?.attrs.ifname], [IFF.UP, IFF.UP, 'l0']);
  assert.deepEqual([down?.header.flags, down?.header.change, down?.header.index], [0, IFF.UP, 2]);
  assert.equal(mtu?.attrs.mtu, 9000);
  assert.ok(fake.sent.every((m) => m.header.type === RTM.NEWLINK && !(m.header.flags & NLM_F.CREATE)));
  conn.close();
});

test('errors name the operation and the link', async () => {
  const fake = fakeKernel(0);
  const conn = new Connection(Route, { socketFactory: fake.factory });
  fake.onRequest = (req) => [frames.error(req, 19)];
  await assert.rejects(conn.setLinkMtu('eth9', 1400), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.message, 'set link mtu eth9: No such device (ENODEV)');
    return true;
  });
  await assert.rejects(conn.delLink(7), { message: 'delete link ifindex 7: No such device (ENODEV)' });
  fake.onRequest = (req) => [frames.error(req, 19)];
  await assert.rejects(conn.requireLink('eth9'), NotFoundError);
  await assert.rejects(conn.setLinkMaster('l0', 'nobr'), NotFoundError);
  await assert.rejects(async () => conn.setLinkMtu('l0', 2 ** 32), InvalidArgumentError);
  await assert.rejects(async () => conn.setLinkName('l0', 'a b'), InvalidArgumentError);
  conn.close();
});

test('waitForLink polls until the state holds, or times out', async () => {
  const fake = fakeKernel(1);
  const conn = new Connection(Route, { socketFactory: fake.factory });
  assert.equal((await conn.waitForLink('l0', 'exists'))?.name, 'l0');
  await assert.rejects(conn.waitForLink('l0', 'gone', { waitMs: 60, intervalMs: 10 }), { code: 'ERR_NETLINK_TIMEOUT' });
  conn.close();
});
