/**
 * The UAPI audit: generates a C program that prints the kernel's value of
 * every constant, struct size, field offset and field size we hard-code,
 * compiles it with `cc` against the installed headers, runs it and compares
 * its output with our values.
 *
 * Kept apart from the test so that it can be run on arbitrary (including
 * deliberately wrong) tables.
 *
 * @module
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UapiStructEntry } from '../../src/uapi-structs.js';

/** A table of constants: `prefix + key` is the C name, `headers` declare them. */
export interface ConstantTable {
  /** Prefix of the C names (`NLMSG_`), possibly empty. */
  readonly prefix: string;
  /** Our values by C name without the prefix. */
  readonly table: Readonly<Record<string, number>>;
  /** Headers to `#include`, as written between `<...>`. */
  readonly headers: readonly string[];
}

/** What the audit compares. */
export interface AuditInput {
  /** Constant tables. */
  readonly constants?: readonly ConstantTable[];
  /** Struct layouts. */
  readonly structs?: readonly UapiStructEntry[];
  /** C type to convert a constant to before comparing, by C name. Defaults to {@link CONSTANT_C_TYPES}. */
  readonly cTypes?: Readonly<Record<string, string>>;
}

/** One disagreement between our value and the kernel headers'. */
export interface Mismatch {
  /** What was compared: a constant name or a C `sizeof`/`offsetof` expression. */
  readonly name: string;
  /** Our value. */
  readonly ours: number;
  /** The value the compiled C program printed. */
  readonly kernel: bigint;
}

/** The outcome of an audit that compiled and ran. */
export interface AuditResult {
  /** How many values were compared. */
  readonly checked: number;
  /** Every disagreement, in table order. */
  readonly mismatches: readonly Mismatch[];
}

/**
 * Constants compared after converting the C value to another type.
 *
 * `NLA_TYPE_MASK` is `~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)` in C: an `int`,
 * -49153. The kernel only ever ANDs it with the `__u16 nla_type`, and
 * `src/core/constants.ts` defines it as that 16-bit mask
 * (`~(NESTED | NET_BYTEORDER) & 0xffff`, 0x3fff). Converting the C value to
 * `__u16`, the type it is applied to, makes the comparison exact:
 * `(__u16)-49153 == 0x3fff`.
 */
export const CONSTANT_C_TYPES: Readonly<Record<string, string>> = { NLA_TYPE_MASK: '__u16' };

/** The audit program did not compile: usually a constant, struct or member missing from the headers. */
export class AuditCompileError extends Error {
  /** Identifiers and struct members the compiler reported as unknown. */
  readonly missing: readonly string[];
  /** The compiler's full output. */
  readonly compilerOutput: string;
  constructor(missing: readonly string[], compilerOutput: string) {
    const what = missing.length > 0 ? `not in the installed headers: ${missing.join(', ')}\n` : '';
    super(`UAPI audit program failed to compile; ${what}compiler output:\n${compilerOutput}`);
    this.name = 'AuditCompileError';
    this.missing = missing;
    this.compilerOutput = compilerOutput;
  }
}

/** One value to print from C. */
interface Check {
  /** Printed before `=`; also the mismatch name. */
  readonly label: string;
  /** C expression of integer type. */
  readonly expr: string;
  readonly ours: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER = /^[A-Za-z0-9_][A-Za-z0-9_./-]*\.h$/;
const TYPE = /^[A-Za-z_][A-Za-z0-9_ ]*$/;

function ident(s: string, what: string): string {
  if (!IDENT.test(s)) throw new Error(`UAPI audit: ${what} ${JSON.stringify(s)} is not a C identifier`);
  return s;
}

function header(s: string): string {
  if (!HEADER.test(s)) throw new Error(`UAPI audit: bad header name ${JSON.stringify(s)}`);
  return s;
}

/** `rxOtherhostDropped` → `rx_otherhost_dropped`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The C member name of a struct field, by the rules of {@link UapiStructEntry}. */
export function cMemberName(entry: UapiStructEntry, field: string): string {
  return entry.cFields?.[field] ?? `${entry.prefix ?? ''}${snakeCase(field)}`;
}

function constantChecks(tables: readonly ConstantTable[], cTypes: Readonly<Record<string, string>>): Check[] {
  const checks: Check[] = [];
  for (const { prefix, table } of tables) {
    for (const [key, ours] of Object.entries(table)) {
      const name = ident(`${prefix}${key}`, 'constant');
      const type = cTypes[name];
      if (type !== undefined && !TYPE.test(type)) throw new Error(`UAPI audit: bad C type ${JSON.stringify(type)}`);
      const label = type === undefined ? name : `(${type})${name}`;
      checks.push({ label, expr: type === undefined ? name : `(${type})(${name})`, ours });
    }
  }
  return checks;
}

function structChecks(entries: readonly UapiStructEntry[]): Check[] {
  const checks: Check[] = [];
  for (const entry of entries) {
    const { name, size, layout } = entry.struct;
    const tag = `struct ${ident(name, 'struct name')}`;
    checks.push({ label: `sizeof(${tag})`, expr: `sizeof(${tag})`, ours: size });
    for (const f of layout) {
      if ('pad' in f.type) continue;
      const member = ident(cMemberName(entry, f.name), `C member name of ${name}.${f.name}`);
      checks.push({
        label: `offsetof(${tag}, ${member}) [${f.name}]`,
        expr: `offsetof(${tag}, ${member})`,
        ours: f.offset,
      });
      checks.push({
        label: `sizeof(${tag}.${member}) [${f.name}]`,
        expr: `sizeof(((${tag} *)0)->${member})`,
        ours: f.type.size,
      });
    }
  }
  return checks;
}

function cSource(headers: readonly string[], checks: readonly Check[]): string {
  // glibc headers first; never <net/if.h>, which conflicts with <linux/if.h>.
  const includes = new Set(['stddef.h', 'stdio.h', 'sys/socket.h', ...headers.map(header)]);
  const lines = [...includes].map((h) => `#include <${h}>`);
  lines.push('', 'int main(void) {');
  for (const c of checks) {
    lines.push(`  printf("%s=%lld\\n", ${JSON.stringify(c.label)}, (long long)(${c.expr}));`);
  }
  lines.push('  return 0;', '}', '');
  return lines.join('\n');
}

/** Names gcc/clang report as undeclared, or as missing members / unknown structs. */
function missingNames(output: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /'([A-Za-z_]\w*)' undeclared/g,
    /use of undeclared identifier '([A-Za-z_]\w*)'/g,
    /has no member named '([A-Za-z_]\w*)'/g,
    /no member named '([A-Za-z_]\w*)'/g,
    /(?:invalid application of 'sizeof' to |incomplete type |undefined type )'(struct [A-Za-z_]\w*)'/g,
    /fatal error: ([^:\s]+): No such file or directory/g,
  ];
  for (const re of patterns) for (const m of output.matchAll(re)) found.add(m[1]!);
  return [...found];
}

function compileAndRun(source: string): string {
  const cc = process.env.CC ?? 'cc';
  const dir = mkdtempSync(join(tmpdir(), 'nlink-uapi-'));
  try {
    const src = join(dir, 'audit.c');
    const exe = join(dir, 'audit');
    writeFileSync(src, source);
    // LC_ALL=C: plain ASCII quotes in diagnostics, for missingNames().
    const built = spawnSync(cc, ['-std=gnu11', '-o', exe, src], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (built.error) {
      throw new Error(
        `UAPI audit: cannot run the C compiler ${JSON.stringify(cc)} (${built.error.message}). ` +
          'The audit needs a C compiler and the kernel UAPI headers (Debian/Ubuntu: apt-get install gcc linux-libc-dev).',
      );
    }
    if (built.status !== 0) {
      const output = `${built.stdout}${built.stderr}`.replaceAll(dir, '<tmp>');
      throw new AuditCompileError(missingNames(output), `${output}\n--- audit.c ---\n${source}`);
    }
    const ran = spawnSync(exe, [], { encoding: 'utf8' });
    if (ran.error || ran.status !== 0) {
      throw new Error(
        `UAPI audit program failed (${ran.error?.message ?? `status ${ran.status}, signal ${ran.signal}`}):\n${ran.stderr}`,
      );
    }
    return ran.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(checks: readonly Check[], stdout: string): Mismatch[] {
  const lines = stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== checks.length) {
    throw new Error(`UAPI audit: expected ${checks.length} output lines, got ${lines.length}:\n${stdout}`);
  }
  const mismatches: Mismatch[] = [];
  checks.forEach((check, i) => {
    const line = lines[i]!;
    const eq = line.lastIndexOf('=');
    const label = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (eq < 0 || label !== check.label || !/^-?\d+$/.test(value)) {
      throw new Error(`UAPI audit: output line ${i + 1} is ${JSON.stringify(line)}, expected ${check.label}=<integer>`);
    }
    const kernel = BigInt(value);
    if (!Number.isSafeInteger(check.ours) || BigInt(check.ours) !== kernel) {
      mismatches.push({ name: check.label, ours: check.ours, kernel });
    }
  });
  return mismatches;
}

/**
 * Runs the audit: one C program for all of `input`, compiled with `$CC`
 * (default `cc`) in a temporary directory that is removed afterwards.
 *
 * @returns every mismatch (an empty list when all values agree).
 * @throws {AuditCompileError} when a constant, struct or member is missing from the headers.
 * @throws {Error} when there is no C compiler, or the program fails.
 */
export function runAudit(input: AuditInput): AuditResult {
  const constants = input.constants ?? [];
  const checks = [...constantChecks(constants, input.cTypes ?? CONSTANT_C_TYPES), ...structChecks(input.structs ?? [])];
  const headers = [...constants.flatMap((t) => t.headers), ...(input.structs ?? []).map((s) => s.header)];
  const stdout = compileAndRun(cSource(headers, checks));
  return { checked: checks.length, mismatches: compare(checks, stdout) };
}

function hex(v: number | bigint): string {
  return v < 0 ? `-0x${(-BigInt(v)).toString(16)}` : `0x${BigInt(v).toString(16)}`;
}

/** One line per mismatch: name, our value, the kernel's value. */
export function formatMismatches(mismatches: readonly Mismatch[]): string {
  const rows = mismatches.map((m) => {
    const ours = Number.isSafeInteger(m.ours) ? `${m.ours} (${hex(m.ours)})` : String(m.ours);
    return `  ${m.name}: ours ${ours}, kernel ${m.kernel} (${hex(m.kernel)})`;
  });
  return `${mismatches.length} value(s) differ from the kernel UAPI headers:\n${rows.join('\n')}`;
}
