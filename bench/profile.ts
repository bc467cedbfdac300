/**
 * Top self-time functions of a V8 CPU profile (`node --cpu-prof`):
 * `node dist/bench/profile.js FILE.cpuprofile [N]`. `run.ts --profile DIR`
 * uses it to print the hot spots of every nlink side it profiled.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of the samples. */
export interface HotFunction {
  /** `name file:line`, the file relative to the working directory. */
  readonly where: string;
  readonly selfMs: number;
  /** Share of the profile's total sampled time, 0..1. */
  readonly share: number;
}

function location(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (url === '') return name;
  const file = url.startsWith('file://') ? relative(process.cwd(), fileURLToPath(url)) : url;
  return `${name} ${file}:${lineNumber + 1}`;
}

/** The `top` functions by self time of the profile at `path`, aggregated by function and location. */
export function hotFunctions(path: string, top = 15): HotFunction[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (node === undefined) return;
    const key = location(node);
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, us]) => ({ where, selfMs: us / 1e3, share: total > 0 ? us / total : 0 }));
}

/** {@link hotFunctions} as text lines: `  41.2%   1234 ms  name file:line`. */
export function formatHotFunctions(hot: readonly HotFunction[]): string {
  return hot
    .map((h) => `  ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.selfMs.toFixed(0).padStart(7)} ms  ${h.where}`)
    .join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: node dist/bench/profile.js FILE.cpuprofile [N]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatHotFunctions(hotFunctions(file, Number(process.argv[3] ?? 15)))}\n`);
}
