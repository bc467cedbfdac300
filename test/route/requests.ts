/** Helpers for tests that compare the requests nlink builds with iproute2's. */

import assert from 'node:assert/strict';
import { NLM_F, RTM } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import '../../src/index.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { diffRequests } from '../../src/testing/compare.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';
import { fixture } from '../helpers.js';

/**
 * Runs `body` against a fake kernel and returns the last request it sent.
 * `links` answers name lookups (`RTM_GETLINK` by name) with these ifindexes.
 */
export async function lastRequest(
  body: (conn: Connection<Route>) => Promise<unknown>,
  links: Readonly<Record<string, number>> = {},
): Promise<Buffer> {
  const fake = new FakeSocket();
  fake.onRequest = (req) => {
    if (req.header.type === RTM.GETLINK) {
      const asked = linkMessage.decode(req.payload);
      const name = asked.attrs.ifname;
      const index = name === undefined ? asked.header.index : links[name];
      if (index === undefined) return [frames.error(req, 19)];
      const w = new Writer();
      linkMessage.encode(w, { header: { index }, attrs: { ifname: name ?? `if${index}` } });
      return [frames.reply(req, RTM.NEWLINK, w.finish()), frames.ack(req)];
    }
    return [frames.ack(req)];
  };
  const conn = new Connection(Route, { socketFactory: fake.factory });
  try {
    await body(conn);
  } finally {
    conn.close();
  }
  const last = fake.sent.at(-1);
  if (!last) throw new Error('nothing was sent');
  return last.raw;
}

/** Differences between our link request and the iproute2 fixture `test/fixtures/iproute2/NAME.hex`. */
export function diffWithIproute2(ours: Uint8Array, name: string): string[] {
  return diffRequests(ours, fixture(`iproute2/${name}`), linkMessage);
}

/**
 * Asserts that a batch sent the requests the single mutators sent, but for
 * NLM_F_ACK: in a batch only the last request of a datagram (here: the only
 * datagram) asks for it.
 */
export function assertBatchedLikeSingle(batched: FakeSocket, single: FakeSocket): void {
  const payloads = (f: FakeSocket) =>
    f.sent.map((m) => [m.header.type, m.header.flags & ~NLM_F.ACK, Buffer.from(m.payload).toString('hex')]);
  assert.deepEqual(payloads(batched), payloads(single));
  assert.deepEqual(
    batched.sent.map((m) => (m.header.flags & NLM_F.ACK) !== 0),
    batched.sent.map((_, i) => i === batched.sent.length - 1),
  );
}
