/** Helpers of the CLI tests: run `nlink-ip` in-process, against a fake kernel or a real namespace. */

import { execFileSync } from 'node:child_process';
import { CapturedIo } from '../../src/cli/common/run.js';
import { main } from '../../src/cli/ip/main.js';
import { NLM_F, RTM } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import { linkMessage } from '../../src/route/link/schema.js';
import { diffRequests } from '../../src/testing/compare.js';
import { FakeSocket } from '../../src/testing/fake-socket.js';
import * as frames from '../../src/testing/frames.js';
import { fixture } from '../helpers.js';

/** What a run printed and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `nlink-ip ARGV` in-process. */
export async function nlinkIp(argv: readonly string[], fake?: FakeSocket): Promise<CliRun> {
  const io = new CapturedIo();
  const code = await main(argv, io, fake ? { socketFactory: fake.factory } : {});
  return { code, out: io.out, err: io.err };
}

/** A link of the fake kernel: its ifindex, and optionally its address and kind. */
export interface FakeLink {
  readonly index: number;
  readonly address?: string;
  readonly kind?: string;
}

/**
 * A fake kernel that knows `links` (answering `RTM_GETLINK` by name or
 * index, and dumps), ends every other dump at once (`NLMSG_DONE`) and
 * acknowledges everything else.
 */
export function fakeKernel(links: Readonly<Record<string, FakeLink>>): FakeSocket {
  const fake = new FakeSocket();
  const encode = (name: string, link: FakeLink): Buffer => {
    const w = new Writer();
    linkMessage.encode(w, {
      header: { index: link.index },
      attrs: {
        ifname: name,
        ...(link.address === undefined ? {} : { address: link.address }),
        ...(link.kind === undefined ? {} : { linkinfo: { kind: link.kind } }),
      },
    });
    return w.finish();
  };
  fake.onRequest = (req) => {
    if (req.header.type !== RTM.GETLINK) {
      return [(req.header.flags & NLM_F.DUMP) === NLM_F.DUMP ? frames.done(req) : frames.ack(req)];
    }
    if (req.header.flags & NLM_F.DUMP) {
      const all = Object.entries(links).map(([name, l]) => frames.reply(req, RTM.NEWLINK, encode(name, l)));
      return [...all, frames.done(req)];
    }
    const asked = linkMessage.decode(req.payload);
    const entry = Object.entries(links).find(([name, l]) =>
      asked.attrs.ifname === undefined ? l.index === asked.header.index : name === asked.attrs.ifname,
    );
    if (!entry) return [frames.error(req, 19)];
    return [frames.reply(req, RTM.NEWLINK, encode(entry[0], entry[1])), frames.ack(req)];
  };
  return fake;
}

/** The last request `nlink-ip ARGV` sent to a fake kernel knowing `links`, and what the run printed. */
export async function lastCliRequest(
  argv: readonly string[],
  links: Readonly<Record<string, FakeLink>> = {},
): Promise<{ run: CliRun; request: Buffer }> {
  const fake = fakeKernel(links);
  const run = await nlinkIp(argv, fake);
  const last = fake.sent.at(-1);
  if (!last) throw new Error(`nothing was sent (exit ${run.code}: ${run.err})`);
  return { run, request: last.raw };
}

/** Differences between a request and the iproute2 fixture `test/fixtures/iproute2/NAME.hex`. */
export function diffWithFixture(request: Uint8Array, name: string): string[] {
  return diffRequests(request, fixture(`iproute2/${name}`), linkMessage);
}

/** Runs iproute2's `ip ARGS...` and returns what it printed and its exit code. */
export function ipRun(args: readonly string[]): CliRun {
  try {
    const out = execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}
