/**
 * The C baseline (`bench/c/baseline.c`): compiled from the project's own
 * source into `.bench/` and run as a child process inside a namespace.
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Compiler flags used for the baseline (the same as the brief and c/README.md, plus warnings). */
export const CC_FLAGS: readonly string[] = ['-O2', '-std=gnu11', '-Wall', '-Wextra'];

/** One JSON line printed by the baseline. */
export interface BaselineResult {
  readonly scenario: string;
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSec: number;
  readonly nsPerOp: number;
  readonly items?: number;
}

/** A compiled baseline binary. */
export interface Baseline {
  /** Absolute path of the executable. */
  readonly binary: string;
  /** First line of `cc --version`. */
  readonly compiler: string;
  /** True when this call compiled it, false when a cached build was reused. */
  readonly compiled: boolean;
}

/**
 * The repository root: the nearest ancestor of this module holding the
 * `nlink` package.json (works from `bench/` and from `dist/bench/`).
 */
export function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'nlink') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`bench: cannot find the nlink package root above ${import.meta.url}`);
    dir = parent;
  }
}

/**
 * Compiles `bench/c/baseline.c` with `cc -O2 -std=gnu11` into `<root>/.bench/`.
 * The binary name carries a hash of the source, compiler and flags, so an
 * unchanged build is reused.
 * @throws {Error} when `cc` is missing or the compilation fails.
 */
export function buildBaseline(root: string): Baseline {
  const source = join(root, 'bench', 'c', 'baseline.c');
  if (!existsSync(source)) throw new Error(`bench: C baseline source not found: ${source}`);
  const version = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  if (version.error) {
    const code = (version.error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? 'bench: no C compiler: `cc` is not on PATH (install gcc or clang, e.g. `apt-get install gcc`)'
        : `bench: cannot run cc: ${version.error.message}`,
    );
  }
  if (version.status !== 0) throw new Error(`bench: \`cc --version\` failed: ${version.stderr}`);
  const compiler = version.stdout.split('\n')[0]?.trim() ?? 'cc';
  const hash = createHash('sha256')
    .update(readFileSync(source))
    .update('\0')
    .update(version.stdout)
    .update('\0')
    .update(CC_FLAGS.join(' '))
    .digest('hex')
    .slice(0, 16);
  const outDir = join(root, '.bench');
  const binary = join(outDir, `baseline-${hash}`);
  if (existsSync(binary)) return { binary, compiler, compiled: false };
  mkdirSync(outDir, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  const cc = spawnSync('cc', [...CC_FLAGS, '-o', tmp, source], { encoding: 'utf8' });
  if (cc.error) throw new Error(`bench: cannot run cc: ${cc.error.message}`);
  if (cc.status !== 0) {
    throw new Error(`bench: compiling ${source} failed (cc exit ${cc.status}):\n${cc.stderr}`);
  }
  if (cc.stderr.trim() !== '') process.stderr.write(`bench: cc warnings:\n${cc.stderr}`);
  renameSync(tmp, binary);
  return { binary, compiler, compiled: true };
}

/** Children still running, so a signal handler can stop them. */
export const runningChildren = new Set<ChildProcess>();

/**
 * Runs one baseline scenario inside the namespace at `netnsPath` and parses
 * its JSON line.
 * @throws {Error} when the program fails or prints something unexpected.
 */
export function runBaseline(binary: string, args: readonly string[], netnsPath: string): Promise<BaselineResult> {
  const argv = [...args, '--netns', netnsPath];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    runningChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (err) => {
      runningChildren.delete(child);
      reject(new Error(`bench: cannot run C baseline: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      runningChildren.delete(child);
      const cmd = `baseline ${argv.join(' ')}`;
      if (code !== 0) {
        reject(new Error(`bench: \`${cmd}\` failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
        return;
      }
      try {
        resolve(parseResult(stdout, args[0] ?? ''));
      } catch (err) {
        reject(new Error(`bench: \`${cmd}\`: ${(err as Error).message}; output: ${JSON.stringify(stdout)}`));
      }
    });
  });
}

function parseResult(stdout: string, scenario: string): BaselineResult {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
  const r = parsed as Record<string, unknown>;
  for (const key of ['ops', 'seconds', 'opsPerSec', 'nsPerOp'] as const) {
    if (typeof r[key] !== 'number') throw new Error(`missing number "${key}"`);
  }
  if (r.scenario !== scenario) throw new Error(`scenario is ${String(r.scenario)}, expected ${scenario}`);
  const result: BaselineResult = {
    scenario,
    ops: r.ops as number,
    seconds: r.seconds as number,
    opsPerSec: r.opsPerSec as number,
    nsPerOp: r.nsPerOp as number,
    ...(typeof r.items === 'number' ? { items: r.items } : {}),
  };
  return result;
}
