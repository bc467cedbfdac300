import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpusAtSpeed, parseCpuList } from '../../bench/baseline.js';
import { alternate, cpuNote, pairsAtSpeed, pairTimes } from '../../bench/suite.js';

test('parseCpuList reads Linux CPU lists and refuses anything else', () => {
  assert.deepEqual(parseCpuList('0-1\n'), [0, 1]);
  assert.deepEqual(parseCpuList('0,2-4,7'), [0, 2, 3, 4, 7]);
  assert.deepEqual(parseCpuList('5'), [5]);
  for (const bad of ['', 'a', '3-1', '0-', '1,,2', '-1']) assert.throws(() => parseCpuList(bad), /not a CPU list/, bad);
});

test('cpusAtSpeed holds when every CPU took at most 1.25x the fastest time seen', () => {
  assert.equal(cpusAtSpeed([58, 63], 58), true);
  assert.equal(cpusAtSpeed([60, 75], 60), true);
  assert.equal(cpusAtSpeed([60, 76], 60), false);
  assert.equal(cpusAtSpeed([166, 58], 58), false);
  assert.equal(cpusAtSpeed([50, 52], 29), false, 'a host slowing both CPUs alike is not at full speed');
  assert.equal(cpusAtSpeed([30], 30), true);
});

test('pairsAtSpeed counts a pair when the checks before and after it were at full speed', () => {
  // Checks: before the runs, then after each of four pairs.
  assert.deepEqual(
    pairsAtSpeed([
      [30, 31],
      [30, 55],
      [31, 30],
      [29, 30],
      [50, 52],
    ]),
    [false, false, true, false],
  );
  assert.deepEqual(pairsAtSpeed([[30, 30]]), []);
  // Judged against the fastest of all checks: a slow start found out by a later check.
  assert.deepEqual(
    pairsAtSpeed([
      [50, 50],
      [50, 52],
      [29, 30],
    ]),
    [false, false],
  );
});

/** Runs {@link alternate} with sides that log their order, and `judge` answering from `answers`. */
async function trace(runs: number, answers?: boolean[]): Promise<{ order: string; counted: readonly boolean[] }> {
  let order = '';
  let pairs = 0;
  const judge = answers && (async (): Promise<boolean[]> => answers.slice(0, ++pairs));
  const counted = await alternate(
    runs,
    async () => {
      order += 'a';
    },
    async () => {
      order += 'b';
    },
    judge,
  );
  return { order, counted };
}

test('alternate runs pairs in ABBA order, again while a pair does not count, at most twice the runs', async () => {
  assert.deepEqual(await trace(3), { order: 'abbaab', counted: [true, true, true] });
  assert.deepEqual(await trace(3, [true, false, true, true, true]), {
    order: 'abbaabba',
    counted: [true, false, true, true],
  });
  const none = await trace(2, [false, false, false, false, false]);
  assert.deepEqual(none.counted, [false, false, false, false]);
  assert.equal(none.order, 'abbaabba');
});

test('pairTimes takes the counted pairs when at least half the runs counted, else every pair', () => {
  // Medians over all four pairs: nlink 2.75, C 1.375.
  const nlink = [3, 2.5, 3.5, 2.25];
  const c = [1.5, 1.25, 1, 2];
  assert.deepEqual(pairTimes(nlink, c, [false, true, false, true], 3), {
    nlink: [2.5, 2.25],
    c: [1.25, 2],
    pairs: { total: 4, counted: 2, countedOnly: true, allRatio: 2 },
  });
  assert.deepEqual(pairTimes(nlink, c, [false, true, false, false], 3), {
    nlink,
    c,
    pairs: { total: 4, counted: 1, countedOnly: false, allRatio: 2 },
  });
  assert.deepEqual(pairTimes([3], [2], [true], 1).pairs, {
    total: 1,
    counted: 1,
    countedOnly: true,
    allRatio: 1.5,
  });
});

test('cpuNote lists the checks and says which pairs the medians are of', () => {
  const head =
    'CPU check (the same loop timed on each CPU; one the host slows takes longer) before the runs and after each pair';
  const even = 'ran with every CPU at full speed (within 1.25x of the fastest check)';
  assert.equal(
    cpuNote(
      [
        [58.4, 60.6],
        [59, 61],
      ],
      { total: 1, counted: 1, countedOnly: true, allRatio: 1.8 },
    ),
    `${head}: 58/61, 59/61 ms; every pair ${even}`,
  );
  const checks = [
    [58, 60],
    [58, 166],
    [58, 61],
    [59, 60],
  ];
  const list = `${head}: 58/60, 58/166, 58/61, 59/60 ms`;
  assert.equal(
    cpuNote(checks, { total: 3, counted: 1, countedOnly: false, allRatio: 2.31 }),
    `${list}; only 1 of 3 pairs ${even}: the medians are of every pair`,
  );
  assert.equal(
    cpuNote(checks, { total: 3, counted: 2, countedOnly: true, allRatio: 2.31 }),
    `${list}; 2 of 3 pairs ${even}: the medians are theirs (over all 3 pairs: 2.31x)`,
  );
  assert.equal(
    cpuNote(
      [
        [58, 90],
        [58, 166],
      ],
      { total: 1, counted: 0, countedOnly: false, allRatio: 2.4 },
    ),
    `${head}: 58/90, 58/166 ms; no pair ${even}: the medians are of every pair`,
  );
});
