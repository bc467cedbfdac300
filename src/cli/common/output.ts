/**
 * Output the way iproute2 prints it: every printer call names a JSON key and
 * a text format, and writes one or the other (iproute2's `json_print.c` over
 * `json_writer.c`). Porting a printer from iproute2 is then a matter of
 * keeping its calls, keys and formats in order, which is what makes our `-j`
 * output equal to iproute2's, key order included, and our text output equal
 * byte for byte.
 *
 * @module
 */

import { cFormat, type FormatArg } from './printf.js';

/** Where a printer call applies: both outputs, JSON only, or text only (iproute2's `PRINT_ANY/JSON/FP`). */
export type PrintMode = 'any' | 'json' | 'fp';

/** Options of an {@link Output}. */
export interface OutputOptions {
  /** JSON output (`-j`). */
  readonly json?: boolean;
  /** Indented JSON (`-p`). */
  readonly pretty?: boolean;
  /** One line per object (`-o`): the line separator becomes a backslash. */
  readonly oneline?: boolean;
}

/** The characters {@link jsonString} escapes. */
const JSON_ESCAPED = /[\t\n\r\f\b\\"]/;

/** Escapes a string as iproute2's JSON writer does (C escapes only). */
function jsonString(s: string): string {
  if (!JSON_ESCAPED.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '\t':
        out += '\\t';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += ch;
    }
  }
  return `${out}"`;
}

/**
 * Collects the output of one command. Text is buffered in one string and
 * handed to the writer by {@link Output.flush}, so that a long listing is
 * written in a few large chunks.
 */
export class Output {
  /** JSON output is on. */
  readonly json: boolean;
  /** The line separator inside one object (`\n`, or `\` with `-o`): iproute2's `_SL_`. */
  readonly sl: string;
  readonly #pretty: boolean;
  readonly #write: (text: string) => void;
  #buf = '';
  /** `"key":` (and the pretty space) of every key printed so far. */
  readonly #names = new Map<string, string>();
  #depth = 0;
  #sep = '';

  constructor(write: (text: string) => void, options: OutputOptions = {}) {
    this.#write = write;
    this.json = options.json ?? false;
    this.#pretty = options.pretty ?? false;
    this.sl = options.oneline ? '\\' : '\n';
  }

  /** Hands what was printed so far to the writer. */
  flush(): void {
    if (this.#buf.length === 0) return;
    const text = this.#buf;
    this.#buf = '';
    this.#write(text);
  }

  /** How many characters are buffered (not flushed yet). */
  get buffered(): number {
    return this.#buf.length;
  }

  #put(s: string): void {
    this.#buf += s;
  }

  #applies(mode: PrintMode): 'json' | 'fp' | undefined {
    if (this.json) return mode === 'fp' ? undefined : 'json';
    return mode === 'json' ? undefined : 'fp';
  }

  // --- the JSON writer (json_writer.c) ---

  #eol(): void {
    if (this.#pretty) this.#put(`\n${'    '.repeat(this.#depth)}`);
  }

  #eor(): void {
    if (this.#sep) this.#put(this.#sep);
    this.#sep = ',';
  }

  #begin(c: string): void {
    this.#eor();
    this.#put(c);
    this.#depth++;
    this.#sep = '';
  }

  #end(c: string): void {
    this.#depth--;
    if (this.#sep) this.#eol();
    this.#put(c);
    this.#sep = ',';
  }

  #name(key: string): void {
    this.#eor();
    this.#eol();
    this.#sep = '';
    let name = this.#names.get(key);
    if (name === undefined) {
      name = `${jsonString(key)}:${this.#pretty ? ' ' : ''}`;
      this.#names.set(key, name);
    }
    this.#put(name);
  }

  #value(key: string | null, raw: string): void {
    if (key !== null) this.#name(key);
    this.#eor();
    this.#put(raw);
  }

  #startArray(): void {
    this.#begin('[');
    if (this.#pretty) this.#put(' ');
  }

  #endArray(): void {
    if (this.#pretty && this.#sep) this.#put(' ');
    this.#sep = '';
    this.#end(']');
  }

  // --- json_print.c ---

  /** Starts the output of a command: the outer JSON array (`new_json_obj`). */
  begin(): void {
    if (this.json) this.#startArray();
  }

  /** Ends it (`delete_json_obj`): closes the array and ends the line. */
  end(): void {
    if (!this.json) return;
    this.#endArray();
    this.#put('\n');
  }

  /** Opens a JSON object, named when `key` is given (JSON only). */
  openObject(key: string | null = null): void {
    if (!this.json) return;
    if (key !== null) this.#name(key);
    this.#begin('{');
  }

  /** Closes a JSON object (JSON only). */
  closeObject(): void {
    if (this.json) this.#end('}');
  }

  /** Opens an array: a named JSON array, or prints `str` as text. */
  openArray(mode: PrintMode, str: string | null): void {
    const to = this.#applies(mode);
    if (to === 'json') {
      if (str !== null) this.#name(str);
      this.#startArray();
    } else if (to === 'fp' && str !== null) {
      this.#put(str);
    }
  }

  /** Closes an array, or prints `str` as text. */
  closeArray(mode: PrintMode, str: string): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#endArray();
    else if (to === 'fp') this.#put(str);
  }

  /** A string value, or text formatted with `fmt`. */
  string(mode: PrintMode, key: string | null, fmt: string | null, value: string): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#value(key, jsonString(value));
    else if (to === 'fp' && fmt !== null) this.#put(cFormat(fmt, value));
  }

  #number(mode: PrintMode, key: string | null, fmt: string | null, json: string, value: FormatArg): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#value(key, cFormat(json, value));
    else if (to === 'fp' && fmt !== null) this.#put(cFormat(fmt, value));
  }

  /** A signed integer (`print_int`). */
  int(mode: PrintMode, key: string | null, fmt: string | null, value: number): void {
    this.#number(mode, key, fmt, '%d', value);
  }

  /** An unsigned 32-bit integer (`print_uint`). */
  uint(mode: PrintMode, key: string | null, fmt: string | null, value: number): void {
    this.#number(mode, key, fmt, '%u', value);
  }

  /** An unsigned 64-bit integer (`print_u64`, `print_lluint`). */
  u64(mode: PrintMode, key: string | null, fmt: string | null, value: number | bigint): void {
    this.#number(mode, key, fmt, '%llu', value);
  }

  /** A signed 64-bit integer (`print_s64`). */
  s64(mode: PrintMode, key: string | null, fmt: string | null, value: number | bigint): void {
    this.#number(mode, key, fmt, '%lld', value);
  }

  /** An unsigned 8-bit integer (`print_hhu`). */
  hhu(mode: PrintMode, key: string | null, fmt: string | null, value: number): void {
    this.#number(mode, key, fmt, '%hhu', value);
  }

  /** An unsigned 16-bit integer (`print_hu`). */
  hu(mode: PrintMode, key: string | null, fmt: string | null, value: number): void {
    this.#number(mode, key, fmt, '%hu', value);
  }

  /** A floating point number (`print_float`: `%g` in JSON). */
  float(mode: PrintMode, key: string | null, fmt: string | null, value: number): void {
    this.#number(mode, key, fmt, '%g', value);
  }

  #bool(mode: PrintMode, key: string | null, fmt: string | null, value: boolean, text: string): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#value(key, value ? 'true' : 'false');
    else if (to === 'fp' && fmt !== null) this.#put(cFormat(fmt, text));
  }

  /** A boolean; the text format gets `true`/`false` (`print_bool`). */
  bool(mode: PrintMode, key: string | null, fmt: string | null, value: boolean): void {
    this.#bool(mode, key, fmt, value, value ? 'true' : 'false');
  }

  /** A boolean; the text format gets `on`/`off` (`print_on_off`). */
  onOff(mode: PrintMode, key: string | null, fmt: string | null, value: boolean): void {
    this.#bool(mode, key, fmt, value, value ? 'on' : 'off');
  }

  /** A number as a hex string in JSON, `fmt` in text (`print_hex`). */
  hex(mode: PrintMode, key: string | null, fmt: string | null, value: number): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#value(key, jsonString(cFormat('%x', value)));
    else if (to === 'fp' && fmt !== null) this.#put(cFormat(fmt, value));
  }

  /** A number as a `0x` hex string in JSON, `fmt` in text (`print_0xhex`). */
  hex0x(mode: PrintMode, key: string | null, fmt: string | null, value: number | bigint): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#value(key, jsonString(cFormat('%#llx', value)));
    else if (to === 'fp' && fmt !== null) this.#put(cFormat(fmt, value));
  }

  /** JSON `null`, or `value` formatted as text (`print_null`). */
  null(mode: PrintMode, key: string | null, fmt: string | null, value: string): void {
    const to = this.#applies(mode);
    if (to === 'json') this.#value(key, 'null');
    else if (to === 'fp' && fmt !== null) this.#put(cFormat(fmt, value));
  }

  /** A JSON member whose value is `raw` as is (`jsonw_name` + `jsonw_printf`); JSON only. */
  rawJson(key: string, raw: string): void {
    if (this.json) this.#value(key, raw);
  }

  /** Text only (iproute2's direct `fprintf` to the output). */
  text(fmt: string, ...args: readonly FormatArg[]): void {
    if (!this.json) this.#put(args.length ? cFormat(fmt, ...args) : fmt);
  }

  /** The line separator, in text output only (`print_nl`). */
  nl(): void {
    if (!this.json) this.#put(this.sl);
  }
}
