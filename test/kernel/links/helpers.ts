/** Helpers of the tunnel-group link-kind tests of the kernel lane. */

import assert from 'node:assert/strict';
import { inKernelLane, requireFeature, type SkippableContext } from '../../../src/testing/gates.js';
import { ipLinkDetails } from '../../integration/kinds/helpers.js';

/** The `info_data` iproute2 shows for DEV, after checking that its kind is `kind`. */
export function ipInfoData(ns: string, dev: string, kind: string): Readonly<Record<string, unknown>> {
  const link = ipLinkDetails(ns, dev);
  assert.equal(link.linkinfo?.info_kind, kind);
  return link.linkinfo?.info_data ?? {};
}

/**
 * {@link requireFeature} for a link kind the lane's kernel (Debian 12's 6.1)
 * is built without (`config`, e.g. `CONFIG_BAREUDP`): in the lane, a missing
 * kind skips with that reason instead of failing; elsewhere the gate is
 * {@link requireFeature}'s.
 */
export async function requireKindMissingFromLane(
  t: SkippableContext,
  feature: string,
  probe: () => Promise<boolean>,
  config: string,
): Promise<boolean> {
  if (inKernelLane() && !(await probe().catch(() => false))) {
    t.skip(`the kernel lacks ${feature}: the lane's Debian kernel is built without ${config}`);
    return false;
  }
  return requireFeature(t, feature, probe);
}
