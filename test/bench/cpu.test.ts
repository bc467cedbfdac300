import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCpuList } from '../../bench/baseline.js';
import { cpuNote } from '../../bench/suite.js';

test('parseCpuList reads Linux CPU lists and refuses anything else', () => {
  assert.deepEqual(parseCpuList('0-1\n'), [0, 1]);
  assert.deepEqual(parseCpuList('0,2-4,7'), [0, 2, 3, 4, 7]);
  assert.deepEqual(parseCpuList('5'), [5]);
  for (const bad of ['', 'a', '3-1', '0-', '1,,2', '-1']) assert.throws(() => parseCpuList(bad), /not a CPU list/, bad);
});

test('cpuNote prints each CPU time, before and after', () => {
  assert.equal(
    cpuNote([31.4, 50.6], [30.2, 166]),
    'CPU check (the same loop timed on each CPU: one the host slows takes longer) before 31/51 ms, after 30/166 ms',
  );
});
