/**
 * The benchmark scenarios, grouped by the namespace they need. Each group
 * runs in its own throwaway namespace (set up with the library and
 * iproute2); every nlink run is a child process (`child.ts`), so its peak
 * RSS is its own, and runs alternate with the reference (the C baseline or
 * iproute2) in ABBA order.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabNamespace } from '../src/testing/index.js';
import {
  type BaselineResult,
  cpuCheck,
  cpusAtSpeed,
  FULL_SPEED,
  type ProcessResult,
  runBaseline,
  runJson,
  runMeasured,
} from './baseline.js';
import type { ChildParams, ChildResult, RouteDumpScenario } from './child.js';
import { ip, ipBatch, writeBatchFile } from './lab.js';
import { type Check, duration, int, median, mib, type Row, ratioCheck, rssCheck, type Side, side } from './report.js';
import { routeDst, vethNames } from './scenarios.js';

/** Sizes and run counts, from the environment (see `run.ts`). */
export interface Config {
  /** `--quick`: small default sizes and fewer runs (a smoke check, not the targets' sizes). */
  readonly quick: boolean;
  /** Timed runs per side for the light scenarios (noop, d, dump, c, g). */
  readonly runs: number;
  /** Timed runs per side for the heavy ones (a, b, e). */
  readonly heavyRuns: number;
  /** Round trips per run (noop, d). */
  readonly ops: number;
  /** Link dumps per run. */
  readonly dumpOps: number;
  /** Routes in the table dumped by a, b and e1. */
  readonly routes: number;
  /** Routes added per run by c and e2. */
  readonly batchRoutes: number;
  /** Links for g (veth pairs = links / 2). */
  readonly links: number;
  /** getLinkByName calls per run of g. */
  readonly lookups: number;
  /** Length of each paced trial of f, in seconds. */
  readonly eventSeconds: number;
  /** The large event receive buffer of f, in bytes. */
  readonly eventBuffer: number;
  /** Write CPU profiles of one extra nlink run per scenario here. */
  readonly profileDir: string | undefined;
}

/** What the scenarios run with. */
export interface Env {
  readonly config: Config;
  /** The C baseline binary. */
  readonly baseline: string;
  /** The `measure` binary (wall time and peak RSS of a process). */
  readonly measure: string;
  /** `dist/src/cli/ip/main.js`. */
  readonly nlinkIp: string;
  /** `dist/bench/child.js`. */
  readonly childScript: string;
  /** Scratch directory for batch files and CLI output. */
  readonly tmp: string;
  /** Progress messages (stderr). */
  log(message: string): void;
  /** CPU profiles written so far. */
  readonly profiles: { readonly label: string; readonly file: string }[];
}

/** A group of scenarios sharing one namespace and its setup. */
export interface Group {
  /** The scenario ids it can produce. */
  readonly ids: readonly string[];
  /** Namespace name prefix. */
  readonly prefix: string;
  /** Runs the scenarios of `selected` in `ns`, where `lo` is up. */
  run(env: Env, ns: LabNamespace, selected: ReadonlySet<string>): Promise<Row[]>;
}

/** Table of the 1M-route dumps (a, b, e1). */
const DUMP_TABLE = 100;
/** Table of the batch adds (c). */
const BATCH_TABLE = 200;
/** Table of the CLI batch adds (e2). */
const CLI_TABLE = 300;
/** Table of the event churn (f). */
const EVENT_TABLE = 400;
/** Warm-up calls in each light nlink child before the timed run (as many as one run / 10). */
const WARMUP_DIVISOR = 10;
/** A child that runs longer than this is killed. */
const CHILD_TIMEOUT_MS = 15 * 60_000;

function nodeArgs(env: Env, profile: string | undefined): string[] {
  const dir = env.config.profileDir;
  if (profile === undefined || dir === undefined) return [];
  env.profiles.push({ label: profile, file: join(dir, `${profile}.cpuprofile`) });
  return ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${profile}.cpuprofile`];
}

/**
 * One nlink run in a child process. With `profile`, under `--cpu-prof`
 * (into the profile directory, named after it).
 */
async function nlinkRun(
  env: Env,
  params: ChildParams,
  options: { profile?: string; onLine?: (line: string) => void } = {},
): Promise<ChildResult> {
  const args = [...nodeArgs(env, options.profile), env.childScript, JSON.stringify(params)];
  const { value: r } = await runJson(process.execPath, args, {
    timeoutMs: CHILD_TIMEOUT_MS,
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  if (typeof r.seconds !== 'number' || typeof r.maxRssKiB !== 'number' || typeof r.ops !== 'number') {
    throw new Error(`bench: child ${params.scenario} printed ${JSON.stringify(r)}`);
  }
  return r as unknown as ChildResult;
}

function c(env: Env, ns: LabNamespace, args: readonly (string | number)[]): Promise<BaselineResult> {
  return runBaseline(env.baseline, args.map(String), ns.path);
}

/**
 * Runs `a` and `b` in pairs, alternating which goes first (ABBA), and returns
 * which pairs count. Without `judge`, `runs` pairs that all count. With it
 * (asked after each pair which of the pairs so far count), pairs run until
 * `runs` of them count or twice `runs` ran: a pair made while the host slowed
 * a CPU is run again.
 */
export async function alternate(
  runs: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
  judge?: () => Promise<readonly boolean[]>,
): Promise<readonly boolean[]> {
  let counted: readonly boolean[] = [];
  let pairs = 0;
  const maxPairs = judge === undefined ? runs : 2 * runs;
  while (pairs < maxPairs && counted.filter(Boolean).length < runs) {
    if (pairs % 2 === 0) {
      await a();
      await b();
    } else {
      await b();
      await a();
    }
    pairs++;
    counted = judge === undefined ? new Array<boolean>(pairs).fill(true) : await judge();
  }
  return counted;
}

/**
 * Which pairs of runs count, from the CPU checks made before the first and
 * after each ({@link cpuCheck}): pair i when checks i and i + 1 found every
 * CPU at full speed ({@link cpusAtSpeed}), judged against the fastest time of
 * all the checks. A host slowing one CPU slows nlink more than C; one
 * slowing both slows C more (its time is the kernel's, on one CPU).
 */
export function pairsAtSpeed(checks: readonly (readonly number[])[]): boolean[] {
  const fastest = Math.min(...checks.flat());
  return checks.slice(1).map((after, i) => cpusAtSpeed(checks[i] ?? [], fastest) && cpusAtSpeed(after, fastest));
}

/** What {@link versusC} compares. */
interface Versus {
  readonly id: string;
  readonly params: ChildParams;
  /** Baseline arguments doing the same work. */
  readonly c: readonly (string | number)[];
  readonly runs: number;
  /** Ops per run (for the per-op times). */
  readonly ops: number;
  /** Restores the namespace after a run of either side (untimed). */
  readonly reset?: () => Promise<void>;
  /** A CPU check to take as the first: the last of the comparison just before (saves timing the CPUs twice). */
  readonly cpuBefore?: number[];
}

/** How many pairs of runs a comparison made, how many counted, and the ratio over all of them. */
export interface Pairs {
  readonly total: number;
  readonly counted: number;
  /** The medians are of the pairs that counted (else of all: too few counted). */
  readonly countedOnly: boolean;
  /** nlink time / C time, the medians of every pair made. */
  readonly allRatio: number;
}

/**
 * The times the medians are of, from each side's time in each pair (pair i
 * made run i of each side) and which pairs counted: those of the pairs that
 * counted when at least half of `runs` did, else those of every pair.
 */
export function pairTimes(
  nlink: readonly number[],
  c: readonly number[],
  counted: readonly boolean[],
  runs: number,
): { nlink: number[]; c: number[]; pairs: Pairs } {
  const n = counted.filter(Boolean).length;
  const countedOnly = n >= Math.ceil(runs / 2);
  const used = (_: number, i: number): boolean => !countedOnly || counted[i] === true;
  return {
    nlink: nlink.filter(used),
    c: c.filter(used),
    pairs: { total: counted.length, counted: n, countedOnly, allRatio: median(nlink) / median(c) },
  };
}

/**
 * The note on a comparison's CPU checks ({@link cpuCheck}, one before its
 * runs and one after each pair of them), and on which pairs the medians are
 * of ({@link pairsAtSpeed}).
 */
export function cpuNote(checks: readonly (readonly number[])[], pairs: Pairs): string {
  const list = checks.map((ms) => ms.map((x) => x.toFixed(0)).join('/')).join(', ');
  const head = `CPU check (the same loop timed on each CPU; one the host slows takes longer) before the runs and after each pair: ${list} ms`;
  const speed = `ran with every CPU at full speed (within ${FULL_SPEED}x of the fastest check)`;
  if (pairs.counted === pairs.total) return `${head}; every pair ${speed}`;
  if (pairs.countedOnly) {
    const counted = `${pairs.counted} of ${pairs.total} pairs ${speed}`;
    return `${head}; ${counted}: the medians are theirs (over all ${pairs.total} pairs: ${pairs.allRatio.toFixed(2)}x)`;
  }
  const few = pairs.counted === 0 ? 'no pair' : `only ${pairs.counted} of ${pairs.total} pairs`;
  return `${head}; ${few} ${speed}: the medians are of every pair`;
}

/**
 * nlink against the C baseline, alternating; then one profiled nlink run if
 * asked for. A CPU check ({@link cpuCheck}) before the runs and after each
 * pair of them decides which pairs count ({@link pairsAtSpeed}); pairs run
 * until `runs` count ({@link alternate}). `results` holds every nlink run;
 * `compared` the times {@link pairTimes} picks and the peak RSS of every
 * run; `cpuNote` says which pairs ({@link cpuNote}); `lastCpuCheck` may
 * serve as the next comparison's first ({@link Versus.cpuBefore}).
 */
async function versusC(
  env: Env,
  ns: LabNamespace,
  v: Versus,
): Promise<{
  compared: { nlink: Side; reference: Side; ratio: number };
  results: ChildResult[];
  cpuNote: string;
  lastCpuCheck: number[];
}> {
  const results: ChildResult[] = [];
  const cSeconds: number[] = [];
  const checks = [v.cpuBefore ?? (await cpuCheck(env.baseline, ns.path))];
  const counted = await alternate(
    v.runs,
    async () => {
      const r = await nlinkRun(env, v.params);
      results.push(r);
      env.log(`[${v.id}] nlink run ${results.length}: ${duration(r.seconds)}, peak RSS ${mib(r.maxRssKiB)}`);
      await v.reset?.();
    },
    async () => {
      const r = await c(env, ns, v.c);
      cSeconds.push(r.seconds);
      env.log(`[${v.id}] C run ${cSeconds.length}: ${duration(r.seconds)}`);
      await v.reset?.();
    },
    async () => {
      checks.push(await cpuCheck(env.baseline, ns.path));
      return pairsAtSpeed(checks);
    },
  );
  if (env.config.profileDir !== undefined) {
    await nlinkRun(env, v.params, { profile: `${v.id}-${v.params.scenario}` });
    await v.reset?.();
  }
  const times = pairTimes(
    results.map((r) => r.seconds),
    cSeconds,
    counted,
    v.runs,
  );
  // The peak RSS of every run: a slowed CPU does not change memory.
  const nlink = side(
    'nlink',
    v.ops,
    times.nlink,
    results.map((r) => r.maxRssKiB),
  );
  const reference = side('C', v.ops, times.c);
  return {
    compared: { nlink, reference, ratio: nlink.medianSeconds / reference.medianSeconds },
    results,
    cpuNote: cpuNote(checks, times.pairs),
    lastCpuCheck: checks.at(-1) as number[],
  };
}

// ---- noop, d (getlink), dump ------------------------------------------------

/** Veth pairs of the links group: a dump returns 1 + 2 × this many links. */
const VETH_PAIRS = 5;
/** Maximum nlink/C time ratio for getLinkByIndex (d). */
const GETLINK_TARGET = 3.0;

const linksGroup: Group = {
  ids: ['noop', 'd', 'dump'],
  prefix: 'bench-links',
  async run(env, ns, selected) {
    const conn = ns.connection();
    for (let i = 0; i < VETH_PAIRS; i++) {
      ip(['-n', ns.name, 'link', 'add', `nlb${i}a`, 'type', 'veth', 'peer', 'name', `nlb${i}b`]);
      await conn.setLinkUp(`nlb${i}a`);
      await conn.setLinkUp(`nlb${i}b`);
    }
    const ifindex = (await conn.requireLink('nlb0a')).ifindex;
    const links = (await conn.getLinks()).length;
    const { runs, ops, dumpOps } = env.config;
    const warmup = Math.max(1, Math.round(ops / WARMUP_DIVISOR));
    const rows: Row[] = [];
    if (selected.has('noop')) {
      const p: ChildParams = { scenario: 'noop', namespace: ns.name, ops, warmup };
      const r = await versusC(env, ns, { id: 'noop', params: p, c: ['noop', ops], runs, ops });
      rows.push({
        id: 'noop',
        title: 'NLMSG_NOOP round trip',
        work: `${int(ops)} sequential awaited conn.ack(NOOP)`,
        unit: 'op',
        ...r.compared,
        checks: [],
        notes: [r.cpuNote],
      });
    }
    if (selected.has('d')) {
      const p: ChildParams = { scenario: 'getlink', namespace: ns.name, ops, warmup, ifindex };
      const r = await versusC(env, ns, { id: 'd', params: p, c: ['getlink', ops, ifindex], runs, ops });
      rows.push({
        id: 'd',
        title: 'getLinkByIndex',
        work: `${int(ops)} sequential awaited getLinkByIndex, decoded`,
        unit: 'op',
        ...r.compared,
        checks: [ratioCheck(r.compared.ratio, GETLINK_TARGET)],
        notes: [r.cpuNote],
      });
    }
    if (selected.has('dump')) {
      const p: ChildParams = {
        scenario: 'dump',
        namespace: ns.name,
        ops: dumpOps,
        warmup: Math.max(1, Math.round(dumpOps / WARMUP_DIVISOR)),
      };
      const r = await versusC(env, ns, { id: 'dump', params: p, c: ['dump', dumpOps], runs, ops: dumpOps });
      rows.push({
        id: 'dump',
        title: `link dump (${links} links)`,
        work: `${int(dumpOps)} getLinks(), every link decoded`,
        unit: 'dump',
        ...r.compared,
        checks: [],
        notes: [r.cpuNote],
      });
    }
    return rows;
  },
};

// ---- a, b, e1: a table of 1M routes -------------------------------------------

/** Maximum nlink/C time ratio of the streamed route dump (a). */
const STREAM_TARGET = 2.0;
/** Peak RSS limits of a and b, in MiB. */
const STREAM_RSS_MIB = 100;
const COLLECT_RSS_MIB = 300;

/** Whether nlink-ip runs `args` in the namespace (it may lack the command); the error text if not. */
async function cliProblem(env: Env, args: readonly string[]): Promise<string | undefined> {
  try {
    await runMeasured(env.measure, [process.execPath, env.nlinkIp, ...args]);
    return undefined;
  } catch (err) {
    return (err as Error).message
      .replace(/^bench: /, '')
      .split('\n')
      .slice(0, 2)
      .join(' ');
  }
}

/**
 * A row for a CLI comparison nlink-ip cannot run yet (the command is not
 * implemented): iproute2's numbers, the target not evaluated, and the reason.
 */
function skippedRow(
  id: string,
  title: string,
  work: string,
  unit: string,
  ref: Side,
  missing: string,
  problem: string,
): Row {
  return {
    id,
    title,
    work,
    unit,
    nlink: side('nlink-ip', ref.ops, [Number.NaN]),
    reference: ref,
    checks: [{ target: 'faster than ip', pass: undefined }],
    display: 'skipped',
    notes: [`skipped: nlink-ip ${missing} not implemented yet (probe failed: ${problem})`],
  };
}

/** `ip` and `nlink-ip` running the same arguments, measured as whole processes, alternating. */
async function versusIp(
  env: Env,
  id: string,
  args: readonly string[],
  runs: number,
  after: () => Promise<void>,
  output: (tool: 'ip' | 'nlink-ip') => string = () => '/dev/null',
): Promise<{ ip: ProcessResult[]; nlink: ProcessResult[] }> {
  const ipRuns: ProcessResult[] = [];
  const nlinkRuns: ProcessResult[] = [];
  const report = (tool: string, list: ProcessResult[]): void => {
    const r = list.at(-1) as ProcessResult;
    env.log(`[${id}] ${tool} run ${list.length}/${runs}: ${duration(r.seconds)}, peak RSS ${mib(r.maxRssKiB)}`);
  };
  await alternate(
    runs,
    async () => {
      ipRuns.push(await runMeasured(env.measure, ['ip', ...args], output('ip')));
      report('ip', ipRuns);
      await after();
    },
    async () => {
      nlinkRuns.push(await runMeasured(env.measure, [process.execPath, env.nlinkIp, ...args], output('nlink-ip')));
      report('nlink-ip', nlinkRuns);
      await after();
    },
  );
  if (env.config.profileDir !== undefined) {
    await runMeasured(env.measure, [process.execPath, ...nodeArgs(env, `${id}-nlink-ip`), env.nlinkIp, ...args]);
    await after();
  }
  return { ip: ipRuns, nlink: nlinkRuns };
}

function processSide(label: string, ops: number, runs: readonly ProcessResult[]): Side {
  return side(
    label,
    ops,
    runs.map((r) => r.seconds),
    runs.map((r) => r.maxRssKiB),
  );
}

/** Where two outputs first differ, or `undefined` when they are identical. */
function outputDifference(a: string, b: string): string | undefined {
  const x = readFileSync(a);
  const y = readFileSync(b);
  if (x.equals(y)) return undefined;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const at = (buf: Buffer): string => JSON.stringify(buf.subarray(Math.max(0, i - 20), i + 40).toString('utf8'));
  return `outputs differ (${int(x.length)} vs ${int(y.length)} bytes), first at byte ${int(i)}: ip ${at(x)}, nlink-ip ${at(y)}`;
}

async function cliShowRow(env: Env, ns: LabNamespace): Promise<Row> {
  const { routes, heavyRuns } = env.config;
  const args = ['-n', ns.name, '-j', 'route', 'show', 'table', String(DUMP_TABLE)];
  const out = (tool: string): string => join(env.tmp, `e1-${tool}.json`);
  const title = 'CLI: route show -j';
  const work = `\`-j route show table T\`, ${int(routes)} routes, whole process`;
  const problem = await cliProblem(env, ['-n', ns.name, '-j', 'route', 'show']);
  if (problem !== undefined) {
    const ipRuns: ProcessResult[] = [];
    for (let i = 0; i < heavyRuns; i++) ipRuns.push(await runMeasured(env.measure, ['ip', ...args]));
    return skippedRow('e1', title, work, 'route', processSide('ip', routes, ipRuns), 'route', problem);
  }
  const r = await versusIp(env, 'e1', args, heavyRuns, async () => {}, out);
  const nlink = processSide('nlink-ip', routes, r.nlink);
  const ref = processSide('ip', routes, r.ip);
  const ratio = nlink.medianSeconds / ref.medianSeconds;
  const diff = outputDifference(out('ip'), out('nlink-ip'));
  return {
    id: 'e1',
    title,
    work,
    unit: 'route',
    nlink,
    reference: ref,
    ratio,
    checks: [{ target: 'faster than ip', pass: ratio < 1 }],
    notes: [diff ?? 'output identical to ip -j (byte for byte)'],
  };
}

const routesGroup: Group = {
  ids: ['a', 'a1', 'a2', 'a0', 'b', 'e1'],
  prefix: 'bench-routes',
  async run(env, ns, selected) {
    const { routes, heavyRuns } = env.config;
    env.log(`[routes] adding ${int(routes)} routes to table ${DUMP_TABLE} (C routes-add)`);
    const added = await c(env, ns, ['routes-add', routes, DUMP_TABLE]);
    env.log(`[routes] added in ${duration(added.seconds)}`);
    const rows: Row[] = [];
    const dumpC = ['routes-dump', DUMP_TABLE];
    const common = { namespace: ns.name, table: DUMP_TABLE, expected: routes };
    const dumps: readonly {
      readonly id: string;
      readonly scenario: RouteDumpScenario;
      readonly title: string;
      readonly work: string;
      readonly checks: (nlink: Side, ratio: number) => Check[];
      readonly notes?: string[];
    }[] = [
      {
        id: 'a',
        scenario: 'route-stream',
        title: 'route dump, streamed',
        work: `streamRoutes(...).pages(), ${int(routes)} IPv4 routes, typed fields read`,
        checks: (nlink, ratio) => [ratioCheck(ratio, STREAM_TARGET), rssCheck(nlink, STREAM_RSS_MIB)],
      },
      {
        id: 'a1',
        scenario: 'route-stream-warm',
        title: 'route dump, second in process',
        work: `the dump of a after one untimed dump of it in the same process`,
        checks: (nlink) => [rssCheck(nlink, STREAM_RSS_MIB)],
        notes: [
          "for reference: a's dump once V8 has compiled its path (a long-lived process's later dumps); a times a fresh process's first",
        ],
      },
      {
        id: 'a2',
        scenario: 'route-stream-items',
        title: 'route dump, per item',
        work: `for await of streamRoutes, ${int(routes)} IPv4 routes, typed fields read`,
        checks: (nlink) => [rssCheck(nlink, STREAM_RSS_MIB)],
        notes: ['the same dump as a, one `for await` step (a resolved promise) per route'],
      },
      {
        id: 'a0',
        scenario: 'route-stream-floor',
        title: 'route dump, JavaScript floor',
        work: `hand-written loop on the raw socket, ${int(routes)} IPv4 routes, the same fields read`,
        checks: () => [],
        notes: [
          "for reference: the dump of a read without nlink's layers (no session, schema or checks), one plain object per route filled by one attribute walk; what JavaScript costs for the work before any library code",
        ],
      },
      {
        id: 'b',
        scenario: 'route-collect',
        title: 'route dump, collected',
        work: `getRoutes into an array, ${int(routes)} routes, typed fields read`,
        checks: (nlink) => [rssCheck(nlink, COLLECT_RSS_MIB)],
      },
    ];
    /** The last CPU check: the one after a scenario's runs is the first of the next one's. */
    let cpuBefore: number[] | undefined;
    for (const d of dumps) {
      if (!selected.has(d.id)) continue;
      const p: ChildParams = { scenario: d.scenario, ...common };
      const v = { id: d.id, params: p, c: dumpC, runs: heavyRuns, ops: routes };
      const r = await versusC(env, ns, cpuBefore === undefined ? v : { ...v, cpuBefore });
      cpuBefore = r.lastCpuCheck;
      rows.push({
        id: d.id,
        title: d.title,
        work: d.work,
        unit: 'route',
        ...r.compared,
        checks: d.checks(r.compared.nlink, r.compared.ratio),
        notes: [...(d.notes ?? []), r.cpuNote],
      });
    }
    if (selected.has('e1')) rows.push(await cliShowRow(env, ns));
    return rows;
  },
};

// ---- c: batch adds ----------------------------------------------------------

/** Maximum nlink/C time ratio of the batch adds (c). */
const BATCH_TARGET = 1.25;

const batchGroup: Group = {
  ids: ['c'],
  prefix: 'bench-batch',
  async run(env, ns) {
    const { batchRoutes: n, runs } = env.config;
    const warmup = Math.max(1, Math.round(n / WARMUP_DIVISOR));
    const p: ChildParams = { scenario: 'route-batch', namespace: ns.name, count: n, table: BATCH_TABLE, warmup };
    const r = await versusC(env, ns, {
      id: 'c',
      params: p,
      c: ['routes-add', n, BATCH_TABLE],
      runs,
      ops: n,
      reset: async () => {
        await c(env, ns, ['routes-del', n, BATCH_TABLE]);
      },
    });
    return [
      {
        id: 'c',
        title: 'route adds, batch API',
        work: `${int(n)} conn.batch().addRoute, one execute()`,
        unit: 'route',
        ...r.compared,
        checks: [ratioCheck(r.compared.ratio, BATCH_TARGET)],
        notes: [
          'both pack 256 requests per datagram; C asks an ack of each request, nlink of the last of each datagram ' +
            '(the kernel reports errors unasked; BatchOptions.ackEach asks for all); ' +
            `nlink first adds and deletes ${int(warmup)} routes in another table (JIT warm-up, untimed), as d and g warm up; ` +
            'the route configs are made before the clock starts (the input, as C has its loop counter)',
          r.cpuNote,
        ],
      },
    ];
  },
};

// ---- e2: -batch --------------------------------------------------------------

/**
 * Peak RSS may grow by at most this share (or FLAT_SLACK_MIB) from N to 3N
 * commands to count as flat. Measured from N, not from fewer: a short run
 * ends before V8 has sized its young generation and old-space limit for the
 * allocation rate (10k lines peak at ~70 MiB, 100k at 70-105, 300k at ~85:
 * bounded, but not yet steady at 10k).
 */
const FLAT_GROWTH = 0.1;
const FLAT_SLACK_MIB = 8;
/** The flatness run has this many times the commands of e2. */
const FLAT_FACTOR = 3;

const cliBatchGroup: Group = {
  ids: ['e2'],
  prefix: 'bench-clibatch',
  async run(env, ns) {
    const { batchRoutes: n, heavyRuns } = env.config;
    const lines = (count: number): string[] =>
      Array.from({ length: count }, (_, i) => `route add unreachable ${routeDst(i)} table ${CLI_TABLE}`);
    const small = Math.max(1, Math.round(n / 10));
    const large = n * FLAT_FACTOR;
    const file = writeBatchFile(env.tmp, 'e2-full.batch', lines(n));
    const smallFile = writeBatchFile(env.tmp, 'e2-small.batch', lines(small));
    const largeFile = writeBatchFile(env.tmp, 'e2-large.batch', lines(large));
    const del = (count: number) => async () => {
      await c(env, ns, ['routes-del', count, CLI_TABLE]);
    };
    const title = 'CLI: -batch route adds';
    const work = `\`-batch FILE\`, ${int(n)} \`route add\` lines, whole process`;
    const problem = await cliProblem(env, ['-n', ns.name, '-batch', writeBatchFile(env.tmp, 'e2-one.batch', lines(1))]);
    if (problem === undefined) await del(1)();
    else {
      const ipRuns: ProcessResult[] = [];
      for (let i = 0; i < heavyRuns; i++) {
        ipRuns.push(await runMeasured(env.measure, ['ip', '-n', ns.name, '-batch', file]));
        await del(n)();
      }
      return [skippedRow('e2', title, work, 'command', processSide('ip', n, ipRuns), '-batch', problem)];
    }
    const r = await versusIp(env, 'e2', ['-n', ns.name, '-batch', file], heavyRuns, del(n));
    // Memory at a tenth of the commands, for both (information), and at three times as many, for
    // nlink-ip only (ip would need ~4 KiB per line): flat means about the same peak at N and 3N.
    const smallRuns = await versusIp(env, 'e2-small', ['-n', ns.name, '-batch', smallFile], 1, del(small));
    const largeRun = await runMeasured(env.measure, [
      process.execPath,
      env.nlinkIp,
      '-n',
      ns.name,
      '-batch',
      largeFile,
    ]);
    env.log(
      `[e2-large] nlink-ip ${int(large)} lines: ${duration(largeRun.seconds)}, peak RSS ${mib(largeRun.maxRssKiB)}`,
    );
    await del(large)();
    const nlink = processSide('nlink-ip', n, r.nlink);
    const ref = processSide('ip', n, r.ip);
    const ratio = nlink.medianSeconds / ref.medianSeconds;
    const smallRss = smallRuns.nlink[0]?.maxRssKiB ?? 0;
    const smallIp = smallRuns.ip[0]?.maxRssKiB ?? 0;
    const perCommand = (big: number | undefined, little: number, lines: number): string =>
      `${((((big ?? 0) - little) * 1024) / lines).toFixed(0)} B`;
    const fullRss = nlink.peakRssKiB ?? 0;
    const growthKiB = largeRun.maxRssKiB - fullRss;
    const flat = growthKiB <= Math.max(FLAT_GROWTH * fullRss, FLAT_SLACK_MIB * 1024);
    return [
      {
        id: 'e2',
        title,
        work,
        unit: 'command',
        nlink,
        reference: ref,
        ratio,
        checks: [
          { target: 'faster than ip', pass: ratio < 1 },
          { target: 'flat RSS', pass: flat },
        ],
        notes: [
          `peak RSS with ${int(small)} commands: nlink-ip ${mib(smallRss)}, ip ${mib(smallIp)}; ` +
            `with ${int(n)}: nlink-ip ${mib(fullRss)}, ip ${mib(ref.peakRssKiB)}; ` +
            `with ${int(large)}: nlink-ip ${mib(largeRun.maxRssKiB)}; ` +
            `growth per command from ${int(small)} to ${int(n)}: nlink-ip ${perCommand(fullRss, smallRss, n - small)}, ` +
            `ip ${perCommand(ref.peakRssKiB, smallIp, n - small)}; from ${int(n)} to ${int(large)}: ` +
            `nlink-ip ${perCommand(largeRun.maxRssKiB, fullRss, large - n)} ` +
            `(flat: from ${int(n)} to ${int(large)} grows by at most ${FLAT_GROWTH * 100}% or ${FLAT_SLACK_MIB} MiB)`,
        ],
      },
    ];
  },
};

// ---- f: events ---------------------------------------------------------------

/** One paced churn with a subscriber counting. */
interface Trial {
  /** Requested rate, route requests (= events) per second; 0 = unpaced. */
  readonly rate: number;
  /** The rate the producer reached. */
  readonly achieved: number;
  readonly expected: number;
  readonly received: number;
  readonly overruns: number;
  readonly lostWithoutOverrun: boolean;
  /** Events per second as received (first to last event). */
  readonly eventsPerSec: number;
  readonly seconds: number;
  readonly maxRssKiB: number;
}

/** The first paced rate of the search, doubled until a trial fails. */
const EVENT_START_RATE = 25_000;
const EVENT_MAX_RATE = 3_200_000;
/** Bisection steps between the last rate without overrun and the first with. */
const EVENT_BISECT_STEPS = 3;
/** Route adds (then deletes) of the unpaced trial. */
const EVENT_UNPACED_ROUTES = 100_000;
/** The subscriber stops after this long without an event. */
const EVENT_IDLE_MS = 500;
/** A paced trial is marked as falling short when the producer reached less than this share of the rate. */
const EVENT_RATE_SLACK = 0.9;
/** The rate search stops when a doubled rate made the producer less than this much faster. */
const PRODUCER_GAIN = 1.1;

async function eventTrial(env: Env, ns: LabNamespace, rate: number, bufferSize: number | undefined): Promise<Trial> {
  const n = rate === 0 ? EVENT_UNPACED_ROUTES : Math.max(1000, Math.round((rate * env.config.eventSeconds) / 2));
  const params: ChildParams = {
    scenario: 'events',
    namespace: ns.name,
    expected: 2 * n,
    idleMs: EVENT_IDLE_MS,
    ...(bufferSize === undefined ? {} : { bufferSize }),
  };
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const profile = rate === 0 ? `f-events-${bufferSize ?? 'default'}` : undefined;
  const subscriber = nlinkRun(env, params, {
    ...(profile === undefined ? {} : { profile }),
    onLine: (line) => {
      if (line.includes('"ready"')) ready();
    },
  });
  await Promise.race([isReady, subscriber]);
  const produced = await c(env, ns, ['routes-churn', n, EVENT_TABLE, rate]);
  const r = await subscriber;
  const extra = r.extra ?? {};
  const t: Trial = {
    rate,
    achieved: produced.opsPerSec,
    expected: 2 * n,
    received: r.ops,
    overruns: Number(extra.overruns ?? 0),
    lostWithoutOverrun: extra.lostWithoutOverrun === true,
    eventsPerSec: Number(extra.eventsPerSec ?? 0),
    seconds: r.seconds,
    maxRssKiB: r.maxRssKiB,
  };
  env.log(
    `[f] ${bufferSize === undefined ? 'default' : mib(bufferSize / 1024)} buffer, ${rate ? `${int(rate)}/s` : 'unpaced'}: ` +
      `sent ${int(t.achieved)}/s, received ${int(t.received)} of ${int(t.expected)} (${int(t.eventsPerSec)}/s)` +
      `${t.overruns ? `, ${t.overruns} overrun(s)` : ''}${t.lostWithoutOverrun ? ', LOST WITHOUT OVERRUN' : ''}`,
  );
  return t;
}

const trialOk = (t: Trial): boolean => t.overruns === 0 && !t.lostWithoutOverrun;
const reachedRate = (t: Trial): boolean => t.rate === 0 || t.achieved >= EVENT_RATE_SLACK * t.rate;

function describeTrial(t: Trial): string {
  const rate = t.rate ? `${int(t.rate)}/s` : `unpaced (${int(t.achieved)}/s)`;
  const outcome = t.lostWithoutOverrun
    ? `LOST ${int(t.expected - t.received)} WITHOUT OVERRUN`
    : t.overruns
      ? `overrun (${int(t.received)} of ${int(t.expected)} received)`
      : `ok, ${int(t.eventsPerSec)} ev/s received`;
  return `${rate}${reachedRate(t) ? '' : ` [producer reached ${int(t.achieved)}/s]`}: ${outcome}`;
}

/** The highest paced rate without overrun for one receive buffer size, then an unpaced trial. */
async function eventRow(env: Env, ns: LabNamespace, bufferSize: number | undefined, label: string): Promise<Row> {
  const trials: Trial[] = [];
  const trial = async (rate: number): Promise<Trial> => {
    const t = await eventTrial(env, ns, rate, bufferSize);
    trials.push(t);
    return t;
  };
  // Double the rate until a trial overruns, or the producer gets no faster (it may fall short of a
  // rate on a busy machine; a trial without overrun counts at the rate it actually reached).
  let best: Trial | undefined;
  let fail: Trial | undefined;
  for (let rate = EVENT_START_RATE; rate <= EVENT_MAX_RATE; rate *= 2) {
    const t = await trial(rate);
    if (!trialOk(t)) {
      fail = t;
      break;
    }
    const faster = best === undefined || t.achieved > best.achieved * PRODUCER_GAIN;
    if (best === undefined || t.achieved > best.achieved) best = t;
    if (!faster) break;
  }
  if (fail !== undefined) {
    let lo = best?.rate ?? 0;
    let hi = fail.rate;
    for (let i = 0; i < EVENT_BISECT_STEPS; i++) {
      const mid = Math.round(lo ? Math.sqrt(lo * hi) : hi / 2);
      const t = await trial(mid);
      if (trialOk(t)) lo = mid;
      else hi = mid;
    }
  }
  const unpaced = await trial(0);
  // The sustained rate: the highest rate the producer actually reached in a trial without overrun.
  const sustained = trials.filter(trialOk).sort((x, y) => y.achieved - x.achieved)[0];
  const overran = trials.filter((t) => !trialOk(t)).sort((x, y) => x.achieved - y.achieved)[0];
  const display =
    sustained === undefined
      ? `overrun at ${int(overran?.achieved ?? 0)} ev/s`
      : overran === undefined
        ? `no overrun up to ${int(sustained.achieved)} ev/s (producer max)`
        : `${int(sustained.achieved)} ev/s without overrun (overrun at ${int(overran.achieved)} ev/s)`;
  const lost = trials.filter((t) => t.lostWithoutOverrun).length;
  const shown = sustained ?? unpaced;
  return {
    id: 'f',
    title: `route events, ${label} buffer`,
    work: 'subscriber counts NewRoute/DelRoute while C adds then deletes routes',
    unit: 'event',
    nlink: side(
      'nlink',
      Math.max(1, shown.received),
      [shown.seconds],
      trials.map((t) => t.maxRssKiB),
    ),
    checks: [{ target: 'no loss without overrun', pass: lost === 0 }],
    display,
    notes: [
      `unpaced: ${int(unpaced.achieved)} ev/s sent, ${trialOk(unpaced) ? 'no overrun' : 'overrun'}`,
      `trials: ${trials.map(describeTrial).join('; ')}`,
    ],
  };
}

/** `net.core.rmem_default`, the default receive buffer, in bytes. */
function defaultReceiveBuffer(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_default', 'utf8').trim());
  } catch {
    return undefined;
  }
}

const eventsGroup: Group = {
  ids: ['f'],
  prefix: 'bench-events',
  async run(env, ns) {
    const rmem = defaultReceiveBuffer();
    return [
      await eventRow(env, ns, undefined, `default (${rmem === undefined ? '?' : mib(rmem / 1024)})`),
      await eventRow(env, ns, env.config.eventBuffer, mib(env.config.eventBuffer / 1024)),
    ];
  },
};

// ---- g: getLinkByName among 10,000 links -----------------------------------------

/** getLinkByName must take less than this on average, in ns. */
const BY_NAME_TARGET_NS = 1e6;

const namesGroup: Group = {
  ids: ['g'],
  prefix: 'bench-names',
  async run(env, ns) {
    const { links, lookups, runs } = env.config;
    const pairs = Math.max(1, Math.round(links / 2));
    const conn = ns.connection();
    env.log(`[g] creating ${int(pairs)} veth pairs (ip -batch)`);
    const started = performance.now();
    const names = vethNames(pairs);
    ipBatch(
      ns.name,
      env.tmp,
      'g-veth.batch',
      names.filter((_, i) => i % 2 === 0).map((a, i) => `link add ${a} type veth peer name ${names[2 * i + 1]}`),
    );
    const total = (await conn.getLinks()).length;
    env.log(`[g] ${int(total)} links in ${duration((performance.now() - started) / 1e3)}`);
    const warmup = Math.max(1, Math.round(lookups / WARMUP_DIVISOR));
    const p: ChildParams = { scenario: 'link-by-name', namespace: ns.name, ops: lookups, warmup, pairs };
    const r = await versusC(env, ns, { id: 'g', params: p, c: ['getlink-name', lookups, 'vb0a'], runs, ops: lookups });
    const q = (key: string): number => median(r.results.map((x) => Number(x.extra?.[key] ?? 0)));
    return [
      {
        id: 'g',
        title: `getLinkByName (${int(total)} links)`,
        work: `${int(lookups)} sequential awaited getLinkByName, every name in turn`,
        unit: 'lookup',
        ...r.compared,
        checks: [{ target: 'mean < 1 ms', pass: r.compared.nlink.nsPerOp < BY_NAME_TARGET_NS } satisfies Check],
        notes: [
          `latency per call (median over runs): p50 ${q('p50Us').toFixed(1)} µs, p99 ${q('p99Us').toFixed(1)} µs, ` +
            `max ${q('maxUs').toFixed(0)} µs; C looks up one name (vb0a) repeatedly`,
          r.cpuNote,
        ],
      },
    ];
  },
};

/** Every group, in the order they run (the heaviest setup last). */
export const GROUPS: readonly Group[] = [linksGroup, batchGroup, routesGroup, cliBatchGroup, eventsGroup, namesGroup];

/** Scenario ids in the order the report lists them. */
export const SCENARIO_ORDER: readonly string[] = [
  'noop',
  'd',
  'dump',
  'a',
  'a1',
  'a2',
  'a0',
  'b',
  'c',
  'e1',
  'e2',
  'f',
  'g',
];
