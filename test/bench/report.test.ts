import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkStatus,
  duration,
  formatMarkdown,
  formatTable,
  median,
  mib,
  type Row,
  ratioCheck,
  rssCheck,
  side,
} from '../../bench/report.js';

test('median: odd and even counts, order-independent; empty throws', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /median of nothing/);
});

test('side: median seconds, ns per op and the highest peak RSS', () => {
  const s = side('nlink', 1000, [0.003, 0.001, 0.002], [2048, 4096, 1024]);
  assert.equal(s.medianSeconds, 0.002);
  assert.equal(s.nsPerOp, 2000);
  assert.equal(s.peakRssKiB, 4096);
  assert.equal('peakRssKiB' in side('C', 1, [1]), false);
});

test('checks: ratio and RSS limits, and skipped targets', () => {
  assert.deepEqual(ratioCheck(1.9, 2), { target: '≤ 2.0x', pass: true });
  assert.deepEqual(ratioCheck(1.3, 1.25), { target: '≤ 1.25x', pass: false });
  assert.equal(rssCheck(side('n', 1, [1], [99 * 1024]), 100).pass, true);
  assert.equal(rssCheck(side('n', 1, [1], [100 * 1024]), 100).pass, false);
  assert.equal(rssCheck(side('n', 1, [1]), 100).pass, false, 'no RSS measured fails the RSS target');
  assert.equal(checkStatus({ target: 'x', pass: undefined }), 'not run');
});

test('duration and mib pick readable units', () => {
  assert.equal(duration(2.5), '2.50 s');
  assert.equal(duration(0.25), '250 ms');
  assert.equal(duration(0.0042), '4.2 ms');
  assert.equal(duration(0.0000425), '42.5 µs');
  assert.equal(duration(0.000_000_153), '153 ns');
  assert.equal(mib(1536), '1.5 MiB');
  assert.equal(mib(undefined), '-');
});

test('formatTable aligns columns and lists notes; formatMarkdown escapes pipes', () => {
  const rows: Row[] = [
    {
      id: 'a',
      title: 'route dump',
      work: '1,000 routes',
      unit: 'route',
      nlink: side('nlink', 1000, [0.002], [51200]),
      reference: side('C', 1000, [0.001]),
      ratio: 2,
      checks: [ratioCheck(2, 2)],
      notes: ['a | b'],
    },
    {
      id: 'e1',
      title: 'cli',
      work: 'w|x',
      unit: 'route',
      nlink: side('nlink-ip', 10, [Number.NaN]),
      checks: [{ target: 'faster than ip', pass: undefined }],
      display: 'skipped',
    },
  ];
  const lines = formatTable(rows).split('\n');
  assert.match(lines[0] ?? '', /^id\s+scenario\s+work per run\s+nlink\s+reference\s+ratio/);
  assert.match(lines[2] ?? '', /^a\s+route dump\s+1,000 routes\s+2,000 ns\/route \(2\.0 ms\)\s+C 1,000 ns\/route/);
  assert.match(lines[2] ?? '', /2\.00x\s+50\.0 MiB\s+-\s+≤ 2\.0x PASS$/);
  assert.match(lines[3] ?? '', /^e1\s+cli\s+w\|x\s+skipped\s+-\s+-\s+-\s+-\s+faster than ip not run$/);
  assert.equal(lines.at(-1), 'a: a | b');
  // Every table line has the column separators in the same places.
  const width = lines[0]?.indexOf('scenario');
  assert.equal(lines[2]?.indexOf('route dump'), width);
  const md = formatMarkdown(rows);
  assert.match(md, /^\| id \| scenario \|/);
  assert.match(md, /\| e1 \| cli \| w\\\|x \| skipped \|/);
  assert.match(md, /\n- a: a \| b$/);
});
