/**
 * Summaries and the printed tables of a benchmark report: one row per
 * scenario, nlink next to its reference (the C baseline or iproute2).
 *
 * @module
 */

/** One side of a comparison: every run's wall time and the peak RSS. */
export interface Side {
  /** `nlink`, `C`, `ip`, `nlink-ip`. */
  readonly label: string;
  /** Ops in each run (routes, round trips, lookups...). */
  readonly ops: number;
  /** Seconds of every timed run, in run order. */
  readonly seconds: readonly number[];
  readonly medianSeconds: number;
  /** Median ns per op. */
  readonly nsPerOp: number;
  /** Highest peak RSS over the runs, when measured. */
  readonly peakRssKiB?: number;
}

/** A target and whether this run met it. */
export interface Check {
  /** `≤ 2.0x`, `RSS < 100 MiB`, ... */
  readonly target: string;
  /** `undefined` when the scenario was skipped and the target not evaluated. */
  readonly pass: boolean | undefined;
}

/** A scenario's result. */
export interface Row {
  /** Selector (`a`, `d`, `noop`...). */
  readonly id: string;
  readonly title: string;
  /** What one run does, in words. */
  readonly work: string;
  /** What one op is (`op`, `route`, `lookup`). */
  readonly unit: string;
  readonly nlink: Side;
  readonly reference?: Side;
  /** nlink time / reference time (medians). */
  readonly ratio?: number;
  readonly checks: readonly Check[];
  /** Replaces the nlink cell (for results that are not a time, such as an event rate). */
  readonly display?: string;
  /** Printed under the table. */
  readonly notes?: readonly string[];
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A {@link Side} from each run's seconds (and peak RSS in KiB, when measured). */
export function side(label: string, ops: number, seconds: readonly number[], rssKiB?: readonly number[]): Side {
  const m = median(seconds);
  return {
    label,
    ops,
    seconds,
    medianSeconds: m,
    nsPerOp: (m * 1e9) / ops,
    ...(rssKiB === undefined || rssKiB.length === 0 ? {} : { peakRssKiB: Math.max(...rssKiB) }),
  };
}

/** `ratio ≤ max` as a check. */
export function ratioCheck(ratio: number, max: number): Check {
  return { target: `≤ ${max.toFixed(2).replace(/0$/, '')}x`, pass: ratio <= max };
}

/** `peak RSS < maxMiB` as a check. */
export function rssCheck(s: Side, maxMiB: number): Check {
  return { target: `RSS < ${maxMiB} MiB`, pass: s.peakRssKiB !== undefined && s.peakRssKiB < maxMiB * 1024 };
}

/** Formats an integer with thousands separators. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A duration in seconds, in the unit that reads best. */
export function duration(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(seconds >= 0.1 ? 0 : 1)} ms`;
  if (seconds >= 1e-5) return `${(seconds * 1e6).toFixed(1)} µs`;
  return `${int(seconds * 1e9)} ns`;
}

/** KiB as MiB. */
export function mib(kib: number | undefined): string {
  return kib === undefined ? '-' : `${(kib / 1024).toFixed(1)} MiB`;
}

function timeCell(s: Side, unit: string): string {
  return s.ops === 1
    ? duration(s.medianSeconds)
    : `${duration(s.nsPerOp / 1e9)}/${unit} (${duration(s.medianSeconds)})`;
}

/** `PASS`, `FAIL`, or `not run` for a skipped scenario. */
export function checkStatus(c: Check): string {
  return c.pass === undefined ? 'not run' : c.pass ? 'PASS' : 'FAIL';
}

const HEADER = ['id', 'scenario', 'work per run', 'nlink', 'reference', 'ratio', 'nlink RSS', 'ref RSS', 'targets'];

function cells(r: Row): string[] {
  return [
    r.id,
    r.title,
    r.work,
    r.display ?? timeCell(r.nlink, r.unit),
    r.reference === undefined ? '-' : `${r.reference.label} ${timeCell(r.reference, r.unit)}`,
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
    mib(r.nlink.peakRssKiB),
    mib(r.reference?.peakRssKiB),
    r.checks.length === 0 ? '-' : r.checks.map((c) => `${c.target} ${checkStatus(c)}`).join('; '),
  ];
}

function notes(rows: readonly Row[]): string[] {
  return rows.flatMap((r) => (r.notes ?? []).map((n) => `${r.id}: ${n}`));
}

/** The report as a fixed-width text table, then the notes. */
export function formatTable(rows: readonly Row[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const numeric = new Set([5, 6, 7]);
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const text = [line(HEADER), rule, ...rows.map((r) => line(cells(r)))];
  const n = notes(rows);
  return [...text, ...(n.length ? ['', ...n] : [])].join('\n');
}

/** The report as a Markdown table, then the notes as a list. */
export function formatMarkdown(rows: readonly Row[]): string {
  const esc = (s: string): string => s.replaceAll('|', '\\|');
  const line = (row: readonly string[]): string => `| ${row.map(esc).join(' | ')} |`;
  const text = [line(HEADER), line(HEADER.map(() => '---')), ...rows.map((r) => line(cells(r)))];
  const n = notes(rows);
  return [...text, ...(n.length ? ['', ...n.map((x) => `- ${x}`)] : [])].join('\n');
}
