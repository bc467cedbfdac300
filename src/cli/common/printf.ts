/**
 * A C `printf` for the iproute2-style printers: the CLIs reuse iproute2's
 * format strings (`"mtu %u "`, `"%-16s "`, `"%#llx"`, `"%4i.%.2i"`) so that
 * their text output matches byte for byte.
 *
 * Supported: flags `-0#+ `, a width or `*`, a precision or `.*`, the length
 * modifiers `hh h l ll z j` (they only narrow unsigned values) and the
 * conversions `d i u x X o c s f g %`.
 *
 * @module
 */

/** One argument of {@link cFormat}. */
export type FormatArg = string | number | bigint;

const SPEC = /%([-0#+ ]*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|z|j)?([diuxXocsfg%])/g;

interface Spec {
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly length: string;
  readonly conv: string;
}

function pad(body: string, spec: Spec, zeroPrefix = ''): string {
  const width = spec.width ?? 0;
  const len = zeroPrefix.length + body.length;
  if (len >= width) return zeroPrefix + body;
  if (spec.flags.includes('-')) return zeroPrefix + body + ' '.repeat(width - len);
  if (spec.flags.includes('0') && spec.precision === undefined && spec.conv !== 's' && spec.conv !== 'c') {
    return zeroPrefix + '0'.repeat(width - len) + body;
  }
  return ' '.repeat(width - len) + zeroPrefix + body;
}

const BITS: Readonly<Record<string, bigint>> = { hh: 8n, h: 16n, '': 32n };

function toBig(arg: FormatArg | undefined): bigint {
  if (typeof arg === 'bigint') return arg;
  if (typeof arg === 'number') return BigInt(Math.trunc(arg));
  if (typeof arg === 'string' && arg.length > 0) return BigInt(arg.codePointAt(0) ?? 0);
  return 0n;
}

function formatInt(arg: FormatArg | undefined, spec: Spec): string {
  let v = toBig(arg);
  const signed = spec.conv === 'd' || spec.conv === 'i';
  if (!signed) {
    const bits = BITS[spec.length] ?? 64n;
    v = BigInt.asUintN(Number(bits), v);
  }
  const negative = v < 0n;
  const base = spec.conv === 'x' || spec.conv === 'X' ? 16 : spec.conv === 'o' ? 8 : 10;
  let digits = (negative ? -v : v).toString(base);
  if (spec.conv === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) {
    digits = spec.precision === 0 && v === 0n ? '' : digits.padStart(spec.precision, '0');
  }
  let prefix = '';
  if (negative) prefix = '-';
  else if (signed && spec.flags.includes('+')) prefix = '+';
  else if (signed && spec.flags.includes(' ')) prefix = ' ';
  if (spec.flags.includes('#') && v !== 0n) {
    if (base === 16) prefix += spec.conv === 'X' ? '0X' : '0x';
    else if (base === 8 && !digits.startsWith('0')) prefix += '0';
  }
  return pad(digits, spec, prefix);
}

/**
 * `%.Nf` of a finite non-negative number as glibc prints it: from the exact
 * binary value, ties rounded to even (`toFixed` rounds ties up).
 */
function toFixedExact(v: number, digits: number): string {
  if (v === 0 || !Number.isFinite(v)) return v.toFixed(digits);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  if (biased) mantissa |= 1n << 52n;
  const exp = (biased || 1) - 1075;
  // v = mantissa * 2^exp = num / 10^scale exactly.
  const scale = exp < 0 ? -exp : 0;
  const num = exp < 0 ? mantissa * 5n ** BigInt(scale) : mantissa << BigInt(exp);
  let q = num;
  if (scale > digits) {
    const div = 10n ** BigInt(scale - digits);
    q = num / div;
    const rem = num % div;
    if (rem * 2n > div || (rem * 2n === div && q % 2n === 1n)) q++;
  } else {
    q = num * 10n ** BigInt(digits - scale);
  }
  const text = q.toString().padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

/** `%g`: the shorter of `%e` and `%f`, trailing zeros removed. */
function formatG(v: number, precision: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const p = precision === 0 ? 1 : precision;
  const exp = Number(v.toExponential(p - 1).split('e')[1]);
  if (exp < -4 || exp >= p) {
    const [mant = '', e = '0'] = v.toExponential(p - 1).split('e');
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = v.toFixed(Math.max(0, p - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function formatFloat(arg: FormatArg | undefined, spec: Spec): string {
  const v = Number(arg ?? 0);
  const body =
    spec.conv === 'g' ? formatG(Math.abs(v), spec.precision ?? 6) : toFixedExact(Math.abs(v), spec.precision ?? 6);
  const sign = v < 0 || Object.is(v, -0) ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  return pad(body, spec, sign);
}

/**
 * Formats like C's `printf`. Missing arguments print as 0 or the empty
 * string; extra arguments are ignored.
 */
export function cFormat(fmt: string, ...args: readonly FormatArg[]): string {
  let next = 0;
  const take = (): FormatArg | undefined => args[next++];
  return fmt.replace(SPEC, (_m, flags: string, w?: string, p?: string, length?: string, conv?: string) => {
    if (conv === '%') return '%';
    let width = w === undefined ? undefined : w === '*' ? Number(take() ?? 0) : Number(w);
    let fl = flags;
    if (width !== undefined && width < 0) {
      fl += '-';
      width = -width;
    }
    const precision = p === undefined ? undefined : p === '*' ? Number(take() ?? 0) : Number(p || 0);
    const spec: Spec = { flags: fl, width, precision, length: length ?? '', conv: conv ?? 's' };
    const arg = take();
    switch (spec.conv) {
      case 's': {
        const s = arg === undefined ? '' : String(arg);
        return pad(precision === undefined ? s : s.slice(0, precision), spec);
      }
      case 'c':
        return pad(typeof arg === 'string' ? arg.slice(0, 1) : String.fromCharCode(Number(arg ?? 0)), spec);
      case 'f':
      case 'g':
        return formatFloat(arg, spec);
      default:
        return formatInt(arg, spec);
    }
  });
}
