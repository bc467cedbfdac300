import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { test } from 'node:test';
import {
  addonAvailable,
  loadAddon,
  type NativeAddon,
  type NativeHandle,
  type NativeSystemError,
} from '../../src/socket/addon.js';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { addNamedNetns, deleteNamedNetns } from '../../src/socket/netns.js';
import type { DatagramInfo } from '../../src/socket/types.js';

const isRoot = process.getuid?.() === 0;
const nativeSkip: string | false = !isRoot
  ? 'needs root (network namespaces)'
  : !addonAvailable()
    ? 'native addon not built'
    : false;

// Hand-built netlink: no dependency on the library's codec.
const NLMSG_NOOP = 1;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const RTM_NEWROUTE = 24;
const RTM_GETROUTE = 26;
const NLM_F_REQUEST = 0x1;
const NLM_F_ACK = 0x4;
const NLM_F_DUMP = 0x300;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SOL_NETLINK = 270;
const NETLINK_EXT_ACK = 11;
const NETLINK_GET_STRICT_CHK = 12;
const NETLINK_NO_ENOBUFS = 5;
const RTMGRP_LINK = 1;
const IFF_UP = 1;

interface Msg {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  payload: Uint8Array;
  info: DatagramInfo;
}

function nlmsg(type: number, flags: number, seq: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const len = 16 + payload.length;
  const buf = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, len, true);
  dv.setUint16(4, type, true);
  dv.setUint16(6, flags, true);
  dv.setUint32(8, seq, true);
  dv.setUint32(12, 0, true);
  buf.set(payload, 16);
  return buf;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** ifinfomsg: family, pad, type, index, flags, change. */
function ifinfomsg(index = 0, flags = 0, change = 0): Uint8Array {
  const buf = new Uint8Array(16);
  const dv = new DataView(buf.buffer);
  dv.setInt32(4, index, true);
  dv.setUint32(8, flags, true);
  dv.setUint32(12, change, true);
  return buf;
}

function parse(data: Uint8Array, info: DatagramInfo): Msg[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: Msg[] = [];
  let off = 0;
  while (off + 16 <= data.length) {
    const len = dv.getUint32(off, true);
    if (len < 16 || off + len > data.length) break;
    out.push({
      type: dv.getUint16(off + 4, true),
      flags: dv.getUint16(off + 6, true),
      seq: dv.getUint32(off + 8, true),
      pid: dv.getUint32(off + 12, true),
      payload: new Uint8Array(data.subarray(off + 16, off + len)),
      info: { ...info },
    });
    off += (len + 3) & ~3;
  }
  return out;
}

function errorCode(msg: Msg): number {
  return new DataView(msg.payload.buffer).getInt32(0, true);
}

/** Resumes the socket and collects messages until `done` says so. */
function collect(sock: NetlinkSocket, done: (msgs: Msg[]) => boolean, timeoutMs = 3000): Promise<Msg[]> {
  return new Promise((resolve, reject) => {
    const msgs: Msg[] = [];
    const timer = setTimeout(() => {
      sock.pause();
      reject(new Error(`timeout; got ${JSON.stringify(msgs.map((m) => m.type))}`));
    }, timeoutMs);
    sock.resume(() => {
      try {
        sock.receive((data, info) => {
          msgs.push(...parse(data, info));
        });
      } catch (error) {
        clearTimeout(timer);
        sock.pause();
        reject(error);
        return;
      }
      if (done(msgs)) {
        clearTimeout(timer);
        sock.pause();
        resolve(msgs);
      }
    });
  });
}

function uniqueName(): string {
  return `nlink-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function withNetns<T>(fn: (path: string, name: string) => Promise<T> | T): Promise<T> {
  const name = uniqueName();
  addNamedNetns(name);
  try {
    return await fn(`/run/netns/${name}`, name);
  } finally {
    deleteNamedNetns(name);
  }
}

async function withSocket<T>(
  netnsPath: string,
  fn: (sock: NetlinkSocket) => Promise<T> | T,
  extra: { groups?: number; receiveBufferSize?: number } = {},
): Promise<T> {
  const sock = new NetlinkSocket({ protocol: 0, netnsPath, ...extra });
  try {
    return await fn(sock);
  } finally {
    sock.close();
  }
}

function assertSystemError(error: unknown, code: string, errno: number, syscall: string): true {
  assert.ok(error instanceof Error, 'an Error');
  const e = error as NativeSystemError;
  assert.equal(e.code, code);
  assert.equal(e.errno, -errno);
  assert.equal(e.syscall, syscall);
  assert.match(e.message, new RegExp(`^${syscall} failed: .*\\(${code}\\)`));
  return true;
}

const OPTS = { skip: nativeSkip, timeout: 20_000 };

/** Brings lo up in namespace `name` and adds `count` /24 routes through it (ip -batch). */
function addRoutes(name: string, count: number): void {
  const lines = ['link set lo up'];
  for (let i = 0; i < count; i++) lines.push(`route add 10.${i >> 8}.${i & 255}.0/24 dev lo`);
  execFileSync('ip', ['-n', name, '-batch', '-'], { input: `${lines.join('\n')}\n` });
}

/** Routes whose dump (~3.6 MB) is more than the read-ahead ring holds (2 MiB): its thread ends up waiting. */
const RING_FILLING_ROUTES = 60000;

/** Script text: an IPv4 route dump on `sock`, read ahead, three reads made (the third starts the thread). */
const START_READ_AHEAD = `
const dump = new Uint8Array(28); const dd = new DataView(dump.buffer);
dd.setUint32(0, 28, true); dd.setUint16(4, 26, true); dd.setUint16(6, 0x301, true); dump[16] = 2;
sock.readAhead(true); sock.send(dump);
for (let i = 0; i < 3; i++) sock.receive(() => {}, 1);
`;

test('opens a route socket in a fresh netns with a non-zero port id', OPTS, async () => {
  const before = readlinkSync('/proc/self/ns/net');
  await withNetns((path) =>
    withSocket(path, (sock) => {
      assert.equal(sock.protocol, 0);
      assert.equal(sock.closed, false);
      assert.ok(sock.portId > 0, `portId ${sock.portId}`);
    }),
  );
  assert.equal(readlinkSync('/proc/self/ns/net'), before, 'own netns unchanged');
  assert.equal(readlinkSync('/proc/thread-self/ns/net'), before, 'thread netns unchanged');
});

test('NLMSG_NOOP with ACK gets an NLMSG_ERROR ack with error 0', OPTS, async () => {
  await withNetns((path) =>
    withSocket(path, async (sock) => {
      sock.send(nlmsg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 4242));
      const msgs = await collect(sock, (m) => m.some((x) => x.type === NLMSG_ERROR));
      const ack = msgs.find((x) => x.type === NLMSG_ERROR);
      assert.ok(ack);
      assert.equal(ack.seq, 4242);
      assert.equal(ack.pid, sock.portId);
      assert.equal(errorCode(ack), 0);
      assert.deepEqual(ack.info, { senderPort: 0, groups: 0, truncated: false });
    }),
  );
});

test('RTM_GETLINK dump in a fresh netns sees only lo and ends with DONE', OPTS, async () => {
  await withNetns((path) =>
    withSocket(path, async (sock) => {
      const datagrams: string[] = [];
      sock.send(nlmsg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 7, ifinfomsg()));
      const msgs = await new Promise<Msg[]>((resolve, reject) => {
        const all: Msg[] = [];
        const timer = setTimeout(() => reject(new Error('timeout')), 3000);
        sock.resume(() => {
          sock.receive((data, info) => {
            datagrams.push(Buffer.from(data).toString('latin1'));
            all.push(...parse(data, info));
          });
          if (all.some((m) => m.type === NLMSG_DONE || m.type === NLMSG_ERROR)) {
            clearTimeout(timer);
            sock.pause();
            resolve(all);
          }
        });
      });
      assert.ok(datagrams.length >= 1);
      assert.ok(
        datagrams.some((d) => d.includes('lo\0')),
        'a datagram names lo',
      );
      const last = msgs.at(-1);
      assert.equal(last?.type, NLMSG_DONE);
      assert.equal(last?.seq, 7);
      const links = msgs.filter((m) => m.type === RTM_NEWLINK);
      assert.equal(links.length, 1, 'only lo in a fresh namespace');
      assert.equal(new DataView(links[0]?.payload.buffer ?? new ArrayBuffer(8)).getInt32(4, true), 1);
    }),
  );
});

test('many acks arrive as separate datagrams and respect maxDatagrams', OPTS, async () => {
  await withNetns((path) =>
    withSocket(path, async (sock) => {
      const count = 50;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < count; i++) parts.push(nlmsg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 1000 + i));
      sock.send(concat(parts));
      // The acks are queued synchronously by sendto; read them in capped batches.
      const seqs: number[] = [];
      const handler = (data: Uint8Array, info: DatagramInfo): void => {
        for (const m of parse(data, info)) seqs.push(m.seq);
      };
      assert.equal(sock.receive(handler, 10), 10);
      assert.equal(sock.receive(handler, 15), 15);
      assert.equal(sock.receive(handler), 25);
      assert.equal(sock.receive(handler), 0);
      assert.deepEqual(
        seqs,
        Array.from({ length: count }, (_, i) => 1000 + i),
      );
    }),
  );
});

test('a handler exception keeps the rest of the batch for the next receive', OPTS, async () => {
  await withNetns((path) =>
    withSocket(path, (sock) => {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < 5; i++) parts.push(nlmsg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, i));
      sock.send(concat(parts));
      const seqs: number[] = [];
      let calls = 0;
      assert.throws(
        () =>
          sock.receive((data, info) => {
            calls++;
            if (calls === 2) throw new Error('boom');
            for (const m of parse(data, info)) seqs.push(m.seq);
          }),
        /boom/,
      );
      assert.equal(
        sock.receive((data, info) => {
          for (const m of parse(data, info)) seqs.push(m.seq);
        }),
        3,
      );
      assert.deepEqual(seqs, [0, 2, 3, 4]);
    }),
  );
});

test('socket options: get/set and errors', OPTS, async () => {
  await withNetns((path) =>
    withSocket(path, (sock) => {
      sock.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
      assert.equal(sock.getOption(SOL_NETLINK, NETLINK_EXT_ACK), 1);
      sock.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
      assert.equal(sock.getOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK), 1);
      sock.setOption(SOL_SOCKET, SO_RCVBUF, 65536);
      assert.equal(sock.getOption(SOL_SOCKET, SO_RCVBUF), 131072);
      assert.throws(
        () => sock.setOption(SOL_NETLINK, 9999, 1),
        (e) => assertSystemError(e, 'ENOPROTOOPT', 92, 'setsockopt'),
      );
      assert.throws(
        () => sock.getOption(SOL_NETLINK, 9999),
        (e) => assertSystemError(e, 'ENOPROTOOPT', 92, 'getsockopt'),
      );
    }),
  );
});

test('send errors and open errors are SystemError-shaped', OPTS, async () => {
  await withNetns((path) =>
    withSocket(path, (sock) => {
      // Larger than the send buffer: EMSGSIZE.
      assert.throws(
        () => sock.send(new Uint8Array(4 * 1024 * 1024)),
        (e) => assertSystemError(e, 'EMSGSIZE', 90, 'sendto'),
      );
      // A length field larger than the buffer is silently dropped by the kernel.
      const bad = nlmsg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 1);
      new DataView(bad.buffer).setUint32(0, 4096, true);
      sock.send(bad);
      assert.equal(
        sock.receive(() => {}),
        0,
      );
    }),
  );
  assert.throws(
    () => new NetlinkSocket({ protocol: 0, netnsPath: `/run/netns/${uniqueName()}` }),
    (e) => assertSystemError(e, 'ENOENT', 2, 'open') && (e as NativeSystemError).path !== undefined,
  );
  assert.throws(
    () => new NetlinkSocket({ protocol: 0, netnsPath: '/proc/self/status' }),
    (e) => assertSystemError(e, 'EINVAL', 22, 'setns'),
  );
  await withNetns((path) => {
    assert.throws(
      () => new NetlinkSocket({ protocol: 31, netnsPath: path }),
      (e) => assertSystemError(e, 'EPROTONOSUPPORT', 93, 'socket'),
    );
  });
});

test('close is idempotent and a closed socket throws', OPTS, async () => {
  await withNetns((path) => {
    const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
    sock.resume(() => {});
    sock.close();
    assert.equal(sock.closed, true);
    sock.close();
    sock.pause();
    assert.throws(
      () => sock.send(nlmsg(NLMSG_NOOP, NLM_F_REQUEST, 1)),
      (e) => assertSystemError(e, 'EBADF', 9, 'sendto'),
    );
    assert.throws(
      () => sock.receive(() => {}),
      (e) => assertSystemError(e, 'EBADF', 9, 'recvmsg'),
    );
    assert.throws(() => sock.resume(() => {}), /EBADF/);
    assert.throws(() => sock.getOption(SOL_SOCKET, SO_RCVBUF), /EBADF/);
  });
});

test(
  'read-ahead: a dump arrives whole and in order; datagrams larger than a slot are read without the thread',
  OPTS,
  async () => {
    await withNetns(async (path, name) => {
      addRoutes(name, 3000);
      const rtmsg = new Uint8Array(12);
      rtmsg[0] = 2; // AF_INET
      const dump = async (ahead: boolean, receiveBufferSize?: number) => {
        // The real addon, counting the datagrams the socket reads itself (the rest came through the ring).
        const real = loadAddon();
        let own = 0;
        const counting: NativeAddon = {
          ...real,
          recv: (h, data, meta, max) => {
            const n = real.recv(h, data, meta, max);
            own += n;
            return n;
          },
        };
        const sock = new NetlinkSocket(
          { protocol: 0, netnsPath: path, ...(receiveBufferSize === undefined ? {} : { receiveBufferSize }) },
          counting,
        );
        try {
          sock.readAhead(ahead);
          sock.send(nlmsg(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 7, rtmsg));
          // One datagram per call, as dumps read: the first two are read by the socket itself.
          const msgs: Msg[] = [];
          let datagrams = 0;
          while (msgs.at(-1)?.type !== NLMSG_DONE) {
            const n = sock.receive((data, info) => msgs.push(...parse(data, info)), 1);
            datagrams += n;
            if (n === 0) {
              await new Promise<void>((resolve) => sock.resume(resolve));
              sock.pause();
            }
          }
          assert.ok(msgs.every((m) => !m.info.truncated));
          return {
            routes: msgs.filter((m) => m.type === RTM_NEWROUTE).map((m) => Buffer.from(m.payload).toString('hex')),
            datagrams,
            own,
          };
        } finally {
          sock.close();
        }
      };
      const plain = await dump(false);
      assert.ok(plain.routes.length > 3000, `${plain.routes.length} routes`);
      assert.equal(plain.own, plain.datagrams);
      const ahead = await dump(true);
      assert.deepEqual(ahead.routes, plain.routes);
      assert.ok(ahead.datagrams - ahead.own > ahead.datagrams / 2, 'most of it came through the ring');
      // A 64 KiB receive buffer makes 16 KiB slots; the dump's datagrams are up to 32 KiB.
      const small = await dump(true, 64 * 1024);
      assert.deepEqual(small.routes, plain.routes);
      assert.equal(small.own, small.datagrams, 'the thread read none of them');
    });
  },
);

test('truncation is reported when the receive buffer is too small', OPTS, async () => {
  await withNetns((path) =>
    withSocket(
      path,
      async (sock) => {
        sock.send(nlmsg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 9, ifinfomsg()));
        const seen: { length: number; truncated: boolean }[] = [];
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('timeout')), 3000);
          sock.resume(() => {
            sock.receive((data, info) => {
              seen.push({ length: data.length, truncated: info.truncated });
            });
            if (seen.length >= 2) {
              clearTimeout(timer);
              sock.pause();
              resolve();
            }
          });
        });
        // lo's RTM_NEWLINK is far larger than 64 bytes; the DONE message (20 bytes) fits.
        assert.deepEqual(seen[0], { length: 64, truncated: true });
        assert.equal(seen[1]?.truncated, false);
      },
      { receiveBufferSize: 64 },
    ),
  );
});

test('ENOBUFS is thrown from receive and the socket stays usable', OPTS, async () => {
  await withNetns((path) =>
    withSocket(
      path,
      async (monitor) => {
        monitor.setOption(SOL_SOCKET, SO_RCVBUF, 0); // kernel minimum
        await withSocket(path, async (ctl) => {
          const parts: Uint8Array[] = [];
          for (let i = 0; i < 40; i++) {
            const flags = i % 2 === 0 ? IFF_UP : 0;
            parts.push(nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, i, ifinfomsg(1, flags, IFF_UP)));
          }
          ctl.send(concat(parts));
          const acks = await collect(ctl, (m) => m.filter((x) => x.type === NLMSG_ERROR).length >= 40);
          for (const a of acks) assert.equal(errorCode(a), 0);
        });
        let thrown: unknown;
        let got = 0;
        for (let i = 0; i < 100 && thrown === undefined; i++) {
          try {
            const n = monitor.receive(() => {
              got++;
            });
            if (n === 0) break;
          } catch (error) {
            thrown = error;
          }
        }
        assert.ok(thrown !== undefined, `expected ENOBUFS (got ${got} datagrams)`);
        assertSystemError(thrown, 'ENOBUFS', 105, 'recvmsg');
        // Still usable: drain, then no error.
        monitor.receive(() => {});
        assert.equal(
          monitor.receive(() => {}),
          0,
        );
        monitor.setOption(SOL_NETLINK, NETLINK_NO_ENOBUFS, 1);
        assert.equal(monitor.getOption(SOL_NETLINK, NETLINK_NO_ENOBUFS), 1);
      },
      { groups: RTMGRP_LINK },
    ),
  );
});

test('ENOBUFS while resumed: the readiness callback keeps firing', OPTS, async () => {
  await withNetns((path) =>
    withSocket(
      path,
      async (monitor) => {
        monitor.setOption(SOL_SOCKET, SO_RCVBUF, 0);
        const errors: unknown[] = [];
        let datagrams = 0;
        let afterError = 0;
        let wake: (() => void) | undefined;
        monitor.resume(() => {
          try {
            monitor.receive(() => {
              datagrams++;
              if (errors.length > 0) afterError++;
            });
          } catch (error) {
            errors.push(error);
          }
          wake?.();
        });
        const flood = async (seqBase: number): Promise<void> => {
          await withSocket(path, async (ctl) => {
            const parts: Uint8Array[] = [];
            for (let i = 0; i < 40; i++) {
              const flags = i % 2 === 0 ? IFF_UP : 0;
              parts.push(nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seqBase + i, ifinfomsg(1, flags, IFF_UP)));
            }
            ctl.send(concat(parts));
            await collect(ctl, (m) => m.filter((x) => x.type === NLMSG_ERROR).length >= 40);
          });
        };
        const until = (cond: () => boolean): Promise<void> =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`timeout: ${errors.length} errors, ${datagrams} datagrams`)),
              3000,
            );
            const check = (): void => {
              if (cond()) {
                clearTimeout(timer);
                wake = undefined;
                resolve();
              }
            };
            wake = check;
            check();
          });
        await flood(0);
        await until(() => errors.length > 0 && afterError > 0);
        assertSystemError(errors[0], 'ENOBUFS', 105, 'recvmsg');
        // A later event still wakes the socket up.
        const before = datagrams;
        await withSocket(path, async (ctl) => {
          ctl.send(nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 999, ifinfomsg(1, IFF_UP, IFF_UP)));
          await collect(ctl, (m) => m.some((x) => x.type === NLMSG_ERROR));
        });
        await until(() => datagrams > before);
        monitor.pause();
      },
      { groups: RTMGRP_LINK },
    ),
  );
});

test('promise continuations run right after the readiness callback (ping-pong)', OPTS, async (t) => {
  await withNetns((path) =>
    withSocket(path, async (sock) => {
      let waiter: ((seq: number) => void) | undefined;
      sock.resume(() => {
        sock.receive((data, info) => {
          for (const m of parse(data, info)) waiter?.(m.seq);
        });
      });
      const rounds = 2000;
      const start = process.hrtime.bigint();
      for (let seq = 1; seq <= rounds; seq++) {
        const got = new Promise<number>((resolve) => {
          waiter = resolve;
        });
        sock.send(nlmsg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, seq));
        assert.equal(await got, seq);
      }
      const ns = Number(process.hrtime.bigint() - start) / rounds;
      sock.pause();
      t.diagnostic(`round trip ${(ns / 1000).toFixed(1)} us`);
    }),
  );
});

const moduleUrl = new URL('../../src/socket/netlink-socket.js', import.meta.url).href;

function runChild(
  code: string,
  args: string[],
  timeoutMs: number,
  nodeFlags: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const child = spawn(process.execPath, [...nodeFlags, '--input-type=module', '-e', code, '--', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr, ms: Date.now() - start, killed });
    });
  });
}

const CHILD_PRELUDE = `
import { NetlinkSocket } from ${JSON.stringify(moduleUrl)};
const path = process.argv[process.argv.length - 1];
const req = new Uint8Array(16);
const dv = new DataView(req.buffer);
dv.setUint32(0, 16, true); dv.setUint16(4, 1, true); dv.setUint16(6, 5, true); dv.setUint32(8, 77, true);
`;

test('a script that does one request and closes exits immediately', OPTS, async () => {
  await withNetns(async (path) => {
    const code = `${CHILD_PRELUDE}
const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
sock.resume(() => {
  sock.receive((data) => {
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (v.getUint16(4, true) === 2 && v.getUint32(8, true) === 77) { console.log('ack'); sock.close(); }
  });
});
sock.send(req);
`;
    const r = await runChild(code, [path], 5000);
    assert.equal(r.killed, false, `child hung: ${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'ack');
    assert.ok(r.ms < 3000, `took ${r.ms} ms`);
  });
});

test('a paused socket does not keep the process alive; a resumed one does', OPTS, async () => {
  await withNetns(async (path) => {
    const paused = `${CHILD_PRELUDE}
const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
sock.resume(() => {});
sock.pause();
console.log('paused');
`;
    const r1 = await runChild(paused, [path], 5000);
    assert.equal(r1.killed, false, 'paused socket kept the process alive');
    assert.equal(r1.code, 0, r1.stderr);

    const resumed = `${CHILD_PRELUDE}
const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
sock.resume(() => { sock.receive(() => {}); });
console.log('resumed');
`;
    const r2 = await runChild(resumed, [path], 1500);
    assert.equal(r2.killed, true, 'a resumed socket must keep the process alive');
    assert.equal(r2.stdout.trim(), 'resumed');
  });
});

test('an exception thrown by the readiness callback is an uncaught exception', OPTS, async () => {
  await withNetns(async (path) => {
    const code = `${CHILD_PRELUDE}
process.on('uncaughtException', (e) => { console.log('caught', e.message); process.exit(3); });
const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
sock.resume(() => { throw new Error('from callback'); });
sock.send(req);
`;
    const r = await runChild(code, [path], 5000);
    assert.equal(r.killed, false);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout.trim(), 'caught from callback');
  });
});

test('garbage-collected sockets close their descriptors', OPTS, async () => {
  await withNetns(async (path) => {
    const code = `${CHILD_PRELUDE}
import { readdirSync } from 'node:fs';
const fds = () => readdirSync('/proc/self/fd').length;
const tick = () => new Promise((r) => setImmediate(r));
const base = fds();
(function () {
  for (let i = 0; i < 200; i++) {
    const s = new NetlinkSocket({ protocol: 0, netnsPath: path });
    if (i % 2 === 0) { s.resume(() => {}); s.pause(); }
  }
})();
const opened = fds();
for (let i = 0; i < 20 && fds() > base + 10; i++) { globalThis.gc(); await tick(); await tick(); }
console.log(JSON.stringify({ base, opened, after: fds() }));
`;
    const r = await runChild(code, [path], 10_000, ['--expose-gc']);
    assert.equal(r.code, 0, r.stderr);
    const { base, opened, after } = JSON.parse(r.stdout) as {
      base: number;
      opened: number;
      after: number;
    };
    assert.ok(opened >= base + 200, `opened ${opened} base ${base}`);
    assert.ok(after <= base + 10, `after gc ${after}, base ${base}`);
  });
});

test('a dump left unread with its read-ahead thread waiting does not keep the process alive', OPTS, async () => {
  await withNetns(async (path, name) => {
    addRoutes(name, RING_FILLING_ROUTES);
    const code = `${CHILD_PRELUDE}
const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
${START_READ_AHEAD}
console.log('started');
`;
    const r = await runChild(code, [path], 10_000);
    assert.equal(r.killed, false, 'the process ended on its own');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'started');
  });
});

test('worker threads: terminating a worker with live sockets is clean', OPTS, async () => {
  await withNetns(async (path, name) => {
    addRoutes(name, RING_FILLING_ROUTES); // the read-ahead thread is waiting when the worker ends
    // The main thread of the child never loads the addon, so it is unloaded with each worker.
    const code = `
import { Worker } from 'node:worker_threads';
import { readdirSync } from 'node:fs';
const path = process.argv[process.argv.length - 1];
const fds = () => readdirSync('/proc/self/fd').length;
const base = fds();
const body = \`
import { NetlinkSocket } from \${JSON.stringify(${JSON.stringify(moduleUrl)})};
import { parentPort } from 'node:worker_threads';
const path = \${JSON.stringify(path)};
const polled = new NetlinkSocket({ protocol: 0, netnsPath: path });
const idle = new NetlinkSocket({ protocol: 0, netnsPath: path });
const paused = new NetlinkSocket({ protocol: 0, netnsPath: path });
paused.resume(() => {}); paused.pause();
const req = new Uint8Array(16); const dv = new DataView(req.buffer);
dv.setUint32(0, 16, true); dv.setUint16(4, 1, true); dv.setUint16(6, 5, true);
const sock = new NetlinkSocket({ protocol: 0, netnsPath: path });
${START_READ_AHEAD}let n = 0;
polled.resume(() => { polled.receive(() => { n++; }); if (n === 10) parentPort.postMessage('done'); else polled.send(req); });
polled.send(req);
\`;
for (let i = 0; i < 5; i++) {
  const w = new Worker(body, { eval: true });
  await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  await w.terminate();
}
console.log(JSON.stringify({ base, after: fds() }));
`;
    const r = await runChild(code, [path], 15_000);
    assert.equal(r.killed, false, r.stderr);
    assert.equal(r.code, 0, r.stderr);
    const { base, after } = JSON.parse(r.stdout) as { base: number; after: number };
    assert.ok(after <= base + 2, `fds: base ${base}, after ${after}`);
  });
});

// --- Pure wrapper logic over a scripted addon (no root needed) -------------

interface Batch {
  datagrams: { bytes: number[]; truncated?: boolean; senderPort?: number; groups?: number }[];
  stop: number;
}

/** The scripted addon's read-ahead thread: `fill()` reads the next batch into the next free slot, as the thread would. */
interface ScriptedReader {
  fill: () => boolean;
  release: (slot: number) => void;
  wake: () => void;
  freed: number[];
  stopped: boolean;
}

/** A scripted addon: `recv` and the read-ahead thread take the next batch in turn. */
function fakeAddon(
  batches: Batch[],
): NativeAddon & { calls: number[]; polls: string[]; refs: boolean[]; reader?: ScriptedReader } {
  const handle: NativeHandle = {};
  let open = true;
  const calls: number[] = [];
  const polls: string[] = [];
  const systemError = (errno: number, syscall: string): NativeSystemError =>
    Object.assign(new Error(`${syscall} failed: errno ${errno} (E${errno})`), {
      code: `E${errno}`,
      errno: -errno,
      syscall,
    });
  const fillBatch = (data: Uint8Array, meta: Int32Array, maxCount: number): number => {
    const batch = batches.shift() ?? { datagrams: [], stop: 11 };
    assert.ok(batch.datagrams.length <= maxCount);
    let off = 0;
    batch.datagrams.forEach((d, i) => {
      data.set(d.bytes, off);
      const m = 1 + 5 * i;
      meta[m] = off;
      meta[m + 1] = d.bytes.length;
      meta[m + 2] = d.truncated === true ? 1 : 0;
      meta[m + 3] = d.senderPort ?? 0;
      meta[m + 4] = d.groups ?? 0;
      off += (d.bytes.length + 7) & ~7;
    });
    meta[0] = batch.stop;
    return batch.datagrams.length;
  };
  const addon: NativeAddon & { calls: number[]; polls: string[]; refs: boolean[]; reader?: ScriptedReader } = {
    calls,
    polls,
    refs: [],
    SLOT_SIZE: 65536,
    META_STRIDE: 5,
    META_HEADER: 1,
    open: () => handle,
    bind: () => 1234,
    setsockopt: () => {},
    getsockopt: () => 0,
    send: () => {},
    recv: (_h, data, meta, maxCount) => {
      if (!open) throw systemError(9, 'recvmsg');
      if (addon.reader && !addon.reader.stopped) throw systemError(16, 'recvmsg');
      calls.push(maxCount);
      return fillBatch(data, meta, maxCount);
    },
    readerStart: (_h, meta, slots, wake) => {
      assert.ok(!addon.reader || addon.reader.stopped, 'one reader at a time');
      const buffers = [...slots];
      const slotInts = Math.floor(meta.length / buffers.length);
      let next = 0;
      let ended = false;
      const reader: ScriptedReader = {
        wake,
        freed: [],
        stopped: false,
        fill: () => {
          const base = next * slotInts;
          if (ended || reader.stopped || meta[base] !== 0) return false;
          const count = fillBatch(
            buffers[next] as Uint8Array,
            meta.subarray(base + 2, base + slotInts),
            Math.floor((slotInts - 3) / 5),
          );
          calls.push(-1);
          meta[base + 1] = count;
          ended = meta[base + 2] !== 0;
          meta[base] = ended ? 2 : 1;
          next = (next + 1) % buffers.length;
          return true;
        },
        release: (slot) => {
          meta[slot * slotInts] = 0;
        },
      };
      for (let i = 0; i < buffers.length; i++) meta[i * slotInts] = 0;
      addon.reader = reader;
    },
    readerFree: (_h, slot) => {
      const r = addon.reader;
      assert.ok(r && !r.stopped, 'a slot freed with no reader');
      r.freed.push(slot);
      r.release(slot);
    },
    readerRef: (_h, on) => {
      addon.refs.push(on);
    },
    readerStop: () => {
      if (addon.reader) addon.reader.stopped = true;
      polls.push('reader stop');
    },
    pollStart: () => {
      polls.push('start');
    },
    pollStop: () => {
      polls.push('stop');
    },
    close: () => {
      open = false;
    },
    isOpen: () => open,
    systemError,
    netnsAdd: () => {},
    netnsDel: () => {},
  };
  return addon;
}

test('wrapper: delivers datagrams read before an error, then throws it', () => {
  const addon = fakeAddon([{ datagrams: [{ bytes: [1] }, { bytes: [2, 2] }], stop: 105 }]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  const got: number[][] = [];
  assert.throws(
    () => sock.receive((d) => got.push([...d])),
    (e) => (e as NativeSystemError).code === 'E105' && (e as NativeSystemError).syscall === 'recvmsg',
  );
  assert.deepEqual(got, [[1], [2, 2]]);
  assert.equal(
    sock.receive(() => {}),
    0,
  );
  sock.close();
});

test('wrapper: an error with nothing read is thrown at once', () => {
  const addon = fakeAddon([{ datagrams: [], stop: 105 }]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  assert.throws(() => sock.receive(() => assert.fail('no datagram')), /105/);
});

test('wrapper: drained batch needs one native call; full batch reads on', () => {
  const addon = fakeAddon([
    { datagrams: [{ bytes: [1] }], stop: 11 },
    { datagrams: [{ bytes: [2] }, { bytes: [3] }], stop: 0 },
    { datagrams: [{ bytes: [4] }], stop: 11 },
  ]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  const got: number[] = [];
  assert.equal(
    sock.receive((d) => got.push(d[0] ?? -1)),
    1,
  );
  assert.deepEqual(addon.calls.length, 1);
  assert.equal(
    sock.receive((d) => got.push(d[0] ?? -1)),
    3,
  );
  assert.deepEqual(got, [1, 2, 3, 4]);
  assert.equal(addon.calls.length, 3);
});

test('wrapper: maxDatagrams caps a call and the rest stays pending', () => {
  const addon = fakeAddon([{ datagrams: [{ bytes: [1] }, { bytes: [2] }, { bytes: [3] }, { bytes: [4] }], stop: 105 }]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  const got: number[] = [];
  assert.throws(
    () =>
      sock.receive((d) => {
        got.push(d[0] ?? -1);
        throw new Error('handler');
      }),
    /handler/,
  );
  assert.equal(
    sock.receive((d) => got.push(d[0] ?? -1), 2),
    2,
  );
  assert.deepEqual(addon.calls, [1024]);
  assert.throws(() => sock.receive((d) => got.push(d[0] ?? -1), 5), /105/);
  assert.deepEqual(got, [1, 2, 3, 4]);
  assert.equal(addon.calls.length, 1);
});

test('wrapper: a handler that closes the socket ends receive', () => {
  const addon = fakeAddon([{ datagrams: [{ bytes: [1] }, { bytes: [2] }], stop: 0 }]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  assert.equal(
    sock.receive(() => sock.close()),
    1,
  );
  assert.equal(sock.closed, true);
});

test('wrapper: datagram info carries sender, groups (u32) and truncation', () => {
  const addon = fakeAddon([
    {
      datagrams: [{ bytes: [1] }, { bytes: [2], senderPort: -4096, groups: -1, truncated: true }],
      stop: 11,
    },
  ]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  const infos: DatagramInfo[] = [];
  sock.receive((_d, info) => infos.push({ ...info }));
  assert.deepEqual(infos, [
    { senderPort: 0, groups: 0, truncated: false },
    { senderPort: 0xfffff000, groups: 0xffffffff, truncated: true },
  ]);
  assert.equal(sock.portId, 1234);
  sock.close();
  assert.equal(sock.closed, true);
  assert.throws(() => sock.receive(() => {}), /recvmsg/);
});

/** The scripted read-ahead thread, which must have been started. */
function readerOf(addon: { reader?: ScriptedReader }): ScriptedReader {
  assert.ok(addon.reader, 'the read-ahead thread was started');
  return addon.reader;
}

/** Receives up to `max` datagrams; returns their first bytes. */
function take(sock: NetlinkSocket, max: number): number[] {
  const got: number[] = [];
  sock.receive((d) => got.push(d[0] as number), max);
  return got;
}

/**
 * A socket reading ahead whose thread has just started: its own two reads
 * took datagrams 1 and 2, the third started the thread, which reads `ring`.
 */
function startedAhead(ring: Batch[]): {
  addon: ReturnType<typeof fakeAddon>;
  sock: NetlinkSocket;
  reader: ScriptedReader;
} {
  const one = (b: number): Batch => ({ datagrams: [{ bytes: [b] }], stop: 0 });
  const addon = fakeAddon([one(1), one(2), ...ring]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  sock.readAhead(true);
  assert.deepEqual([take(sock, 1), take(sock, 1), take(sock, 1)], [[1], [2], []]);
  return { addon, sock, reader: readerOf(addon) };
}

test('wrapper: reads ahead from the third read of a reply on, in order', () => {
  const one = (b: number): Batch => ({ datagrams: [{ bytes: [b] }], stop: 0 });
  const addon = fakeAddon([
    one(1),
    one(2),
    { datagrams: [{ bytes: [3] }, { bytes: [4] }], stop: 0 },
    { datagrams: [{ bytes: [5] }], stop: 11 },
  ]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  sock.readAhead(true);
  assert.deepEqual(take(sock, 1), [1]);
  assert.deepEqual(take(sock, 1), [2]);
  assert.equal(addon.reader, undefined, 'two reads of its own first');
  assert.deepEqual(take(sock, 1), [], 'the third starts the thread and waits for it');
  const reader = readerOf(addon);
  let wakes = 0;
  sock.resume(() => wakes++);
  assert.deepEqual(addon.polls, [], 'no readiness watch while the thread reads');
  assert.ok(reader.fill());
  reader.wake();
  assert.equal(wakes, 1);
  assert.deepEqual(take(sock, 10), [3, 4]);
  assert.deepEqual(take(sock, 10), [], 'the next slot is not filled yet');
  assert.ok(reader.fill());
  assert.deepEqual(take(sock, 10), [5]);
  assert.deepEqual(reader.freed, [0], 'a slot is given back once the next one is taken');
  assert.equal(reader.stopped, true, 'its last slot taken, the thread is stopped');
  assert.deepEqual(addon.polls, ['reader stop', 'start'], 'the readiness watch is back');
  assert.deepEqual(take(sock, 10), [], 'reads are ours again');
  assert.deepEqual(addon.calls, [1, 1, -1, -1, 10]);
  sock.close();
});

test('wrapper: an error the thread met comes after its datagrams; a one-read reply starts no thread', () => {
  const addon = fakeAddon([
    { datagrams: [{ bytes: [1] }], stop: 11 },
    { datagrams: [], stop: 11 },
    { datagrams: [{ bytes: [2] }], stop: 0 },
    { datagrams: [{ bytes: [3] }], stop: 0 },
    { datagrams: [{ bytes: [4] }], stop: 105 },
  ]);
  const sock = new NetlinkSocket({ protocol: 0 }, addon);
  sock.readAhead(true);
  assert.deepEqual(take(sock, 10), [1]);
  assert.deepEqual(take(sock, 10), [], 'drained');
  assert.equal(addon.reader, undefined);
  sock.readAhead(true); // a new reply: its own reads count anew
  assert.deepEqual(take(sock, 1), [2]);
  assert.deepEqual(take(sock, 1), [3]);
  take(sock, 1);
  const reader = readerOf(addon);
  reader.fill();
  const got: number[] = [];
  assert.throws(
    () => sock.receive((d) => got.push(d[0] as number)),
    (e) => (e as NativeSystemError).code === 'E105',
  );
  assert.deepEqual(got, [4]);
  assert.deepEqual(take(sock, 10), []);
  assert.equal(reader.stopped, true);
  sock.close();
});

test('wrapper: a thread that found nothing more ends, and a waiting reader is watched again', () => {
  const { addon, sock, reader } = startedAhead([{ datagrams: [], stop: 11 }]);
  reader.fill();
  assert.deepEqual(take(sock, 1), [], 'the thread read nothing');
  assert.equal(reader.stopped, true);
  sock.resume(() => {});
  assert.deepEqual(addon.polls, ['reader stop', 'start'], 'waiting for more watches the socket again');
  sock.close();
});

test('wrapper: a watcher taking a datagram at a time is called again while the ring holds more', async () => {
  const { sock, reader } = startedAhead([
    { datagrams: [{ bytes: [3] }, { bytes: [4] }, { bytes: [5] }], stop: 0 },
    { datagrams: [{ bytes: [6] }], stop: 11 },
  ]);
  reader.fill();
  reader.fill();
  const got: number[] = [];
  sock.resume(() => {
    got.push(...take(sock, 1));
  });
  reader.wake(); // one wake for both slots, as the thread's wakes coalesce
  for (let i = 0; i < 10 && got.length < 4; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, [3, 4, 5, 6], 'called from later turns until the ring was empty');
  sock.close();
});

test('wrapper: a datagram larger than a slot ends the thread; the rest of the reply is read without it', () => {
  const { addon, sock, reader } = startedAhead([
    { datagrams: [{ bytes: [3] }], stop: 90 }, // EMSGSIZE: the next one did not fit a slot
    { datagrams: [{ bytes: [4] }], stop: 0 },
    { datagrams: [{ bytes: [5] }], stop: 0 },
    { datagrams: [{ bytes: [6] }], stop: 0 },
  ]);
  reader.fill();
  assert.deepEqual(take(sock, 1), [3], 'not an error');
  assert.equal(reader.stopped, true);
  assert.deepEqual(
    [take(sock, 1), take(sock, 1), take(sock, 1)],
    [[4], [5], [6]],
    'read by the socket itself, no new thread for this reply',
  );
  assert.equal(addon.reader, reader);
  sock.close();
});

test('wrapper: the thread keeps the process alive only while a watcher waits', () => {
  const { addon, sock, reader } = startedAhead([{ datagrams: [{ bytes: [3] }], stop: 11 }]);
  assert.deepEqual(addon.refs, [], 'nobody waits: a forgotten reply does not hold the process');
  sock.resume(() => {});
  sock.pause();
  sock.resume(() => {});
  assert.deepEqual(addon.refs, [true, false, true]);
  reader.fill();
  assert.deepEqual(take(sock, 1), [3]);
  assert.deepEqual(addon.polls, ['stop', 'reader stop', 'start'], 'after the thread, the readiness watch holds it');
  sock.close();
});

test('wrapper: closing while the thread reads ends it; a late wake calls nothing', () => {
  const { addon, sock, reader } = startedAhead([]);
  let wakes = 0;
  sock.resume(() => wakes++);
  sock.close();
  reader.wake();
  assert.equal(wakes, 0);
  assert.equal(addon.isOpen({}), false);
});

test('wrapper: rejects a bad receiveBufferSize', () => {
  assert.throws(() => new NetlinkSocket({ protocol: 0, receiveBufferSize: 0 }, fakeAddon([])), RangeError);
});
