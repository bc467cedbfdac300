/**
 * Test gates: skip a test with a clear reason when it cannot run here (not
 * root, no native addon, a kernel feature missing), the seed's
 * `require_root!` and `require_module!`. Features are probed by trying,
 * never by reading module lists.
 *
 * ```ts
 * test('adds a veth', { skip: skipUnlessRoot() }, async () => { ... });
 * test('uses netem', async (t) => {
 *   if (!(await requireFeature(t, 'netem qdisc', probeNetem))) return;
 * });
 * ```
 *
 * @module
 */

import { addonAvailable } from '../socket/addon.js';

/** The part of node:test's `TestContext` the gates use. */
export interface SkippableContext {
  skip(message?: string): void;
}

/** A skip reason when the process is not root, else `false` (for node:test's `skip` option). */
export function skipUnlessRoot(): string | false {
  return process.getuid?.() === 0 ? false : 'needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)';
}

/** A skip reason when the native addon is not built, else `false`. */
export function skipUnlessAddon(): string | false {
  return addonAvailable() ? false : 'the native addon is not built (run npm install)';
}

/** A skip reason unless both root and the addon are available: what integration tests need. */
export function skipUnlessIntegration(): string | false {
  return skipUnlessRoot() || skipUnlessAddon();
}

/** Skips `t` unless root with the addon built; returns whether the test may go on. */
export function requireRoot(t: SkippableContext): boolean {
  const reason = skipUnlessIntegration();
  if (reason) t.skip(reason);
  return !reason;
}

const probeCache = new Map<string, Promise<boolean>>();

/**
 * Skips `t` unless `probe` says the kernel has `feature` (probes are cached
 * per process by feature name). Also requires root and the addon.
 */
export async function requireFeature(
  t: SkippableContext,
  feature: string,
  probe: () => Promise<boolean>,
): Promise<boolean> {
  if (!requireRoot(t)) return false;
  let result = probeCache.get(feature);
  if (!result) {
    result = probe().catch(() => false);
    probeCache.set(feature, result);
  }
  if (await result) return true;
  t.skip(`the kernel lacks ${feature}`);
  return false;
}
