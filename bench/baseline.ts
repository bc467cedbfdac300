/**
 * The C side of the benchmarks: `bench/c/baseline.c` (the netlink baseline)
 * and `bench/c/measure.c` (wall time and peak RSS of a whole process),
 * compiled from the project's own source into `.bench/`, and the child
 * processes that run them and the nlink side.
 *
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Compiler flags used for the C programs (the same as c/README.md, plus warnings). */
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

/** What `measure` reports about a whole process. */
export interface ProcessResult {
  /** Wall time from fork to exit. */
  readonly seconds: number;
  readonly userSeconds: number;
  readonly sysSeconds: number;
  /** Peak resident set (`ru_maxrss`). */
  readonly maxRssKiB: number;
}

/** A compiled C program. */
export interface CProgram {
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
 * Compiles `bench/c/<name>.c` with `cc` and {@link CC_FLAGS} into
 * `<root>/.bench/`. The binary name carries a hash of the source, compiler
 * and flags, so an unchanged build is reused.
 * @throws {Error} when `cc` is missing or the compilation fails.
 */
export function buildProgram(root: string, name: string): CProgram {
  const source = join(root, 'bench', 'c', `${name}.c`);
  if (!existsSync(source)) throw new Error(`bench: C source not found: ${source}`);
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
  const binary = join(outDir, `${name}-${hash}`);
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

/** Options of {@link runJson}. */
export interface RunJsonOptions {
  /** Called with every complete stdout line as it arrives. */
  readonly onLine?: (line: string) => void;
  /** Kills the child (SIGKILL) after this many ms. */
  readonly timeoutMs?: number;
}

/** What {@link runJson} collected. */
export interface JsonOutput {
  /** The last stdout line, parsed. */
  readonly value: Record<string, unknown>;
  readonly stderr: string;
}

/**
 * Runs `command args`, collecting stdout and stderr, and resolves with the
 * last stdout line parsed as a JSON object.
 * @throws {Error} when the program fails or its last line is not a JSON object.
 */
export function runJson(command: string, args: readonly string[], options: RunJsonOptions = {}): Promise<JsonOutput> {
  const cmd = `${command} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    runningChildren.add(child);
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    let stdout = '';
    let partial = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!options.onLine) return;
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (err) => {
      runningChildren.delete(child);
      clearTimeout(timer);
      reject(new Error(`bench: cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      runningChildren.delete(child);
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`bench: \`${cmd}\` failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
        return;
      }
      try {
        const parsed: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
        resolve({ value: parsed as Record<string, unknown>, stderr });
      } catch (err) {
        reject(new Error(`bench: \`${cmd}\`: ${(err as Error).message}; output: ${JSON.stringify(stdout)}`));
      }
    });
  });
}

/** `r[key]` when it is a number. @throws {Error} otherwise. */
export function numberField(r: Record<string, unknown>, key: string): number {
  const v = r[key];
  if (typeof v !== 'number') throw new Error(`bench: missing number "${key}" in ${JSON.stringify(r)}`);
  return v;
}

/**
 * Runs one baseline scenario inside the namespace at `netnsPath` and parses
 * its JSON line.
 * @throws {Error} when the program fails or prints something unexpected.
 */
export async function runBaseline(binary: string, args: readonly string[], netnsPath: string): Promise<BaselineResult> {
  const scenario = args[0] ?? '';
  const r = (await runJson(binary, [...args, '--netns', netnsPath])).value;
  if (r.scenario !== scenario)
    throw new Error(`bench: baseline scenario is ${String(r.scenario)}, expected ${scenario}`);
  return {
    scenario,
    ops: numberField(r, 'ops'),
    seconds: numberField(r, 'seconds'),
    opsPerSec: numberField(r, 'opsPerSec'),
    nsPerOp: numberField(r, 'nsPerOp'),
    ...(typeof r.items === 'number' ? { items: r.items } : {}),
  };
}

/**
 * The CPUs of a Linux CPU list (`0-3,8,10-11`, as `Cpus_allowed_list` in
 * `/proc/self/status` writes them), in order.
 * @throws {Error} for anything else.
 */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = Number(m?.[1] ?? Number.NaN);
    const last = Number(m?.[2] ?? first);
    if (!(first <= last)) throw new Error(`bench: not a CPU list: ${JSON.stringify(text)}`);
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** Iterations of the CPU check's loop: ~30 ms on a CPU of the reference machine at full speed. */
const CPU_CHECK_LOOPS = 100_000_000;

/** The CPUs this process may use (`Cpus_allowed_list`), read once. */
let allowed: number[] | undefined;

function allowedCpus(): number[] {
  if (allowed === undefined) {
    const status = readFileSync('/proc/self/status', 'utf8');
    const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1];
    if (list === undefined) throw new Error('bench: no Cpus_allowed_list in /proc/self/status');
    allowed = parseCpuList(list);
  }
  return allowed;
}

/**
 * Times the baseline's fixed loop on each CPU this process may use
 * (`cpu-speed`), in ms: on a shared host a CPU can run at a fraction of its
 * speed for a while, which slows a two-threaded run (nlink's) and a
 * one-threaded one (C's) differently.
 */
export async function cpuCheck(binary: string, netnsPath: string): Promise<number[]> {
  const ms: number[] = [];
  for (const cpu of allowedCpus()) {
    const r = await runBaseline(binary, ['cpu-speed', String(CPU_CHECK_LOOPS), String(cpu)], netnsPath);
    ms.push(r.seconds * 1e3);
  }
  return ms;
}

/** How much longer than the fastest time seen a CPU check may take for that CPU to count as at full speed (noise is ~10%). */
export const FULL_SPEED = 1.25;

/** Whether a {@link cpuCheck} found every CPU at full speed: within {@link FULL_SPEED} of `fastest`, the fastest time seen. */
export function cpusAtSpeed(ms: readonly number[], fastest: number): boolean {
  return Math.max(...ms) <= fastest * FULL_SPEED;
}

/**
 * Runs `argv` under `measure` (stdout to `stdout`, default `/dev/null`;
 * stdin from `/dev/null`) and returns its wall time and peak RSS.
 * @throws {Error} when the command cannot run or exits nonzero.
 */
export async function runMeasured(
  measure: string,
  argv: readonly string[],
  stdout = '/dev/null',
): Promise<ProcessResult> {
  const { value: r, stderr } = await runJson(measure, ['--stdout', stdout, '--', ...argv]);
  const exitCode = numberField(r, 'exitCode');
  if (exitCode !== 0) throw new Error(`bench: \`${argv.join(' ')}\` exited with ${exitCode}: ${stderr.trim()}`);
  return {
    seconds: numberField(r, 'seconds'),
    userSeconds: numberField(r, 'userSeconds'),
    sysSeconds: numberField(r, 'sysSeconds'),
    maxRssKiB: numberField(r, 'maxRssKiB'),
  };
}
