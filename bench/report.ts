/**
 * Summaries and the printed table of a benchmark report.
 *
 * @module
 */

/** A scenario's result: nlink against the C baseline. */
export interface ScenarioReport {
  readonly scenario: string;
  /** What one op is, in words. */
  readonly description: string;
  readonly ops: number;
  /** Links per dump, when the scenario is a dump. */
  readonly items?: number;
  /** ns/op of every timed run, in run order. */
  readonly nlinkNsPerOp: readonly number[];
  readonly cNsPerOp: readonly number[];
  readonly nlinkMedianNsPerOp: number;
  readonly cMedianNsPerOp: number;
  readonly nlinkOpsPerSec: number;
  readonly cOpsPerSec: number;
  /** nlink time / C time (medians). */
  readonly ratio: number;
  /** Maximum acceptable ratio, if the scenario has a target. */
  readonly target?: number;
  readonly pass?: boolean;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Builds a {@link ScenarioReport} from the per-run ns/op of both sides. */
export function summarize(
  scenario: string,
  description: string,
  ops: number,
  nlink: readonly number[],
  c: readonly number[],
  extra: { items?: number; target?: number } = {},
): ScenarioReport {
  const nlinkMedian = median(nlink);
  const cMedian = median(c);
  const ratio = nlinkMedian / cMedian;
  return {
    scenario,
    description,
    ops,
    ...(extra.items === undefined ? {} : { items: extra.items }),
    nlinkNsPerOp: nlink,
    cNsPerOp: c,
    nlinkMedianNsPerOp: nlinkMedian,
    cMedianNsPerOp: cMedian,
    nlinkOpsPerSec: 1e9 / nlinkMedian,
    cOpsPerSec: 1e9 / cMedian,
    ratio,
    ...(extra.target === undefined ? {} : { target: extra.target, pass: ratio <= extra.target }),
  };
}

function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function ns(n: number): string {
  return n >= 100 ? int(n) : n.toFixed(1);
}

/** The report as a fixed-width text table. */
export function formatTable(reports: readonly ScenarioReport[]): string {
  const header = ['scenario', 'ops/run', 'nlink ops/s', 'C ops/s', 'nlink ns/op', 'C ns/op', 'ratio', 'target'];
  const rows = reports.map((r) => [
    r.items === undefined ? r.scenario : `${r.scenario} (${r.items} links)`,
    int(r.ops),
    int(r.nlinkOpsPerSec),
    int(r.cOpsPerSec),
    ns(r.nlinkMedianNsPerOp),
    ns(r.cMedianNsPerOp),
    `${r.ratio.toFixed(2)}x`,
    r.target === undefined ? '-' : `≤ ${r.target.toFixed(1)}x ${r.pass ? 'PASS' : 'FAIL'}`,
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
