/**
 * Dispatcher mode (`sharedEventSocket`): one socket carries requests and
 * events; replies go to their requests by sequence number, multicast
 * messages to the event stream; a full event queue drops events and says so
 * with one overrun item; ENOBUFS on the shared socket fails pending requests
 * and reaches the stream too.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { NETLINK_OPT, NLMSG, RTM, SOL } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import { OverrunError } from '../../src/errors.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { Connection, type RawEvent } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';

function linkEvent(index: number): Buffer {
  const w = new Writer();
  linkMessage.encode(w, { header: { index }, attrs: { ifname: `e${index}` } });
  return frames.message({ type: RTM.NEWLINK }, w.finish());
}

function sharedConnection(delivery: 'sync' | 'async' = 'async'): { conn: Connection<Route>; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  const factory = (o: Parameters<FakeSocket['factory']>[0]) => {
    const s = new FakeSocket({ delivery });
    sockets.push(s);
    return s.factory(o);
  };
  return { conn: new Connection(Route, { socketFactory: factory, sharedEventSocket: true }), sockets };
}

test('one socket: replies reach their requests and events the stream, interleaved', async () => {
  const { conn, sockets } = sharedConnection();
  const [sock] = sockets;
  assert.ok(sock);
  conn.joinGroups([1]);
  assert.equal(sockets.length, 1, 'no second socket');
  assert.equal(sock.options.get(`${SOL.NETLINK}:${NETLINK_OPT.ADD_MEMBERSHIP}`), 1);
  // The kernel answers each request with an event first, then the ack.
  sock.onRequest = (req, s) => {
    s.push(linkEvent(req.header.seq), { groups: 1 });
    return [frames.ack(req)];
  };
  const it = conn.rawEvents();
  await conn.ack({ type: NLMSG.NOOP, payload: new Uint8Array(0) });
  await conn.ack({ type: NLMSG.NOOP, payload: new Uint8Array(0) });
  const seen: number[] = [];
  for (let i = 0; i < 2; i++) {
    const { value } = await it.next();
    assert.equal(value?.kind, 'message');
    if (value?.kind === 'message') seen.push(value.message.header.type);
  }
  assert.deepEqual(seen, [RTM.NEWLINK, RTM.NEWLINK]);
  conn.close();
  assert.equal((await it.next()).done, true);
  assert.equal(sock.closed, true);
});

test('a full queue on the shared socket drops events and yields one overrun item for them', async () => {
  const { conn, sockets } = sharedConnection();
  const sock = sockets[0] as FakeSocket;
  conn.joinGroups([1]);
  const it = conn.rawEvents();
  for (let i = 1; i <= 5000; i++) sock.push(linkEvent(i), { groups: 1 });
  const items: RawEvent[] = [(await it.next()).value as RawEvent];
  // The socket is read on while the consumer is away, up to the queue's 4096 items.
  while (sock.queued > 0) await setImmediate();
  for (;;) {
    const ev = (await it.next()).value as RawEvent;
    items.push(ev);
    if (ev.kind === 'overrun') break;
  }
  assert.equal(items.length, 1 + 4096 + 1, 'the one taken, a full queue, then the overrun item');
  assert.ok(items.slice(0, -1).every((e) => e.kind === 'message'));
  const overrun = items.at(-1);
  assert.ok(overrun?.kind === 'overrun' && overrun.error instanceof OverrunError);
  // Later events flow again, with a new overrun item only if more are lost.
  sock.push(linkEvent(9999), { groups: 1 });
  const next = (await it.next()).value as RawEvent;
  assert.ok(next.kind === 'message' && next.message.header.type === RTM.NEWLINK);
  conn.close();
});

test('ENOBUFS on the shared socket fails the pending request and reaches the event stream', async () => {
  const { conn, sockets } = sharedConnection();
  const sock = sockets[0] as FakeSocket;
  conn.joinGroups([1]);
  const it = conn.rawEvents();
  sock.onRequest = (_req, s) => {
    s.pushError('ENOBUFS');
  };
  await assert.rejects(conn.ack({ type: NLMSG.NOOP, payload: new Uint8Array(0) }), OverrunError);
  const { value } = await it.next();
  assert.equal(value?.kind, 'overrun');
  conn.close();
});

test('discarding pending events on the shared socket empties what the kernel holds', async () => {
  const { conn, sockets } = sharedConnection('sync');
  const sock = sockets[0] as FakeSocket;
  conn.joinGroups([1]);
  for (let i = 1; i <= 3; i++) sock.push(linkEvent(i), { groups: 1 });
  conn.discardPendingEvents();
  assert.equal(sock.queued, 0);
  const it = conn.rawEvents();
  sock.push(linkEvent(42), { groups: 1 });
  const { value } = await it.next();
  assert.ok(value?.kind === 'message');
  conn.close();
});
