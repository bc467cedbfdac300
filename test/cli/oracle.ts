/**
 * Comparing `nlink-ip` with iproute2's `ip` on real state: outputs of the
 * same command in one namespace, and the state the same change command
 * leaves in two twin namespaces.
 */

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { withNamespace } from '../../src/testing/lab.js';
import { type CliRun, ipRun, nlinkIp } from './helpers.js';

/**
 * Values that change by themselves between two runs (lifetimes counting
 * down, neighbour timers): JSON keys and text patterns whose numbers become
 * `T`. A value equal to `keep` (such as "forever") stays as it is.
 */
export interface Volatile {
  readonly keys: readonly string[];
  readonly text: readonly RegExp[];
  readonly keep?: string;
}

/** Nothing varies. */
export const STABLE: Volatile = { keys: [], text: [] };

/** Replaces the volatile numbers of `out` by `T` (`"T"` in JSON). */
export function normalise(out: string, v: Volatile): string {
  let s = out;
  for (const key of v.keys) {
    s = s.replace(new RegExp(`"${key}": ?(-?\\d+(?:\\.\\d+)?)`, 'g'), (m, n: string) =>
      n === v.keep ? m : `"${key}":"T"`,
    );
  }
  for (const re of v.text) {
    s = s.replace(re, (m, ...rest: unknown[]) => {
      // The captures, before the match's offset and the whole input.
      const groups = rest.slice(
        0,
        rest.findIndex((x) => typeof x === 'number'),
      );
      let r = m;
      for (const g of groups) {
        if (typeof g !== 'string' || g === v.keep) continue;
        r = r.replace(g, 'T');
      }
      return r;
    });
  }
  return s;
}

/** Runs `ip -n NS LINE` and fails unless it succeeds. */
export function ipIn(ns: string, line: string): void {
  const r = ipRun(['-n', ns, ...line.split(' ')]);
  assert.equal(r.code, 0, `ip ${line}: ${r.err}`);
}

/**
 * Two veth pairs v0/v1 and w0/w1 with fixed MAC addresses (so that link-local
 * addresses and routes agree between twins), no DAD, lo up; then `more`
 * (`ip` lines, e.g. which ends are up and their addresses).
 */
export function vethPairs(ns: string, more: readonly string[]): void {
  for (const key of ['all', 'default']) {
    const r = ipRun(['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.${key}.accept_dad=0`]);
    if (r.code !== 0) throw new Error(r.err);
  }
  for (const line of [
    'link set lo up',
    'link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02',
    'link add w0 address 02:00:00:00:01:01 type veth peer name w1 address 02:00:00:00:01:02',
    ...more,
  ]) {
    ipIn(ns, line);
  }
}

/**
 * Runs `ip ARGS`, ours, and `ip ARGS` again until the two iproute2 runs agree
 * once normalised, then returns iproute2's and ours.
 */
async function stablePair(ns: string, args: readonly string[], v: Volatile) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = ipRun(['-n', ns, ...args]);
    const ours = await nlinkIp(['-n', ns, ...args]);
    const after = ipRun(['-n', ns, ...args]);
    if (normalise(before.out, v) === normalise(after.out, v)) return { theirs: before, ours };
    await sleep(300);
  }
  throw new Error(`ip ${args.join(' ')} never gave the same output twice`);
}

/**
 * Asserts that `nlink-ip -n NS ARGS` prints what `ip -n NS ARGS` prints
 * (volatile numbers aside) and exits alike. A kernel error (exit 2) is worded
 * nlink's way and need only carry the kernel's message.
 */
export async function assertSameOutput(ns: string, args: readonly string[], v: Volatile = STABLE): Promise<CliRun> {
  const { theirs, ours } = await stablePair(ns, args, v);
  const what = `nlink-ip ${args.join(' ')}`;
  assert.equal(ours.code, theirs.code, `${what}: exit code (stderr ${ours.err})`);
  if (theirs.code === 2 && ours.code === 2) {
    // A kernel error: nlink-ip words it its own way (operation, object,
    // errno), the kernel's own message included.
    const kernel = theirs.err.replace(/^(Error: |RTNETLINK answers: )/, '').replace(/\.?\n$/, '');
    assert.ok(ours.err.includes(kernel), `${what}: stderr ${JSON.stringify(ours.err)} lacks ${JSON.stringify(kernel)}`);
  } else {
    assert.equal(ours.err, theirs.err, `${what}: stderr`);
  }
  assert.equal(normalise(ours.out, v), normalise(theirs.out, v), what);
  if (args.includes('-j') && /^[[{]/.test(theirs.out)) {
    assert.deepEqual(JSON.parse(normalise(ours.out, v)), JSON.parse(normalise(theirs.out, v)), what);
  }
  return theirs;
}

/** Runs `body` with two fresh namespaces, both prepared by `setup` (with `ip`). */
export async function withTwins(
  prefix: string,
  setup: (ns: string) => void,
  body: (ip: string, ours: string) => Promise<void>,
): Promise<void> {
  await withNamespace(
    (a) =>
      withNamespace(
        async (b) => {
          setup(a.name);
          setup(b.name);
          await body(a.name, b.name);
        },
        { prefix },
      ),
    { prefix },
  );
}

/**
 * Applies each change line with `ip` in one twin and with `nlink-ip` in the
 * other (both must succeed; a line starting with `!` must fail in both with
 * the same exit code), then asserts that every `show` command reads the
 * same in both through `ip` (after `canon`, which may sort what the kernel
 * lists in hash order).
 */
export async function assertSameChanges(
  ipNs: string,
  oursNs: string,
  lines: readonly string[],
  shows: readonly (readonly string[])[],
  v: Volatile = STABLE,
  canon: (out: string) => string = (out) => out,
): Promise<void> {
  for (const line of lines) {
    const fails = line.startsWith('!');
    const args = (fails ? line.slice(1) : line).split(' ');
    const theirs = ipRun(['-n', ipNs, ...args]);
    const ours = await nlinkIp(['-n', oursNs, ...args]);
    assert.equal(theirs.code !== 0, fails, `ip ${line}: ${theirs.err}`);
    assert.equal(ours.code, theirs.code, `${line}: exit code (ip: ${theirs.err}, nlink-ip: ${ours.err})`);
  }
  for (const show of shows) {
    const a = ipRun(['-n', ipNs, ...show]);
    const b = ipRun(['-n', oursNs, ...show]);
    assert.equal(b.code, 0, b.err);
    assert.equal(canon(normalise(b.out, v)), canon(normalise(a.out, v)), `ip ${show.join(' ')} after the changes`);
  }
}
