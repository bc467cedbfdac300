/**
 * `npm run bench`: nlink against the C baseline (`bench/c/baseline.c`), both
 * working in the same throwaway network namespace.
 *
 * Environment: `NLINK_BENCH_RUNS` (timed runs per side, default 5; the median
 * is reported), `NLINK_BENCH_OPS` (ops per run for noop and getlink, default
 * 100000), `NLINK_BENCH_DUMP_OPS` (dumps per run, default OPS / 5),
 * `NLINK_BENCH_JSON` (also write the report as JSON to this file; same as
 * `--json PATH`).
 *
 * Needs root (namespaces), `cc` and iproute2's `ip` (to add veth pairs). The
 * host namespace is never touched.
 *
 * @module
 */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { resolve } from 'node:path';
import { type Connection, namespace, type Route } from '../src/index.js';
import { type LabNamespace, withNamespace } from '../src/testing/index.js';
import {
  type BaselineResult,
  buildBaseline,
  CC_FLAGS,
  findRepoRoot,
  runBaseline,
  runningChildren,
} from './baseline.js';
import { formatTable, type ScenarioReport, summarize } from './report.js';
import { benchDump, benchGetLink, benchNoop, type Sample, sinkValue } from './scenarios.js';

/** Veth pairs added to the namespace, so a dump returns 1 + 2 × this many links. */
const VETH_PAIRS = 5;
/** Maximum acceptable nlink/C time ratio for the getlink scenario. */
const GETLINK_TARGET = 3.0;

interface Config {
  readonly runs: number;
  readonly ops: number;
  readonly dumpOps: number;
  readonly warmupOps: number;
  readonly warmupDumpOps: number;
  readonly jsonPath: string | undefined;
}

const USAGE = `usage: node dist/bench/run.js [--json PATH]

  --json PATH   also write the report as JSON to PATH (or set NLINK_BENCH_JSON)

environment:
  NLINK_BENCH_RUNS       timed runs per side, median reported (default 5)
  NLINK_BENCH_OPS        ops per run for noop and getlink (default 100000)
  NLINK_BENCH_DUMP_OPS   link dumps per run (default NLINK_BENCH_OPS / 5)
`;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bench: ${name} must be a positive integer, got "${raw}"`);
  return n;
}

function parseConfig(argv: readonly string[]): Config {
  let jsonPath = process.env.NLINK_BENCH_JSON || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--json') {
      const next = argv[++i];
      if (next === undefined) throw new Error(`bench: --json needs a file path\n${USAGE}`);
      jsonPath = next;
    } else if (arg.startsWith('--json=')) {
      jsonPath = arg.slice('--json='.length);
    } else {
      throw new Error(`bench: unknown argument "${arg}"\n${USAGE}`);
    }
  }
  const runs = positiveInt('NLINK_BENCH_RUNS', 5);
  const ops = positiveInt('NLINK_BENCH_OPS', 100_000);
  const dumpOps = positiveInt('NLINK_BENCH_DUMP_OPS', Math.max(1, Math.round(ops / 5)));
  return {
    runs,
    ops,
    dumpOps,
    warmupOps: Math.max(1, Math.round(ops / 10)),
    warmupDumpOps: Math.max(1, Math.round(dumpOps / 10)),
    jsonPath: jsonPath === undefined ? undefined : resolve(jsonPath),
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

function ip(args: readonly string[]): void {
  try {
    execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('bench: iproute2 `ip` is not on PATH (needed to add veth pairs)');
    throw new Error(`bench: \`ip ${args.join(' ')}\` failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Brings `lo` up and adds {@link VETH_PAIRS} veth pairs, all up; returns the ifindex of the first veth. */
async function prepare(ns: LabNamespace, conn: Connection<Route>): Promise<{ ifindex: number; links: number }> {
  await conn.setLinkUp('lo');
  for (let i = 0; i < VETH_PAIRS; i++) {
    ip(['-n', ns.name, 'link', 'add', `nlb${i}a`, 'type', 'veth', 'peer', 'name', `nlb${i}b`]);
    await conn.setLinkUp(`nlb${i}a`);
    await conn.setLinkUp(`nlb${i}b`);
  }
  const target = await conn.getLinkByName('nlb0a');
  if (target === undefined) throw new Error('bench: veth nlb0a not found after creating it');
  const links = (await conn.getLinks()).length;
  return { ifindex: target.ifindex, links };
}

interface Side {
  readonly nlink: (ops: number) => Promise<Sample>;
  readonly c: (ops: number) => Promise<BaselineResult>;
}

/** Warm-up once on each side, then `runs` timed runs alternating nlink and C. */
async function measure(
  label: string,
  side: Side,
  runs: number,
  ops: number,
  warmupOps: number,
): Promise<{ nlink: number[]; c: number[]; items: number | undefined }> {
  log(`[${label}] warm-up (${warmupOps} ops each)`);
  await side.nlink(warmupOps);
  await side.c(warmupOps);
  const nlink: number[] = [];
  const c: number[] = [];
  let items: number | undefined;
  for (let r = 1; r <= runs; r++) {
    const a = await side.nlink(ops);
    const b = await side.c(ops);
    if (a.items !== undefined && b.items !== undefined && a.items !== b.items) {
      throw new Error(`bench: ${label}: nlink saw ${a.items} links, C saw ${b.items}`);
    }
    items = a.items ?? b.items;
    nlink.push(a.nsPerOp);
    c.push(b.nsPerOp);
    log(
      `[${label}] run ${r}/${runs}: nlink ${Math.round(a.opsPerSec)} ops/s (${a.nsPerOp.toFixed(0)} ns/op), ` +
        `C ${Math.round(b.opsPerSec)} ops/s (${b.nsPerOp.toFixed(0)} ns/op), ratio ${(a.nsPerOp / b.nsPerOp).toFixed(2)}x`,
    );
  }
  return { nlink, c, items };
}

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2));
  installSignalHandlers();
  const root = findRepoRoot();
  const baseline = buildBaseline(root);
  log(`bench: C baseline ${baseline.compiled ? 'compiled' : 'cached'}: ${baseline.binary}`);

  const reports = await withNamespace(
    async (ns) => {
      activeNamespace = ns.name;
      log(`bench: namespace ${ns.name}`);
      const conn = ns.connection();
      const { ifindex, links } = await prepare(ns, conn);
      log(`bench: ${links} links, getlink target nlb0a ifindex ${ifindex}`);
      const c = (args: string[]) => runBaseline(baseline.binary, args, ns.path);
      const out: ScenarioReport[] = [];

      const noop = await measure(
        'noop',
        { nlink: (n) => benchNoop(conn, n), c: (n) => c(['noop', String(n)]) },
        config.runs,
        config.ops,
        config.warmupOps,
      );
      out.push(summarize('noop', 'NLMSG_NOOP + ACK round trip', config.ops, noop.nlink, noop.c));

      const getlink = await measure(
        'getlink',
        {
          nlink: (n) => benchGetLink(conn, n, ifindex),
          c: (n) => c(['getlink', String(n), String(ifindex)]),
        },
        config.runs,
        config.ops,
        config.warmupOps,
      );
      out.push(
        summarize('getlink', 'RTM_GETLINK by ifindex, reply decoded', config.ops, getlink.nlink, getlink.c, {
          target: GETLINK_TARGET,
        }),
      );

      const dump = await measure(
        'dump',
        { nlink: (n) => benchDump(conn, n), c: (n) => c(['dump', String(n)]) },
        config.runs,
        config.dumpOps,
        config.warmupDumpOps,
      );
      out.push(
        summarize(
          'dump',
          'full RTM_GETLINK dump, every link decoded',
          config.dumpOps,
          dump.nlink,
          dump.c,
          dump.items === undefined ? {} : { items: dump.items },
        ),
      );
      return { reports: out, links, ifindex, namespace: ns.name };
    },
    { prefix: 'bench' },
  );
  activeNamespace = undefined;

  const cpu = cpus()[0]?.model ?? 'unknown';
  process.stdout.write(
    `\nnlink vs C baseline — node ${process.version}, Linux ${release()}, ${cpu}\n` +
      `${config.runs} runs per side (median), ${reports.links} links in the namespace, ${baseline.compiler}\n` +
      'ratio = nlink time / C time\n\n' +
      `${formatTable(reports.reports)}\n`,
  );

  if (config.jsonPath !== undefined) {
    const json = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        kernel: release(),
        arch: process.arch,
        cpu,
        cpuCount: cpus().length,
        compiler: baseline.compiler,
        ccFlags: CC_FLAGS,
      },
      config: {
        runs: config.runs,
        ops: config.ops,
        dumpOps: config.dumpOps,
        warmupOps: config.warmupOps,
        warmupDumpOps: config.warmupDumpOps,
        vethPairs: VETH_PAIRS,
        links: reports.links,
        getlinkIfindex: reports.ifindex,
      },
      scenarios: reports.reports,
      sink: sinkValue(),
    };
    writeFileSync(config.jsonPath, `${JSON.stringify(json, null, 2)}\n`);
    log(`bench: JSON report written to ${config.jsonPath}`);
  }
}

main().catch((err: unknown) => {
  cleanup();
  const text =
    err instanceof Error ? (err.message.startsWith('bench:') ? err.message : (err.stack ?? err.message)) : String(err);
  process.stderr.write(`${text}\n`);
  process.exitCode = 1;
});
