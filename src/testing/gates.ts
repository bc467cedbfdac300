/**
 * Test gates: skip a test with a clear reason when it cannot run here (not
 * root, no native addon, a kernel feature missing), the seed's
 * `require_root!` and `require_module!`. Features are probed by trying
 * (see `probes.ts`: create a link of the kind in a throwaway namespace and
 * see whether the kernel says `EOPNOTSUPP`), never by reading module lists.
 *
 * In the full-kernel test lane (`npm run test:kernel`, which sets
 * `NLINK_KERNEL_LANE=1`), a gate that would skip fails the test instead:
 * the lane's kernel has every module, so a missing feature there is a bug
 * (of the probe, the lane or the code). Features declared newer than the
 * running kernel (`{ minKernel: '6.7' }`) skip in both places.
 *
 * ```ts
 * test('adds a veth', { skip: skipUnlessRoot() }, async () => { ... });
 * test('uses netem', async (t) => {
 *   if (!(await requireFeature(t, 'netem qdisc', probeQdisc('netem', netemOptions)))) return;
 * });
 * test('adds a netkit pair', async (t) => {
 *   if (!(await requireFeature(t, 'netkit link', probeLinkKind('netkit'), { minKernel: '6.7' }))) return;
 * });
 * ```
 *
 * @module
 */

import { release } from 'node:os';
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

/**
 * Whether this process runs in the full-kernel test lane (`NLINK_KERNEL_LANE=1`,
 * set by `scripts/kernel-lane.mjs` inside the guest), where gates fail instead of skipping.
 */
export function inKernelLane(): boolean {
  return process.env.NLINK_KERNEL_LANE === '1';
}

/** Thrown by a gate in the kernel lane where it would have skipped elsewhere. */
export class KernelLaneError extends Error {
  override readonly name = 'KernelLaneError';
  /** What was missing: a feature name, or `root and the native addon`. */
  readonly feature: string;

  constructor(feature: string, reason: string, options?: { cause?: unknown }) {
    super(`kernel lane: ${reason} (a test that skips elsewhere must run in the lane)`, options);
    this.feature = feature;
  }
}

/**
 * Skips `t` unless root with the addon built; returns whether the test may go on.
 * In the kernel lane it throws a {@link KernelLaneError} instead of skipping.
 */
export function requireRoot(t: SkippableContext): boolean {
  const reason = skipUnlessIntegration();
  if (reason && inKernelLane()) throw new KernelLaneError('root and the native addon', reason);
  if (reason) t.skip(reason);
  return !reason;
}

/** Options of {@link requireFeature}. */
export interface FeatureOptions {
  /**
   * The first Linux release with the feature (`'6.7'`), for features newer
   * than the kernel lane's (Debian 12's 6.1). When the running kernel is older
   * and the feature is missing, the test skips with a reason saying so, in the
   * lane too; on a kernel this new or newer a missing feature skips (or, in
   * the lane, fails) like any other.
   */
  readonly minKernel?: string;
}

/** The `major.minor.patch` numbers of a kernel release string (`6.1.0-50-amd64` → `[6, 1, 0]`). */
export function parseKernelRelease(text: string): number[] {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!m) throw new Error(`not a kernel release: ${JSON.stringify(text)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Whether the running kernel (or `current`, a release string) is at least `version` (`'6.7'`). */
export function kernelAtLeast(version: string, current: string = release()): boolean {
  const want = parseKernelRelease(version);
  const have = parseKernelRelease(current);
  for (let i = 0; i < 3; i++) {
    const d = (have[i] ?? 0) - (want[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

interface ProbeResult {
  readonly present: boolean;
  /** Why the probe could not tell (it threw). */
  readonly error?: unknown;
}

const probeCache = new Map<string, Promise<ProbeResult>>();

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Lets `t` go on when `probe` says the kernel has `feature`; otherwise skips
 * it with the reason `the kernel lacks FEATURE` and returns `false`. Probes
 * are cached per process by feature name; a probe that throws counts as
 * missing (its error goes into the reason). Also requires root and the addon
 * ({@link requireRoot}).
 *
 * In the kernel lane ({@link inKernelLane}) a missing feature throws a
 * {@link KernelLaneError} naming it, so the test fails, unless
 * `options.minKernel` says the feature is newer than the running kernel: then
 * it skips there too, with a reason saying so.
 */
export async function requireFeature(
  t: SkippableContext,
  feature: string,
  probe: () => Promise<boolean>,
  options: FeatureOptions = {},
): Promise<boolean> {
  if (!requireRoot(t)) return false;
  let result = probeCache.get(feature);
  if (!result) {
    result = probe().then(
      (present): ProbeResult => ({ present }),
      (error: unknown): ProbeResult => ({ present: false, error }),
    );
    probeCache.set(feature, result);
  }
  const { present, error } = await result;
  if (present) return true;
  const detail = error === undefined ? '' : ` (the probe failed: ${describeError(error)})`;
  const { minKernel } = options;
  if (minKernel !== undefined && !kernelAtLeast(minKernel)) {
    t.skip(`the kernel lacks ${feature}: it needs Linux ${minKernel} or newer, this is ${release()}${detail}`);
    return false;
  }
  const since = minKernel === undefined ? '' : ` (added in Linux ${minKernel})`;
  const reason = `the kernel lacks ${feature}${since}${detail}`;
  if (inKernelLane()) throw new KernelLaneError(feature, reason, error === undefined ? undefined : { cause: error });
  t.skip(reason);
  return false;
}
