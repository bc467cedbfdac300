#!/usr/bin/env node
// The full-kernel test lane's runner (docs/kernel-lane.md). It runs inside the QEMU guest
// (tools/kernel-lab/lane.sh starts it) and imports every compiled kernel test file,
// dist/test/kernel/**/*.test.js, into this ONE process: node:test registers and runs tests on
// import, and spawning node under emulation costs 0.5-2 s a time.
//
// This file is also its own node:test reporter (its default export), so it is started as
//   node --test-reporter=./scripts/kernel-lane.mjs --test-reporter-destination=stdout scripts/kernel-lane.mjs [FILE...]
// (started plainly, it re-runs itself that way: one more node process). It prints one line per
// test, the failures in full, the skipped tests with their reasons, and the summary line
// `N passed, N failed, N skipped`; the exit status is non-zero when a test failed.
//
// NLINK_KERNEL_LANE=1 (set here unless already set) makes the gates of src/testing/gates.ts fail
// a test whose feature is missing instead of skipping it; NLINK_KERNEL_LANE=0 runs the same
// files in host mode, where such tests skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { testFiles } from './test-files.mjs';

const self = fileURLToPath(import.meta.url);
const root = dirname(dirname(self));
const reporterFlags = [`--test-reporter=${self}`, '--test-reporter-destination=stdout'];

function guestUptime() {
  try {
    return `${readFileSync('/proc/uptime', 'utf8').split(' ')[0]} s`;
  } catch {
    return '?';
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === self;

const selfReporting = process.execArgv.some((a) => a.startsWith('--test-reporter=') && resolve(a.slice(16)) === self);

if (isMain && !selfReporting) {
  // Started plainly: run again with this file as the reporter.
  const r = spawnSync(process.execPath, [...reporterFlags, self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else if (isMain) {
  process.env.NLINK_KERNEL_LANE ??= '1';
  const dir = join(root, 'dist', 'test', 'kernel');
  const args = process.argv.slice(2).map((a) => resolve(a));
  const files = args.length ? args : existsSync(dir) ? testFiles(dir) : [];
  console.log(
    `kernel lane: Linux ${release()}, uptime ${guestUptime()} (node up ${process.uptime().toFixed(1)} s of it), ` +
      `node ${process.version}, ` +
      `NLINK_KERNEL_LANE=${process.env.NLINK_KERNEL_LANE}, ${files.length} test file(s)`,
  );
  if (files.length === 0) {
    console.error(`kernel lane: no test files under ${relative(process.cwd(), dir) || dir} (did the build run?)`);
    process.exitCode = 1;
  }
  for (const file of files) {
    try {
      await import(pathToFileURL(file).href);
    } catch (err) {
      console.error(`kernel lane: cannot load ${relative(root, file)}:\n${inspect(err)}`);
      process.exitCode = 1;
    }
  }
  console.log(`kernel lane: test files loaded at node uptime ${process.uptime().toFixed(1)} s`);
}

function where(data) {
  return data.file ? relative(root, data.file) : '?';
}

function fullName(stack, data) {
  return [...stack.slice(0, data.nesting), data.name].join(' > ');
}

/** The reporter: a node:test custom reporter (async generator over the test events). */
export default async function* laneReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skips = [];
  const failures = [];
  const stack = []; // names of the enclosing tests, by nesting level
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start') {
      stack[data.nesting] = data.name;
      stack.length = data.nesting + 1;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const name = fullName(stack, data);
    const ms = data.details?.duration_ms;
    const time = ms === undefined ? '' : ` (${(ms / 1000).toFixed(2)} s)`;
    const indent = '  '.repeat(data.nesting);
    if (data.details?.type === 'suite') {
      if (type === 'test:fail') yield `${indent}suite failed: ${data.name}${time}\n`;
      continue;
    }
    if (type === 'test:fail') {
      failed++;
      const err = data.details?.error;
      const shown = err?.cause ?? err;
      failures.push({ name, file: where(data), error: shown });
      yield `${indent}FAIL ${data.name}${time}\n`;
      yield `${indent}     ${String(shown?.message ?? shown).split('\n')[0]}\n`;
    } else if (data.skip !== undefined || data.todo !== undefined) {
      skipped++;
      const reason =
        data.skip !== undefined
          ? typeof data.skip === 'string'
            ? data.skip
            : '(no reason given)'
          : `todo${typeof data.todo === 'string' ? `: ${data.todo}` : ''}`;
      skips.push({ name, file: where(data), reason });
      yield `${indent}skip ${data.name}: ${reason}\n`;
    } else {
      passed++;
      yield `${indent}ok   ${data.name}${time}\n`;
    }
  }
  if (failures.length) {
    yield '\nfailures:\n';
    for (const f of failures) yield `\n- ${f.name} [${f.file}]\n${inspect(f.error, { depth: 4 })}\n`;
  }
  if (skips.length) {
    yield '\nskipped:\n';
    for (const s of skips) yield `- ${s.name} [${s.file}]: ${s.reason}\n`;
  }
  yield `\nnode ran ${process.uptime().toFixed(1)} s; uptime ${guestUptime()}\n`;
  yield `${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
