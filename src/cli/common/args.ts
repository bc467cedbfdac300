/**
 * Argument handling the iproute2 way: keywords match by prefix
 * (`matches()`: `sh` is `show`), numbers parse like `strtoul(s, 0)` (so
 * `0x10` and `010` work), and every mistake is a {@link CliError} carrying
 * iproute2's message and exit code.
 *
 * @module
 */

/** An error that ends a command: `message` goes to stderr as is, then the process exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** The process exit code (iproute2: 255 for usage errors, 1 for failures, 2 for kernel errors). */
  readonly exitCode: number;

  constructor(message: string, exitCode = 255, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** True when `word` is a non-empty prefix of `keyword` (iproute2's `matches(word, keyword) == 0`). */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/** `Command line is not complete`: an argument is missing (exit 255). */
export function incomplete(): CliError {
  return new CliError('Command line is not complete. Try option "help"\n');
}

/** `Error: argument "ARG" is wrong: MSG` (exit 255). `msg` keeps iproute2's wording, trailing newline included. */
export function invarg(msg: string, arg: string): CliError {
  return new CliError(`Error: argument "${arg}" is wrong: ${msg}\n`);
}

/** `Error: duplicate "KEY": "ARG" is the second value.` (exit 255). */
export function duparg(key: string, arg: string): CliError {
  return new CliError(`Error: duplicate "${key}": "${arg}" is the second value.\n`);
}

/** `Error: either "KEY" is duplicate, or "ARG" is a garbage.` (exit 255). */
export function duparg2(key: string, arg: string): CliError {
  return new CliError(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
}

/** `Error: argument of "KEY" must be "on" or "off", not "ARG"` (exit 1). */
export function onOffError(key: string, arg: string): CliError {
  return new CliError(`Error: argument of "${key}" must be "on" or "off", not "${arg}"\n`, 1);
}

/** A cursor over the words of a command line. */
export class Args {
  readonly #argv: readonly string[];
  #pos = 0;

  constructor(argv: readonly string[]) {
    this.#argv = argv;
  }

  /** No words left. */
  get done(): boolean {
    return this.#pos >= this.#argv.length;
  }

  /** How many words are left. */
  get left(): number {
    return this.#argv.length - this.#pos;
  }

  /** The current word (`undefined` at the end). */
  peek(): string | undefined {
    return this.#argv[this.#pos];
  }

  /** Takes the current word; throws {@link incomplete} at the end. */
  take(): string {
    const word = this.#argv[this.#pos];
    if (word === undefined) throw incomplete();
    this.#pos++;
    return word;
  }

  /** Every word left, consumed. */
  rest(): string[] {
    const out = this.#argv.slice(this.#pos);
    this.#pos = this.#argv.length;
    return out;
  }
}

/**
 * Parses an integer like C's `strtoull(s, &end, 0)` with the whole string
 * consumed: optional white space and sign, `0x` hex, `0` octal. A minus sign
 * negates modulo 2^64, as C does. `undefined` when it is not a number.
 */
export function parseCInteger(text: string, base = 0): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(text);
  if (!m) return undefined;
  let body = m[2] ?? '';
  let radix = base;
  if ((radix === 0 || radix === 16) && /^0[xX][0-9a-fA-F]/.test(body)) {
    body = body.slice(2);
    radix = 16;
  } else if (radix === 0) {
    radix = body.startsWith('0') ? 8 : 10;
  }
  const digits = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : '';
  const v = BigInt(prefix + body);
  return m[1] === '-' ? -v : v;
}

function unsigned(text: string, max: bigint, base: number): number | undefined {
  const v = parseCInteger(text, base);
  if (v === undefined) return undefined;
  const u = BigInt.asUintN(64, v);
  return u > max ? undefined : Number(u);
}

/** `get_u8`: 0..255, `undefined` otherwise. */
export function getU8(text: string, base = 0): number | undefined {
  return unsigned(text, 0xffn, base);
}

/** `get_u16`: 0..65535. */
export function getU16(text: string, base = 0): number | undefined {
  return unsigned(text, 0xffffn, base);
}

/** `get_u32` / `get_unsigned`: 0..2^32-1. */
export function getU32(text: string, base = 0): number | undefined {
  return unsigned(text, 0xffffffffn, base);
}

/** `get_u64`: 0..2^64-1, as a bigint. */
export function getU64(text: string, base = 0): bigint | undefined {
  const v = parseCInteger(text, base);
  return v === undefined ? undefined : BigInt.asUintN(64, v);
}

/** `get_integer`: a C `int`. */
export function getInteger(text: string, base = 0): number | undefined {
  const v = parseCInteger(text, base);
  if (v === undefined || v < -0x80000000n || v > 0x7fffffffn) return undefined;
  return Number(v);
}

/**
 * `parse_one_of`: the index of the first of `choices` that `text` is a
 * prefix of; otherwise `Error: argument of "KEY" must be one of ...`, with
 * exit code `exitCode` (1 where iproute2 exits at once, 22 where `ip link`
 * returns the `-EINVAL` as its status).
 */
export function parseOneOf(key: string, text: string, choices: readonly string[], exitCode = 1): number {
  const i = choices.findIndex((c) => matches(text, c));
  if (i >= 0) return i;
  const list = choices.map((c) => `"${c}", `).join('');
  throw new CliError(`Error: argument of "${key}" must be one of ${list}not "${text}"\n`, exitCode);
}

/** `parse_on_off`: a prefix of `on` or `off` (so `o` is `off`). */
export function parseOnOff(key: string, text: string, exitCode = 1): boolean {
  return parseOneOf(key, text, ['off', 'on'], exitCode) === 1;
}
