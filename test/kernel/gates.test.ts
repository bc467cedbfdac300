/** The gates' lane awareness: skip on the host, fail in the lane, skip everywhere when declared newer. */

import assert from 'node:assert/strict';
import { release } from 'node:os';
import { test } from 'node:test';
import {
  KernelLaneError,
  kernelAtLeast,
  parseKernelRelease,
  requireFeature,
  skipUnlessIntegration,
} from '../../src/testing/gates.js';

/** A context that records skips. */
function fakeContext(): { skip(message?: string): void; skipped: (string | undefined)[] } {
  const skipped: (string | undefined)[] = [];
  return { skipped, skip: (m) => skipped.push(m) };
}

let n = 0;
/** A fresh feature name (probes are cached by name). */
const feature = (what: string) => `${what} #${++n}`;

async function inMode<T>(lane: boolean, body: () => Promise<T>): Promise<T> {
  const saved = process.env.NLINK_KERNEL_LANE;
  process.env.NLINK_KERNEL_LANE = lane ? '1' : '0';
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.NLINK_KERNEL_LANE;
    else process.env.NLINK_KERNEL_LANE = saved;
  }
}

test('kernel releases parse and compare', () => {
  assert.deepEqual(parseKernelRelease('6.1.0-50-amd64'), [6, 1, 0]);
  assert.deepEqual(parseKernelRelease('6.18.44-fc-v782'), [6, 18, 44]);
  assert.deepEqual(parseKernelRelease('6.7'), [6, 7, 0]);
  assert.equal(kernelAtLeast('6.7', '6.1.0-50-amd64'), false);
  assert.equal(kernelAtLeast('6.7', '6.18.44'), true);
  assert.equal(kernelAtLeast('6.1', '6.1.0-50-amd64'), true);
  assert.equal(kernelAtLeast('5.4', release()), true);
  assert.throws(() => parseKernelRelease('linux'), /not a kernel release/);
});

test('requireFeature: present goes on; missing skips on the host and fails in the lane', {
  skip: skipUnlessIntegration(),
}, async () => {
  for (const lane of [false, true]) {
    await inMode(lane, async () => {
      const t = fakeContext();
      assert.equal(await requireFeature(t, feature('thing'), async () => true), true);
      assert.deepEqual(t.skipped, []);
    });
  }
  await inMode(false, async () => {
    const t = fakeContext();
    const name = feature('gizmo link');
    assert.equal(await requireFeature(t, name, async () => false), false);
    assert.deepEqual(t.skipped, [`the kernel lacks ${name}`]);
  });
  await inMode(true, async () => {
    const name = feature('gizmo link');
    await assert.rejects(
      requireFeature(fakeContext(), name, async () => false),
      (e: unknown) => {
        assert.ok(e instanceof KernelLaneError);
        assert.equal(e.feature, name);
        assert.match(e.message, new RegExp(`^kernel lane: the kernel lacks ${name} `));
        return true;
      },
    );
  });
});

test('requireFeature: a probe that throws counts as missing, with its error in the reason', {
  skip: skipUnlessIntegration(),
}, async () => {
  await inMode(false, async () => {
    const t = fakeContext();
    const name = feature('widget');
    assert.equal(await requireFeature(t, name, () => Promise.reject(new Error('EINVAL-ish'))), false);
    assert.deepEqual(t.skipped, [`the kernel lacks ${name} (the probe failed: EINVAL-ish)`]);
  });
  await inMode(true, async () => {
    await assert.rejects(
      requireFeature(fakeContext(), feature('widget'), () => Promise.reject(new Error('EINVAL-ish'))),
      (e: unknown) =>
        e instanceof KernelLaneError && e.cause instanceof Error && /probe failed: EINVAL-ish/.test(e.message),
    );
  });
});

test('requireFeature: a feature newer than the kernel skips in both places, saying so', {
  skip: skipUnlessIntegration(),
}, async () => {
  for (const lane of [false, true]) {
    await inMode(lane, async () => {
      const t = fakeContext();
      const name = feature('future link');
      assert.equal(await requireFeature(t, name, async () => false, { minKernel: '99.0' }), false);
      assert.deepEqual(t.skipped, [`the kernel lacks ${name}: it needs Linux 99.0 or newer, this is ${release()}`]);
    });
  }
  // Declared, but this kernel is new enough: a missing feature is an ordinary missing feature.
  await inMode(false, async () => {
    const t = fakeContext();
    const name = feature('past link');
    assert.equal(await requireFeature(t, name, async () => false, { minKernel: '3.0' }), false);
    assert.deepEqual(t.skipped, [`the kernel lacks ${name} (added in Linux 3.0)`]);
  });
  await inMode(true, async () => {
    await assert.rejects(
      requireFeature(fakeContext(), feature('past link'), async () => false, { minKernel: '3.0' }),
      KernelLaneError,
    );
  });
});
