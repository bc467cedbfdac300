#!/usr/bin/env node
// Runs every compiled test file under dist/test with node's test runner.
// Usage: node scripts/run-tests.mjs [DIR...]   (default: dist/test)
import { spawnSync } from 'node:child_process';
import { testFiles } from './test-files.mjs';

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['dist/test']).flatMap((r) => testFiles(r));
if (files.length === 0) {
  console.error('no test files found (did the build run?)');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
