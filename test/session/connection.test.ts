import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { NETLINK_OPT, NLM_F, NLMSG, RTM, SOL } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import {
  AbortError,
  ClosedError,
  DumpInterruptedError,
  isExists,
  isNotFound,
  KernelError,
  NamespaceNotFoundError,
  OverrunError,
  TimeoutError,
  TruncatedError,
} from '../../src/errors.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';
import { FakeSocket, type SentMessage } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';
import { repoRoot } from '../helpers.js';

function linkPayload(index: number, name: string): Buffer {
  const w = new Writer();
  linkMessage.encode(w, { header: { index }, attrs: { ifname: name, mtu: 1500 } });
  return w.finish();
}

function fakeConnection(fake: FakeSocket, options: { timeoutMs?: number } = {}): Connection<Route> {
  return new Connection(Route, { socketFactory: fake.factory, ...options });
}

const noop = { type: NLMSG.NOOP, payload: new Uint8Array(0) };

test('a request resolves on its ack; NLM_F_REQUEST|NLM_F_ACK and extended acks are set', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.ack(req)];
  const conn = fakeConnection(fake);
  assert.equal(fake.options.get(`${SOL.NETLINK}:${NETLINK_OPT.EXT_ACK}`), 1);
  await conn.ack(noop);
  const sent = fake.sent[0];
  assert.equal(sent?.header.flags, NLM_F.REQUEST | NLM_F.ACK);
  assert.notEqual(sent?.header.seq, 0);
  assert.equal(fake.watched, false, 'an answered request leaves the socket unwatched');
  conn.close();
  assert.equal(fake.closed, true);
});

test('replies and acks that arrive after an event-loop turn are awaited through readiness', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = (req) => [frames.reply(req, RTM.NEWLINK, linkPayload(1, 'lo')), frames.ack(req)];
  const conn = fakeConnection(fake);
  const replies = await conn.request({ type: RTM.GETLINK, schema: linkMessage, value: { header: { index: 1 } } });
  assert.equal(replies.length, 1);
  assert.equal(linkMessage.decode(replies[0]!.buf, replies[0]!.offset, replies[0]!.length).attrs.ifname, 'lo');
  assert.equal(fake.watched, false);
  conn.close();
});

test('kernel errors carry errno name, extended-ack message, attribute path and operation', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.error(req, 17, { message: 'Interface exists', offset: 32 })];
  const conn = fakeConnection(fake);
  await assert.rejects(
    conn.ack(
      {
        type: RTM.NEWLINK,
        flags: NLM_F.CREATE | NLM_F.EXCL,
        schema: linkMessage,
        value: { attrs: { ifname: 'veth0' } },
      },
      { context: { operation: 'add link', object: 'veth0' } },
    ),
    (e: unknown) => {
      assert.ok(e instanceof KernelError);
      assert.equal(e.errnoName, 'EEXIST');
      assert.equal(e.errno, 17);
      assert.equal(e.extAck?.message, 'Interface exists');
      // offset 32 = 16 (nlmsghdr) + 16 (ifinfomsg): the first attribute, ifname
      assert.deepEqual(e.extAck?.attributePath, ['ifname']);
      assert.equal(e.message, 'add link veth0: File exists (EEXIST): Interface exists [at ifname]');
      assert.ok(isExists(e));
      assert.ok(!isNotFound(e));
      return true;
    },
  );
  conn.close();
});

test('missing-attribute reports name the attribute', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.error(req, 22, { message: 'missing', missingType: 3 })];
  const conn = fakeConnection(fake);
  await assert.rejects(conn.ack({ type: RTM.NEWLINK, schema: linkMessage, value: {} }), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.extAck?.missing?.name, 'ifname');
    assert.match(e.message, /missing attribute ifname/);
    return true;
  });
  conn.close();
});

test('replies with a foreign sender, wrong port or unknown sequence never complete a request', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  let req: SentMessage | undefined;
  fake.onRequest = (r) => {
    req = r;
  };
  const conn = fakeConnection(fake);
  const p = conn.ack(noop, { timeoutMs: 200 });
  assert.ok(req);
  fake.push(frames.ack(req), { senderPort: 999 });
  fake.push(frames.error({ ...req, portId: 1 }, 0));
  fake.push(frames.error({ ...req, header: { ...req.header, seq: req.header.seq + 1 } }, 0));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(conn.droppedFrames, { foreign: 1, stray: 2 });
  fake.push(frames.ack(req));
  await p;
  conn.close();
});

test('dumps stream multipart replies across datagrams and end at NLMSG_DONE', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = (req) => [
    frames.datagram(frames.reply(req, RTM.NEWLINK, linkPayload(1, 'lo'), { multi: true })),
    frames.datagram(
      frames.reply(req, RTM.NEWLINK, linkPayload(2, 'eth0'), { multi: true }),
      frames.reply(req, RTM.NEWLINK, linkPayload(3, 'eth1'), { multi: true }),
    ),
    frames.done(req),
  ];
  const conn = fakeConnection(fake);
  const names: (string | undefined)[] = [];
  for await (const m of conn.dump({ type: RTM.GETLINK, schema: linkMessage, value: {} })) {
    names.push(linkMessage.decode(m.buf, m.offset, m.length).attrs.ifname);
  }
  assert.deepEqual(names, ['lo', 'eth0', 'eth1']);
  assert.equal(fake.sent[0]!.header.flags, NLM_F.REQUEST | NLM_F.ACK | NLM_F.DUMP);
  assert.equal(fake.watched, false);
  conn.close();
});

test('pages() yields the items of each read in order, skips what decodes to nothing, and ends the dump when left', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  const dumpOf = (names: readonly string[]) => (req: SentMessage) => [
    frames.datagram(
      ...names.slice(0, 2).map((n, i) => frames.reply(req, RTM.NEWLINK, linkPayload(i + 1, n), { multi: true })),
    ),
    frames.datagram(
      ...names.slice(2).map((n, i) => frames.reply(req, RTM.NEWLINK, linkPayload(i + 3, n), { multi: true })),
    ),
    frames.done(req),
  ];
  fake.onRequest = dumpOf(['lo', 'skip', 'eth0', 'eth1']);
  const conn = fakeConnection(fake);
  const out = { type: RTM.GETLINK, schema: linkMessage, value: {} };
  const name = (m: { buf: Buffer; offset: number; length: number }) => {
    const n = linkMessage.decode(m.buf, m.offset, m.length).attrs.ifname;
    return n === 'skip' ? undefined : n;
  };
  const pages: (string | undefined)[][] = [];
  for await (const page of conn.stream(out, name).pages()) pages.push(page);
  // One page per datagram, each still holding its own items once the next one came (not one array reused).
  assert.deepEqual(pages, [['lo'], ['eth0', 'eth1']]);
  // Leaving after the first page drains the rest: the next dump on the connection runs.
  fake.onRequest = dumpOf(['a', 'b', 'c', 'd']);
  for await (const page of conn.stream(out, name).pages()) {
    assert.deepEqual(page.slice(0, 1), ['a']);
    break;
  }
  fake.onRequest = dumpOf(['x', 'y', 'z', 'w']);
  const again: (string | undefined)[] = [];
  for await (const page of conn.stream(out, name).pages()) again.push(...page);
  assert.deepEqual(again, ['x', 'y', 'z', 'w']);
  // Items read one by one first, then the rest by pages: nothing is lost or repeated.
  fake.onRequest = dumpOf(['p', 'q', 'r', 's']);
  const stream = conn.stream(out, name);
  const first = await stream.next();
  const rest: (string | undefined)[] = [];
  for await (const page of stream.pages()) rest.push(...page);
  assert.deepEqual([first.value, ...rest], ['p', 'q', 'r', 's']);
  // A page is the consumer's: changing it changes nothing the stream hands out next.
  fake.onRequest = dumpOf(['m', 'n', 'o', 'u']);
  const mixed = conn.stream(out, name);
  const seen: (string | undefined)[] = [];
  const firstPage = await mixed.pages().next();
  assert.ok(!firstPage.done);
  seen.push(...firstPage.value);
  firstPage.value.push('junk');
  for (let r = await mixed.next(); !r.done; r = await mixed.next()) seen.push(r.value);
  assert.deepEqual(seen, ['m', 'n', 'o', 'u']);
  assert.ok(!seen.includes('junk'), `the stream handed out what the consumer wrote: ${seen.join(',')}`);
  conn.close();
});

test('a decoder that throws mid-dump: the items before come first, then its error, and the dump is drained', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  const dumpOf = (names: readonly string[]) => (req: SentMessage) => [
    frames.datagram(...names.map((n, i) => frames.reply(req, RTM.NEWLINK, linkPayload(i + 1, n), { multi: true }))),
    frames.done(req),
  ];
  fake.onRequest = dumpOf(['lo', 'eth0', 'bad', 'eth1']);
  const conn = fakeConnection(fake);
  const out = { type: RTM.GETLINK, schema: linkMessage, value: {} };
  // A payload decoder reads the bytes in place: no ReceivedMessage on the way.
  const name = (buf: Buffer, offset: number, length: number) => {
    const n = linkMessage.decode(buf, offset, length).attrs.ifname;
    if (n === 'bad') throw new Error(`cannot decode ${n}`);
    return n;
  };
  const seen: (string | undefined)[] = [];
  await assert.rejects(async () => {
    for await (const n of conn.streamPayloads(out, name)) seen.push(n);
  }, /cannot decode bad/);
  assert.deepEqual(seen, ['lo', 'eth0']);
  await assert.rejects(conn.dumpAllPayloads(out, name), /cannot decode bad/);
  // The failed dumps were drained: the next one runs and sees all of its items.
  fake.onRequest = dumpOf(['a', 'b']);
  assert.deepEqual(await conn.dumpAllPayloads(out, name), ['a', 'b']);
  conn.close();
});

/**
 * Lets `start` begin a dump and send its request, then answers it with
 * `total` links of one datagram each and `NLMSG_DONE`, all pending at once;
 * resolves with what `start` returned, once that settled.
 */
async function floodDump<R>(fake: FakeSocket, total: number, start: () => Promise<R>): Promise<R> {
  let dumpReq: SentMessage | undefined;
  fake.onRequest = (req) => {
    dumpReq = req;
  };
  const started = start();
  await new Promise((r) => setImmediate(r));
  assert.ok(dumpReq);
  for (let i = 0; i < total; i++) {
    fake.push(frames.reply(dumpReq, RTM.NEWLINK, linkPayload(i + 1, `l${i}`), { multi: true }));
  }
  fake.push(frames.done(dumpReq));
  return started;
}

test('a dump asks its socket to read ahead until it ends, and takes one datagram per wake-up', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake);
  const out = { type: RTM.GETLINK, schema: linkMessage, value: {} };
  const name = (buf: Buffer, offset: number, length: number) => linkMessage.decode(buf, offset, length).attrs.ifname;
  assert.equal(fake.readingAhead, false);
  const pages = conn.streamPayloads(out, name).pages();
  // The replies come after the request, so the readiness callback reads the first of them.
  const first = await floodDump(fake, 100, () => pages.next());
  assert.deepEqual(first.value, ['l0'], 'one datagram (one link) per wake-up, as the dump itself reads');
  assert.equal(fake.readingAhead, true);
  let n = 1;
  for (let r = await pages.next(); !r.done; r = await pages.next()) n += r.value.length;
  assert.equal(n, 100);
  assert.equal(fake.readingAhead, false, 'the hint ends with the dump');
  // Left early: the hint ends once the rest is drained; the next dump asks for it again.
  const again = conn.streamPayloads(out, name).pages();
  await floodDump(fake, 100, () => again.next());
  await again.return(undefined);
  const readAheadSeen: boolean[] = [];
  fake.onRequest = (req) => {
    readAheadSeen.push(fake.readingAhead);
    return [frames.done(req)];
  };
  assert.deepEqual(await conn.dumpAllPayloads(out, name), []);
  assert.deepEqual(readAheadSeen, [true], 'the next dump asks for it again');
  assert.equal(fake.readingAhead, false);
  conn.close();
});

test('a dump left early is drained without decoding the rest', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake);
  const out = { type: RTM.GETLINK, schema: linkMessage, value: {} };
  let decoded = 0;
  const count = (buf: Buffer, offset: number, length: number) => {
    decoded++;
    return linkMessage.decode(buf, offset, length).attrs.ifname;
  };
  const pages = conn.streamPayloads(out, count).pages();
  // One datagram each: the first wake-up reads some of them, not all.
  const total = 500;
  const page = (await floodDump(fake, total, () => pages.next())).value ?? [];
  assert.ok(page.length > 0 && page.length < total / 2, `first page of ${page.length}`);
  await pages.return(undefined);
  // The next dump waits for the drain of the first: by then all of it was read, none of it decoded.
  fake.onRequest = (req) => [frames.reply(req, RTM.NEWLINK, linkPayload(1, 'x'), { multi: true }), frames.done(req)];
  assert.deepEqual(await conn.dumpAllPayloads(out, count), ['x']);
  assert.equal(decoded, page.length + 1, 'the first dump decoded only the page it handed out');
  conn.close();
});

test('a dump reads the next datagram only when the consumer wants more', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake);
  const it = conn.dump({ type: RTM.GETLINK, schema: linkMessage, value: {} })[Symbol.asyncIterator]();
  const total = 500;
  assert.equal((await floodDump(fake, total, () => it.next())).done, false);
  assert.ok(fake.queued > total / 2, `unread datagrams stay in the socket (${fake.queued} queued)`);
  let n = 1;
  for (let r = await it.next(); !r.done; r = await it.next()) n++;
  assert.equal(n, total);
  conn.close();
});

test('NLM_F_DUMP_INTR surfaces as DumpInterruptedError with the partial result, and retries on request', async () => {
  const fake = new FakeSocket();
  let attempt = 0;
  fake.onRequest = (req) => {
    attempt++;
    const interrupted = attempt === 1;
    return [frames.reply(req, RTM.NEWLINK, linkPayload(1, 'lo'), { multi: true, interrupted }), frames.done(req)];
  };
  const conn = fakeConnection(fake);
  const decode = (m: { buf: Buffer; offset: number; length: number }) =>
    linkMessage.decode(m.buf, m.offset, m.length).attrs.ifname;
  await assert.rejects(conn.dumpAll({ type: RTM.GETLINK }, decode), (e: unknown) => {
    assert.ok(e instanceof DumpInterruptedError);
    assert.deepEqual(e.partial, ['lo']);
    assert.ok(e.isDumpInterrupted());
    return true;
  });
  attempt = 0;
  assert.deepEqual(await conn.dumpAll({ type: RTM.GETLINK }, decode, { retryInterrupted: 1 }), ['lo']);
  assert.equal(attempt, 2);
  conn.close();
});

test('a dump that fails reports the kernel error from NLMSG_DONE or NLMSG_ERROR', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => [frames.done(req, { errno: 95, ext: { message: 'not here' } })];
  const conn = fakeConnection(fake);
  await assert.rejects(
    conn.dumpAll({ type: RTM.GETLINK }, () => 1),
    /Operation not supported \(EOPNOTSUPP\): not here/,
  );
  fake.onRequest = (req) => [frames.error(req, 22)];
  await assert.rejects(
    conn.dumpAll({ type: RTM.GETLINK }, () => 1),
    (e: unknown) => e instanceof KernelError && e.errno === 22,
  );
  conn.close();
});

test('dumps on one connection are serialized', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  const unreadAtDumpStart: number[] = [];
  fake.onRequest = (req) => {
    if (req.header.flags & NLM_F.DUMP) {
      unreadAtDumpStart.push(fake.queued);
      return [
        frames.reply(req, RTM.NEWLINK, linkPayload(1, 'lo'), { multi: true }),
        frames.reply(req, RTM.NEWLINK, linkPayload(2, 'x'), { multi: true }),
        frames.done(req),
      ];
    }
    return [frames.ack(req)];
  };
  const conn = fakeConnection(fake);
  const collect = async () => {
    let n = 0;
    for await (const _ of conn.dump({ type: RTM.GETLINK })) n++;
    return n;
  };
  assert.deepEqual(await Promise.all([collect(), collect(), collect()]), [2, 2, 2]);
  // A dump request is sent only once the previous dump's datagrams were all read.
  assert.deepEqual(unreadAtDumpStart, [0, 0, 0]);
  conn.close();
});

test('leaving a dump early drains it in the background before the next dump starts', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = (req) =>
    req.header.flags & NLM_F.DUMP
      ? [
          frames.reply(req, RTM.NEWLINK, linkPayload(1, 'a'), { multi: true }),
          frames.reply(req, RTM.NEWLINK, linkPayload(2, 'b'), { multi: true }),
          frames.done(req),
        ]
      : [frames.ack(req)];
  const conn = fakeConnection(fake);
  for await (const _ of conn.dump({ type: RTM.GETLINK })) break;
  const seqs: number[] = [];
  for await (const m of conn.dump({ type: RTM.GETLINK })) seqs.push(m.header.seq);
  assert.equal(seqs.length, 2);
  assert.equal(conn.droppedFrames.stray, 0, 'the abandoned dump was drained, not left to pollute the next');
  conn.close();
});

test('many concurrent requests on one connection each get their own answer', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = (req) => [req.header.seq % 2 ? frames.ack(req) : frames.error(req, 2)];
  const conn = fakeConnection(fake);
  const results = await Promise.allSettled(Array.from({ length: 50 }, () => conn.ack(noop)));
  for (const [i, r] of results.entries()) {
    const seq = fake.sent[i]!.header.seq;
    assert.equal(r.status, seq % 2 ? 'fulfilled' : 'rejected');
  }
  conn.close();
});

test('timeouts reject with TimeoutError and leave nothing watched', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake, { timeoutMs: 30 });
  const started = Date.now();
  await assert.rejects(conn.ack(noop, { context: { operation: 'get link', object: 'x' } }), (e: unknown) => {
    assert.ok(e instanceof TimeoutError);
    assert.ok(e.isTimeout());
    assert.match(e.message, /get link x: timed out after 30 ms/);
    return true;
  });
  assert.ok(Date.now() - started >= 25);
  assert.equal(fake.watched, false);
  conn.close();
});

test('an AbortSignal cancels a pending request, and an aborted one never sends', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake);
  const ac = new AbortController();
  const p = conn.ack(noop, { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, AbortError);
  await assert.rejects(conn.ack(noop, { signal: AbortSignal.abort() }), AbortError);
  assert.equal(fake.sent.length, 1);
  conn.close();
});

test('close() fails pending requests with ClosedError and later ones too', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake);
  const p = conn.ack(noop);
  conn.close();
  await assert.rejects(p, ClosedError);
  await assert.rejects(conn.ack(noop), ClosedError);
  conn.close();
});

test('Symbol.asyncDispose closes the connection', async () => {
  const fake = new FakeSocket();
  {
    await using conn = fakeConnection(fake);
    assert.equal(conn.closed, false);
  }
  assert.equal(fake.closed, true);
});

test('ENOBUFS on the request socket fails pending requests with OverrunError', async () => {
  const fake = new FakeSocket();
  const conn = fakeConnection(fake);
  const p = conn.ack(noop);
  fake.pushError('ENOBUFS');
  await assert.rejects(p, (e: unknown) => e instanceof OverrunError && e.isNoBufferSpace());
  conn.close();
});

test('a truncated datagram fails the waiting request with TruncatedError', async () => {
  const fake = new FakeSocket({ delivery: 'async' });
  fake.onRequest = () => {};
  const conn = fakeConnection(fake);
  const p = conn.ack(noop);
  fake.push(frames.ack(fake.sent[0]!), { truncated: true });
  await assert.rejects(p, TruncatedError);
  conn.close();
});

test('a malformed reply fails the request with DecodeError, not a crash', async () => {
  const fake = new FakeSocket();
  fake.onRequest = (req) => {
    const bad = frames.ack(req);
    bad.writeUInt32LE(9999, 0);
    return [bad];
  };
  const conn = fakeConnection(fake);
  await assert.rejects(conn.ack(noop), { code: 'ERR_NETLINK_DECODE' });
  conn.close();
});

test('events arrive on a separate socket with explicit overrun items', async () => {
  const sockets: FakeSocket[] = [];
  const factory = (o: Parameters<FakeSocket['factory']>[0]) => {
    const s = new FakeSocket({ portId: 100 + sockets.length });
    sockets.push(s);
    return s.factory(o);
  };
  const conn = new Connection(Route, { socketFactory: factory });
  conn.joinGroups([1]);
  assert.equal(sockets.length, 2, 'the event socket is separate from the request socket');
  const events = sockets[1]!;
  assert.equal(events.options.get(`${SOL.NETLINK}:${NETLINK_OPT.ADD_MEMBERSHIP}`), 1);
  const it = conn.rawEvents();
  events.push(frames.message({ type: RTM.NEWLINK }, linkPayload(5, 'new0')), { groups: 1 });
  events.pushError('ENOBUFS');
  const a = await it.next();
  const b = await it.next();
  assert.equal(a.value?.kind, 'message');
  assert.equal(b.value?.kind, 'overrun');
  conn.close();
  assert.equal((await it.next()).done, true);
  assert.equal(events.closed, true);
});

test('opening in a namespace that does not exist is a NamespaceNotFoundError; bad names fail before any syscall', () => {
  let opened = 0;
  const factory = () => {
    opened++;
    const err: NodeJS.ErrnoException = new Error('open failed: ENOENT');
    err.code = 'ENOENT';
    throw err;
  };
  assert.throws(() => new Connection(Route, { namespace: 'nope', socketFactory: factory }), NamespaceNotFoundError);
  assert.throws(() => new Connection(Route, { namespace: '../etc', socketFactory: factory }), {
    code: 'ERR_NETLINK_INVALID_ARGUMENT',
  });
  assert.throws(() => new Connection(Route, { namespace: { pid: -1 }, socketFactory: factory }), {
    code: 'ERR_NETLINK_INVALID_ARGUMENT',
  });
  assert.equal(opened, 1);
});

test('NLINK_DEBUG=frames prints every frame sent and received in hex', () => {
  const script = `
    import { Connection, Route } from './dist/src/index.js';
    import { FakeSocket, frames } from './dist/src/testing/index.js';
    const fake = new FakeSocket();
    fake.onRequest = (req) => [frames.ack(req)];
    const conn = new Connection(Route, { socketFactory: fake.factory });
    await conn.ack({ type: 1, payload: new Uint8Array(0) });
    conn.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, NLINK_DEBUG: 'frames' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /nlink route send 16 bytes\n0000 {2}10 00 00 00 01 00 05 00/);
  assert.match(r.stderr, /nlink route recv 36 bytes\n0000 {2}24 00 00 00 02 00 00 01/);
});
