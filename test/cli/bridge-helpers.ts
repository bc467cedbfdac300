/** Helpers of the `nlink-bridge` tests: run it in-process, run iproute2's `bridge`, compare requests with fixtures. */

import { execFileSync } from 'node:child_process';
import { main } from '../../src/cli/bridge/main.js';
import { CapturedIo } from '../../src/cli/common/run.js';
import { NLM_F } from '../../src/core/constants.js';
import type { Fields } from '../../src/schema/attrs.js';
import type { StructFields } from '../../src/schema/codec.js';
import type { MessageSchema } from '../../src/schema/message.js';
import { diffRequests } from '../../src/testing/compare.js';
import type { FakeSocket } from '../../src/testing/fake-socket.js';
import { fixture } from '../helpers.js';
import { type CliRun, type FakeLink, fakeKernel } from './helpers.js';

/** Runs `nlink-bridge ARGV` in-process. */
export async function nlinkBridge(argv: readonly string[], fake?: FakeSocket): Promise<CliRun> {
  const io = new CapturedIo();
  const code = await main(argv, io, fake ? { socketFactory: fake.factory } : {});
  return { code, out: io.out, err: io.err };
}

/** Runs iproute2's `bridge ARGS...` and returns what it printed and its exit code. */
export function bridgeRun(args: readonly string[]): CliRun {
  try {
    const out = execFileSync('bridge', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

/** Links by ifindex, as `fakeKernel` takes them. */
export function fakeLinks(indexes: Readonly<Record<string, number>>): Record<string, FakeLink> {
  return Object.fromEntries(Object.entries(indexes).map(([name, index]) => [name, { index }]));
}

/** `fakeKernel` knowing `links` (its dumps other than links' are empty). */
export function fakeBridgeKernel(links: Readonly<Record<string, number>>): FakeSocket {
  return fakeKernel(fakeLinks(links));
}

/**
 * The last request `nlink-bridge ARGV` sent to a fake kernel knowing `links`,
 * without the `NLM_F_ACK` the session adds to every request (iproute2 asks
 * for none on dumps and `get`).
 */
export async function lastBridgeRequest(
  argv: readonly string[],
  links: Readonly<Record<string, number>>,
): Promise<{ run: CliRun; request: Buffer }> {
  const fake = fakeBridgeKernel(links);
  const run = await nlinkBridge(argv, fake);
  const last = fake.sent.at(-1);
  if (!last) throw new Error(`nothing was sent (exit ${run.code}: ${run.err})`);
  return { run, request: last.raw };
}

/** Differences between a request and the iproute2 fixture `NAME`, ignoring `NLM_F_ACK` on both sides. */
export function diffFixture<H extends StructFields, F extends Fields>(
  request: Buffer,
  name: string,
  schema: MessageSchema<H, F>,
): string[] {
  const want = Buffer.from(fixture(`iproute2/${name}`));
  const got = Buffer.from(request);
  for (const b of [want, got]) b.writeUInt16LE(b.readUInt16LE(6) & ~NLM_F.ACK, 6);
  return diffRequests(got, want, schema);
}
