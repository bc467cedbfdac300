/**
 * Test helpers of the neighbour, rule, bridge and nsid families: a fake
 * kernel that knows a few links and answers the other requests from a
 * script, replayed kernel dumps, and comparison with iproute2's requests.
 */

import assert from 'node:assert/strict';
import { NLM_F, RTM } from '../../../src/core/constants.js';
import { forEachMessage } from '../../../src/core/message.js';
import { NLMSG_HDRLEN, Writer } from '../../../src/core/writer.js';
import '../../../src/index.js';
import { linkMessage } from '../../../src/route/link/schema.js';
import type { Fields } from '../../../src/schema/attrs.js';
import type { StructFields } from '../../../src/schema/codec.js';
import type { MessageSchema } from '../../../src/schema/message.js';
import { Connection } from '../../../src/session/connection.js';
import { Route } from '../../../src/session/protocol.js';
import { diffRequests } from '../../../src/testing/compare.js';
import { FakeSocket, type SentMessage } from '../../../src/testing/fake-socket.js';
import * as frames from '../../../src/testing/frames.js';
import { fixture } from '../../helpers.js';

/** A recorded message: its type and payload. */
export interface Recorded {
  readonly type: number;
  readonly payload: Buffer;
}

/** The messages of a recorded kernel dump, `test/fixtures/NAME.reply.hex`. */
export function recorded(name: string): Recorded[] {
  const buf = fixture(`${name}.reply`);
  const out: Recorded[] = [];
  forEachMessage(buf, (h, off) => {
    out.push({ type: h.type, payload: buf.subarray(off + NLMSG_HDRLEN, off + h.length) });
    return true;
  });
  return out;
}

/** Answers `req` with `messages` as a dump (re-addressed to it), then `NLMSG_DONE`. */
export function dumpReply(req: SentMessage, messages: readonly Recorded[]): Buffer[] {
  return [...messages.map((m) => frames.reply(req, m.type, m.payload, { multi: true })), frames.done(req)];
}

/** Encodes one message payload with `schema`. */
export function encode<H extends StructFields, F extends Fields>(
  schema: MessageSchema<H, F>,
  value: Parameters<MessageSchema<H, F>['encode']>[1],
): Buffer {
  const w = new Writer();
  schema.encode(w, value);
  return w.finish();
}

/** A dump request: an `RTM_GET*` (type 2 modulo 4) with both `NLM_F_DUMP` bits (`NLM_F_EXCL` is one of them). */
export function isDump(req: SentMessage): boolean {
  return (req.header.type & 3) === 2 && (req.header.flags & NLM_F.DUMP) === NLM_F.DUMP;
}

/** What the fake kernel answers to a request other than a link lookup; `undefined` acks it (ends a dump). */
export type Script = (req: SentMessage) => Buffer[] | undefined;

/** More of the fake kernel's links: the ports of bridges (by bridge ifindex), and link kinds (by name). */
export interface FakeLinks {
  readonly ports?: Readonly<Record<number, readonly number[]>>;
  readonly kinds?: Readonly<Record<string, string>>;
}

/**
 * A connection to a fake kernel: `RTM_GETLINK` by name or index answers from
 * `links` (a link dump filtered by `IFLA_MASTER` answers from `more.ports`),
 * and every other request goes to `script`.
 */
export function fakeRoute(
  links: Readonly<Record<string, number>>,
  script: Script = () => undefined,
  more: FakeLinks = {},
): { conn: Connection<Route>; fake: FakeSocket } {
  const fake = new FakeSocket();
  const linkReply = (req: SentMessage, index: number, multi = false) => {
    const ifname = Object.keys(links).find((n) => links[n] === index);
    const kind = ifname === undefined ? undefined : more.kinds?.[ifname];
    const attrs = kind === undefined ? { ifname } : { ifname, linkinfo: { kind } };
    return frames.reply(req, RTM.NEWLINK, encode(linkMessage, { header: { index }, attrs }), { multi });
  };
  fake.onRequest = (req) => {
    if (req.header.type === RTM.GETLINK && isDump(req)) {
      const master = linkMessage.decode(req.payload).attrs.master;
      if (master !== undefined) {
        return [...(more.ports?.[master] ?? []).map((i) => linkReply(req, i, true)), frames.done(req)];
      }
    } else if (req.header.type === RTM.GETLINK) {
      const asked = linkMessage.decode(req.payload);
      const index = asked.attrs.ifname === undefined ? asked.header.index : links[asked.attrs.ifname];
      if (index === undefined || !Object.values(links).includes(index)) return [frames.error(req, 19)];
      return [linkReply(req, index), frames.ack(req)];
    }
    return script(req) ?? [isDump(req) ? frames.done(req) : frames.ack(req)];
  };
  return { conn: new Connection(Route, { socketFactory: fake.factory, timeoutMs: 2000 }), fake };
}

/** Runs `body` on a fake kernel knowing `links` and returns the last request it sent. */
export async function lastSent(
  body: (conn: Connection<Route>) => Promise<unknown>,
  links: Readonly<Record<string, number>> = {},
  script?: Script,
): Promise<Buffer> {
  const { conn, fake } = fakeRoute(links, script);
  await using _ = conn;
  await body(conn);
  const sent = fake.sent.at(-1);
  assert.ok(sent, 'nothing was sent');
  return sent.raw;
}

/**
 * Differences between our request and iproute2's captured one
 * (`test/fixtures/iproute2/NAME.hex`), attribute for attribute. iproute2 asks
 * no ack for lookups and dumps; nlink always does, so `NLM_F_ACK` is added
 * to iproute2's flags when `ackless` says so.
 */
export function diffIproute2<H extends StructFields, F extends Fields>(
  ours: Uint8Array,
  name: string,
  schema: MessageSchema<H, F>,
  options: { readonly ackless?: boolean } = {},
): string[] {
  const theirs = Buffer.from(fixture(`iproute2/${name}`));
  if (options.ackless) theirs.writeUInt16LE(theirs.readUInt16LE(6) | NLM_F.ACK, 6);
  return diffRequests(ours, theirs, schema);
}
