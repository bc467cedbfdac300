/** A fake kernel for the address, route and nexthop request tests, and iproute2 fixture helpers. */

import { NLM_F, RTM } from '../../../src/core/constants.js';
import { forEachMessage } from '../../../src/core/message.js';
import { Writer } from '../../../src/core/writer.js';
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

/** The links of the namespace the iproute2 fixtures were captured in. */
export const FIXTURE_LINKS: Readonly<Record<string, number>> = { lo: 1, d1: 2, d0: 3 };

/** Answers a request the default kernel does not (return undefined to fall back). */
export type Script = (req: SentMessage) => Buffer[] | undefined;

/**
 * A connection to a fake kernel: link lookups by name or index answer from
 * `links`, dumps end empty, everything else is acknowledged, unless `script`
 * answers first.
 */
export function fakeConnection(
  script: Script = () => undefined,
  links: Readonly<Record<string, number>> = FIXTURE_LINKS,
): { conn: Connection<Route>; fake: FakeSocket } {
  const fake = new FakeSocket();
  fake.onRequest = (req) => {
    const scripted = script(req);
    if (scripted) return scripted;
    if (req.header.type === RTM.GETLINK && !(req.header.flags & NLM_F.DUMP)) {
      const asked = linkMessage.decode(req.payload);
      const name = asked.attrs.ifname ?? Object.keys(links).find((n) => links[n] === asked.header.index);
      const index = name === undefined ? undefined : links[name];
      if (name === undefined || index === undefined) return [frames.error(req, 19)];
      const w = new Writer();
      linkMessage.encode(w, { header: { index }, attrs: { ifname: name } });
      return [frames.reply(req, RTM.NEWLINK, w.finish()), frames.ack(req)];
    }
    if ((req.header.flags & NLM_F.DUMP) === NLM_F.DUMP) return [frames.done(req)];
    return [frames.ack(req)];
  };
  return { conn: new Connection(Route, { socketFactory: fake.factory }), fake };
}

/** Runs `body` against the fake kernel; returns the requests it sent other than link lookups. */
export async function requestsOf(
  body: (conn: Connection<Route>) => Promise<unknown>,
  script?: Script,
): Promise<SentMessage[]> {
  const { conn, fake } = fakeConnection(script);
  try {
    await body(conn);
  } finally {
    conn.close();
  }
  return fake.sent.filter((m) => m.header.type !== RTM.GETLINK);
}

/** The last request `body` sent (link lookups aside). */
export async function lastRequestOf(
  body: (conn: Connection<Route>) => Promise<unknown>,
  script?: Script,
): Promise<Buffer> {
  const sent = await requestsOf(body, script);
  const last = sent.at(-1);
  if (!last) throw new Error('nothing was sent');
  return last.raw;
}

/**
 * The first message of `type` in the iproute2 fixture `NAME` (fixtures
 * captured with `--all` hold every message iproute2 sent, and strace pads
 * some buffers with zeros: the scan steps over them).
 */
export function fixtureMessage(name: string, type?: number): Buffer {
  const bytes = fixture(`iproute2/${name}`);
  for (let off = 0; off + 16 <= bytes.length; off += 4) {
    const len = bytes.readUInt32LE(off);
    const t = bytes.readUInt16LE(off + 4);
    if (len < 16 || off + len > bytes.length || !(bytes.readUInt16LE(off + 6) & NLM_F.REQUEST)) continue;
    let ok = true;
    try {
      forEachMessage(bytes.subarray(off, off + len), () => false);
    } catch {
      ok = false;
    }
    if (ok && (type === undefined || t === type)) return Buffer.from(bytes.subarray(off, off + len));
  }
  throw new Error(`no message${type === undefined ? '' : ` of type ${type}`} in fixture ${name}`);
}

/**
 * Differences between our request and iproute2's (fixture `NAME`, message of
 * `type`), attribute for attribute. Dumps and lookups: iproute2 asks for no
 * ack, nlink always does, so `acked` adds `NLM_F_ACK` to theirs before comparing.
 */
export function diffFixture<H extends StructFields, F extends Fields>(
  ours: Uint8Array,
  name: string,
  schema: MessageSchema<H, F>,
  options: { type?: number; acked?: boolean } = {},
): string[] {
  const theirs = fixtureMessage(name, options.type);
  if (options.acked) theirs.writeUInt16LE(theirs.readUInt16LE(6) | NLM_F.ACK, 6);
  return diffRequests(ours, theirs, schema);
}
