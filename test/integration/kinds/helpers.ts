/** Helpers of the link-kind integration tests (host kinds here, module kinds under test/kernel/links). */

import assert from 'node:assert/strict';
import { ipJson } from '../../helpers.js';

/** One link as `ip -j -d link show` prints it (the parts these tests read). */
export interface IpLinkDetails {
  readonly ifname: string;
  readonly mtu: number;
  readonly address: string;
  readonly link?: string;
  readonly master?: string;
  readonly linkinfo?: {
    readonly info_kind?: string;
    readonly info_data?: Record<string, unknown>;
    readonly info_slave_kind?: string;
    readonly info_slave_data?: Record<string, unknown>;
  };
}

/** `ip -j -d -n NS link show NAME`, parsed; fails the test when the link is not there. */
export function ipLinkDetails(ns: string, name: string): IpLinkDetails {
  const [link] = ipJson(ns, '-d', 'link', 'show', name) as IpLinkDetails[];
  assert.ok(link, `ip link show ${name} in ${ns}`);
  return link;
}

/** Asserts that every key of `expected` has that value in `actual` (other keys are ignored). */
export function assertFields(
  actual: object | undefined,
  expected: Readonly<Record<string, unknown>>,
  what: string,
): void {
  assert.ok(actual, `${what} is missing`);
  const fields = actual as Readonly<Record<string, unknown>>;
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(fields[key], value, `${what}.${key}`);
}
