import assert from 'node:assert/strict';
import { fstatSync } from 'node:fs';
import { test } from 'node:test';
import { RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError, KernelError, NamespaceNotFoundError, UnsupportedError } from '../../../src/errors.js';
import { NETNSA_NSID_NOT_ASSIGNED, nsidMessage } from '../../../src/route/nsid/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import * as frames from '../../../src/testing/frames.js';
import { diffIproute2, dumpReply, encode, fakeRoute, lastSent, recorded } from '../neigh/kernel.js';

const SAME_AS_IPROUTE2: readonly [string, (c: Connection<Route>) => Promise<unknown>, boolean?][] = [
  // iproute2 opened /run/netns/NAME as descriptor 6.
  ['nsid-set', (c) => c.setNsid({ fd: 6 }, 5)],
  ['nsid-set-auto', (c) => c.setNsid({ fd: 6 }, 'auto')],
  ['nsid-get', (c) => c.getNsid({ fd: 6 }), true],
  ['nsid-list', (c) => c.getNsids(), true],
  ['nsid-list-target', (c) => c.getNsids({ targetNsid: 3 }), true],
];

for (const [name, body, ackless] of SAME_AS_IPROUTE2) {
  test(`${name}: the same request as iproute2 sends`, async () => {
    const ours = await lastSent(body);
    assert.deepEqual(diffIproute2(ours, name, nsidMessage, { ackless: ackless ?? false }), []);
  });
}

test('the comparison sees a wrong id', async () => {
  const ours = await lastSent((c) => c.setNsid({ fd: 6 }, 4));
  assert.deepEqual(diffIproute2(ours, 'nsid-set', nsidMessage), ['nsid: 04000000 != 05000000']);
});

function nsidReply(nsid: number): Buffer {
  return encode(nsidMessage, { header: { family: 0 }, attrs: { nsid } });
}

test('getNsid: the id, or undefined when none is assigned', async () => {
  let answer = 5;
  const { conn } = fakeRoute({}, (req) => [frames.reply(req, RTM.NEWNSID, nsidReply(answer)), frames.ack(req)]);
  assert.equal(await conn.getNsid({ fd: 9 }), 5);
  answer = NETNSA_NSID_NOT_ASSIGNED;
  assert.equal(await conn.getNsid({ fd: 9 }), undefined);
  conn.close();
});

test('a namespace by path is opened for the request and closed after it; by pid it is named by pid', async () => {
  let fd = -1;
  let pid: number | undefined;
  const { conn } = fakeRoute({}, (req) => {
    const a = nsidMessage.decode(req.payload).attrs;
    fd = a.fd ?? -1;
    pid = a.pid;
    // The descriptor is open while the kernel looks at it.
    assert.ok(fstatSync(fd).isFile() || fstatSync(fd).ino > 0);
    return [frames.reply(req, RTM.NEWNSID, nsidReply(3)), frames.ack(req)];
  });
  assert.equal(await conn.getNsid({ path: '/proc/self/ns/net' }), 3);
  assert.ok(fd >= 0);
  assert.throws(() => fstatSync(fd), { code: 'EBADF' });
  const { conn: byPid, fake } = fakeRoute({}, (req) => [frames.reply(req, RTM.NEWNSID, nsidReply(2)), frames.ack(req)]);
  assert.equal(await byPid.getNsid({ pid: process.pid }), 2);
  const sent = nsidMessage.decode(fake.sent[0]!.payload).attrs;
  assert.deepEqual([sent.pid, sent.fd], [process.pid, undefined]);
  assert.equal(pid, undefined);
  conn.close();
  byPid.close();
});

test('a recorded nsid dump decodes', async () => {
  const { conn } = fakeRoute({}, (req) => dumpReply(req, recorded('nsid-dump')));
  assert.deepEqual(await conn.getNsids(), [{ nsid: 7 }]);
  conn.close();
  const withTarget = encode(nsidMessage, { header: { family: 0 }, attrs: { nsid: 1, currentNsid: 4 } });
  const { conn: t } = fakeRoute({}, (req) => [
    frames.reply(req, RTM.NEWNSID, withTarget, { multi: true }),
    frames.done(req),
  ]);
  assert.deepEqual(await t.getNsids({ targetNsid: 3 }), [{ nsid: 1, currentNsid: 4 }]);
  t.close();
});

test('a target dump the kernel answered for the wrong namespace is an error, not a wrong answer', async () => {
  const noTarget = encode(nsidMessage, { header: { family: 0 }, attrs: { nsid: 1 } });
  const noneHere = encode(nsidMessage, {
    header: { family: 0 },
    attrs: { nsid: 2, currentNsid: NETNSA_NSID_NOT_ASSIGNED },
  });
  let replies = [noTarget];
  const { conn } = fakeRoute({}, (req) => [
    ...replies.map((r) => frames.reply(req, RTM.NEWNSID, r, { multi: true })),
    frames.done(req),
  ]);
  await assert.rejects(conn.getNsids({ targetNsid: 3 }), UnsupportedError);
  assert.deepEqual(await conn.getNsids(), [{ nsid: 1 }]);
  replies = [noneHere];
  assert.deepEqual(await conn.getNsids({ targetNsid: 3 }), [{ nsid: 2 }]);
  conn.close();
});

test('errors name the operation and the namespace; bad input is refused before sending', async () => {
  const { conn, fake } = fakeRoute({}, (req) => [frames.error(req, 17)]);
  await assert.rejects(conn.setNsid({ fd: 6 }, 5), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.message, 'set nsid fd 6 to 5: File exists (EEXIST)');
    return true;
  });
  const before = fake.sent.length;
  await assert.rejects(conn.setNsid({ fd: 6 }, -2), InvalidArgumentError);
  await assert.rejects(conn.setNsid({ fd: -1 }, 1), InvalidArgumentError);
  await assert.rejects(conn.getNsid('nlink-no-such-namespace-here'), NamespaceNotFoundError);
  await assert.rejects(conn.getNsid('a/b'), InvalidArgumentError);
  assert.equal(fake.sent.length, before);
  conn.close();
});
