/**
 * `npm run bench`: nlink against the C baseline (`bench/c/baseline.c`) and
 * iproute2, each group of scenarios in its own throwaway network namespace.
 *
 * ```sh
 * node dist/bench/run.js                  # every scenario
 * node dist/bench/run.js a b g            # or NLINK_BENCH_SCENARIOS=a,b,g
 * node dist/bench/run.js --json r.json --markdown r.md --profile prof/
 * ```
 *
 * Needs root (namespaces), `cc` and iproute2's `ip`. The host namespace is
 * never touched. See bench/README.md for the scenarios and variables.
 *
 * @module
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { namespace } from '../src/index.js';
import { withNamespace } from '../src/testing/index.js';
import { buildProgram, CC_FLAGS, findRepoRoot, runningChildren } from './baseline.js';
import { formatHotFunctions, hotFunctions } from './profile.js';
import { formatMarkdown, formatTable, type Row } from './report.js';
import { type Config, type Env, GROUPS, SCENARIO_ORDER } from './suite.js';

const USAGE = `usage: node dist/bench/run.js [SCENARIO...] [--quick] [--json PATH] [--markdown PATH] [--profile DIR]

scenarios (default: all; or NLINK_BENCH_SCENARIOS=a,b,...):
  noop   NLMSG_NOOP round trips                     vs C
  d      getLinkByIndex round trips (alias getlink) vs C
  dump   link dumps                                 vs C
  a      1M-route dump, streamed a page at a time   vs C routes-dump
  a1     the same dump, second in its process        vs C routes-dump
  a2     the same dump, for await per route         vs C routes-dump
  a0     the same dump, hand-written loop on the raw socket (the JavaScript floor) vs C
  b      1M-route dump, collected (getRoutes)       vs C routes-dump
  c      100k route adds through conn.batch()       vs C routes-add
  e      e1 (nlink-ip -j route show) and e2 (nlink-ip -batch) vs ip
  f      route events/s without overrun, default and large receive buffer
  g      getLinkByName among 10,000 links           vs C

  --quick          small sizes and fewer runs, for a check in about a minute
                   (or NLINK_BENCH_QUICK=1); the variables below still win
  --json PATH      also write the report as JSON (or NLINK_BENCH_JSON)
  --markdown PATH  also write the table as Markdown (or NLINK_BENCH_MARKDOWN)
  --profile DIR    profile one extra nlink run per scenario (node --cpu-prof)
                   and print its top self-time functions (or NLINK_BENCH_PROFILE)

environment (defaults, then --quick defaults):
  NLINK_BENCH_RUNS          5        3        timed runs per side: noop, d, dump, c, g
  NLINK_BENCH_HEAVY_RUNS    3        1        timed runs per side: a, a1, a2, a0, b, e
  NLINK_BENCH_OPS           100000   10000    round trips per run (noop, d)
  NLINK_BENCH_DUMP_OPS      OPS / 5  OPS / 5  link dumps per run
  NLINK_BENCH_ROUTES        1000000  100000   routes in the table of a, a1, a2, a0, b, e1
  NLINK_BENCH_BATCH_ROUTES  100000   10000    routes added per run by c, e2 (and 3x for e2's memory)
  NLINK_BENCH_LINKS         10000    1000     links for g (veth pairs = LINKS / 2)
  NLINK_BENCH_LOOKUPS       10000    2000     getLinkByName calls per run of g
  NLINK_BENCH_EVENT_SECONDS 1        0.5      length of each paced trial of f
  NLINK_BENCH_EVENT_BUFFER  8388608  8388608  the large event receive buffer of f, bytes
`;

const ALIASES: Readonly<Record<string, readonly string[]>> = {
  all: SCENARIO_ORDER,
  getlink: ['d'],
  e: ['e1', 'e2'],
};

function positive(name: string, fallback: number, integer = true): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isSafeInteger(n))) {
    throw new Error(`bench: ${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
}

function selection(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const token of tokens) {
    const t = token.toLowerCase();
    const ids = ALIASES[t] ?? (SCENARIO_ORDER.includes(t) ? [t] : undefined);
    if (ids === undefined) {
      throw new Error(`bench: unknown scenario "${token}" (known: ${[...SCENARIO_ORDER, 'e', 'getlink'].join(' ')})`);
    }
    for (const id of ids) out.add(id);
  }
  return out.size === 0 ? new Set(SCENARIO_ORDER) : out;
}

interface Options {
  readonly config: Config;
  readonly selected: Set<string>;
  readonly jsonPath: string | undefined;
  readonly markdownPath: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const env = (name: string): string | undefined => process.env[name] || undefined;
  let jsonPath = env('NLINK_BENCH_JSON');
  let markdownPath = env('NLINK_BENCH_MARKDOWN');
  let profileDir = env('NLINK_BENCH_PROFILE');
  const tokens = (env('NLINK_BENCH_SCENARIOS') ?? '').split(/[\s,]+/).filter((s) => s !== '');
  const positional: string[] = [];
  let quick = /^(1|true|yes)$/i.test(env('NLINK_BENCH_QUICK') ?? '');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const flag = /^--(json|markdown|profile)(?:=(.*))?$/.exec(arg);
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--quick') {
      quick = true;
    } else if (flag) {
      const value = flag[2] ?? argv[++i];
      if (value === undefined || value === '') throw new Error(`bench: --${flag[1]} needs a path\n${USAGE}`);
      if (flag[1] === 'json') jsonPath = value;
      else if (flag[1] === 'markdown') markdownPath = value;
      else profileDir = value;
    } else if (arg.startsWith('-')) {
      throw new Error(`bench: unknown option "${arg}"\n${USAGE}`);
    } else positional.push(arg);
  }
  // Full size, then the --quick size.
  const size = (full: number, small: number): number => (quick ? small : full);
  const ops = positive('NLINK_BENCH_OPS', size(100_000, 10_000));
  const config: Config = {
    quick,
    runs: positive('NLINK_BENCH_RUNS', size(5, 3)),
    heavyRuns: positive('NLINK_BENCH_HEAVY_RUNS', size(3, 1)),
    ops,
    dumpOps: positive('NLINK_BENCH_DUMP_OPS', Math.max(1, Math.round(ops / 5))),
    routes: positive('NLINK_BENCH_ROUTES', size(1_000_000, 100_000)),
    batchRoutes: positive('NLINK_BENCH_BATCH_ROUTES', size(100_000, 10_000)),
    links: positive('NLINK_BENCH_LINKS', size(10_000, 1000)),
    lookups: positive('NLINK_BENCH_LOOKUPS', size(10_000, 2000)),
    eventSeconds: positive('NLINK_BENCH_EVENT_SECONDS', size(1, 0.5), false),
    eventBuffer: positive('NLINK_BENCH_EVENT_BUFFER', 8 * 1024 * 1024),
    profileDir: profileDir === undefined ? undefined : resolve(profileDir),
  };
  if (config.routes > 1 << 24 || config.batchRoutes > 1 << 24) {
    throw new Error('bench: at most 16777216 routes (10.0.0.0/8 as /32s)');
  }
  return {
    config,
    selected: selection(positional.length ? positional : tokens),
    jsonPath: jsonPath === undefined ? undefined : resolve(jsonPath),
    markdownPath: markdownPath === undefined ? undefined : resolve(markdownPath),
  };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The namespace to remove if the process is interrupted. */
let activeNamespace: string | undefined;

function cleanup(): void {
  for (const child of runningChildren) child.kill('SIGKILL');
  if (activeNamespace === undefined) return;
  const name = activeNamespace;
  activeNamespace = undefined;
  try {
    namespace.removeIfExists(name);
  } catch (err) {
    process.stderr.write(`bench: could not remove namespace ${name}: ${(err as Error).message}\n`);
  }
}

function installSignalHandlers(): void {
  process.on('exit', cleanup);
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ] as const) {
    process.on(signal, () => {
      log(`\nbench: ${signal}, cleaning up`);
      cleanup();
      process.exit(128 + number);
    });
  }
}

async function main(): Promise<void> {
  const { config, selected, jsonPath, markdownPath } = parseOptions(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error('bench: must run as root (it creates network namespaces)');
  installSignalHandlers();

  const root = findRepoRoot();
  const baseline = buildProgram(root, 'baseline');
  const measure = buildProgram(root, 'measure');
  log(`bench: C baseline ${baseline.compiled ? 'compiled' : 'reused'}: ${baseline.binary}`);
  if (config.profileDir !== undefined) mkdirSync(config.profileDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'nlink-bench-'));
  const here = dirname(fileURLToPath(import.meta.url));
  const env: Env = {
    config,
    baseline: baseline.binary,
    measure: measure.binary,
    nlinkIp: join(root, 'dist', 'src', 'cli', 'ip', 'main.js'),
    childScript: join(here, 'child.js'),
    tmp,
    log,
    profiles: [],
  };
  const loadBefore = loadavg();
  const started = performance.now();
  const rows: Row[] = [];
  try {
    for (const group of GROUPS) {
      const wanted = new Set(group.ids.filter((id) => selected.has(id)));
      if (wanted.size === 0) continue;
      const groupRows = await withNamespace(
        async (ns) => {
          activeNamespace = ns.name;
          log(`bench: ${[...wanted].join(', ')} in namespace ${ns.name}`);
          await ns.connection().setLinkUp('lo');
          return group.run(env, ns, wanted);
        },
        { prefix: group.prefix },
      );
      activeNamespace = undefined;
      rows.push(...groupRows);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  rows.sort((x, y) => SCENARIO_ORDER.indexOf(x.id) - SCENARIO_ORDER.indexOf(y.id));
  const minutes = (performance.now() - started) / 60_000;
  const loadAfter = loadavg();

  const cpu = cpus()[0]?.model ?? 'unknown';
  process.stdout.write(
    `\nnlink benchmarks${config.quick ? ' (quick: small sizes, not the targets’ sizes)' : ''} — node ${process.version}, Linux ${release()}, ${cpu} (${cpus().length} CPUs)\n` +
      `${config.runs} runs per side (${config.heavyRuns} for a, a1, a2, a0, b, e); medians; ratio = nlink time / reference time; ` +
      `${minutes.toFixed(1)} min; load average ${loadBefore[0]?.toFixed(2)} before, ${loadAfter[0]?.toFixed(2)} after\n\n` +
      `${formatTable(rows)}\n`,
  );

  const profiles = env.profiles.map((p) => ({ ...p, hot: hotFunctions(p.file) }));
  for (const p of profiles) {
    process.stdout.write(`\nprofile ${p.label} (${p.file}), top self time:\n${formatHotFunctions(p.hot)}\n`);
  }

  if (markdownPath !== undefined) {
    writeFileSync(markdownPath, `${formatMarkdown(rows)}\n`);
    log(`bench: Markdown table written to ${markdownPath}`);
  }
  if (jsonPath !== undefined) {
    const json = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        kernel: release(),
        arch: process.arch,
        cpu,
        cpuCount: cpus().length,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
        compiler: baseline.compiler,
        ccFlags: CC_FLAGS,
      },
      config,
      scenarios: [...selected],
      minutes,
      rows,
      profiles,
    };
    writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
    log(`bench: JSON report written to ${jsonPath}`);
  }
}

main().catch((err: unknown) => {
  cleanup();
  const text =
    err instanceof Error ? (err.message.startsWith('bench:') ? err.message : (err.stack ?? err.message)) : String(err);
  process.stderr.write(`${text}\n`);
  process.exitCode = 1;
});
