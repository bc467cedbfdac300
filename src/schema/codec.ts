/**
 * Leaf codecs of the schema language: the payload types an attribute can
 * carry, and fixed-layout structs. Names follow the kernel's YAML netlink
 * specs (u8..u64, s8..s64, flag, string, binary, struct, with byte-order and
 * display hints).
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { copyBytes } from '../core/message.js';
import type { Writer } from '../core/writer.js';
import { DecodeError, InvalidArgumentError } from '../errors.js';
import {
  dottedQuadValue,
  formatIpv4,
  formatIpv6,
  formatMac,
  parseIp,
  parseIpv4,
  parseIpv6,
  parseMac,
} from './address.js';
import type { AttrSet, Fields } from './attrs.js';

/** A path of attribute or field names, for error messages. */
export type Path = readonly string[];

/**
 * How one attribute payload is decoded and encoded.
 *
 * `TOut` is what decoding yields, `TIn` what encoding accepts (often wider:
 * a u64 accepts `number` too).
 */
export interface AttrCodec<TOut, TIn = TOut> {
  /** The schema type name (`u32`, `string`, `nest`, ...). */
  readonly kind: string;
  /** Set `NLA_F_NESTED` on the attribute header when encoding. */
  readonly nestedFlag?: boolean;
  /**
   * Decodes the payload `[off, off + len)`.
   * @throws {DecodeError} naming `[...parent, name]`.
   */
  decode(buf: Buffer, off: number, len: number, parent: Path, name: string): TOut;
  /**
   * Writes the payload (not the attribute header).
   * @throws {InvalidArgumentError} naming `where`.
   */
  encode(w: Writer, value: TIn, where: string): void;
  /** What the payload holds when it is itself made of attributes (nests, arrays, nested messages). */
  readonly inner?: InnerLayout;
}

/**
 * The layout of a payload made of attributes: `attrs` (an optional fixed
 * header, then the attributes of `set`) or `array` (children that all use
 * `element`; `typed` when a child's type field carries data rather than an
 * index, as `struct rtnexthop`'s flags and hops do). Error-offset mapping
 * and request comparison walk it.
 */
export type InnerLayout =
  | { readonly kind: 'attrs'; readonly headerSize: number; readonly set: AttrSet<Fields> }
  | { readonly kind: 'array'; readonly element: AnyCodec; readonly typed?: boolean };

/** What any codec yields. */
// biome-ignore lint/suspicious/noExplicitAny: the bound of every codec type; values never have this type.
export type AnyCodec = AttrCodec<any, any>;
/** The decoded type of a codec. */
export type OutOf<C> = C extends AttrCodec<infer O, infer _I> ? O : never;
/** The accepted input type of a codec. */
export type InOf<C> = C extends AttrCodec<infer _O, infer I> ? I : never;

function short(kind: string, need: number, len: number, off: number, parent: Path, name: string): DecodeError {
  return new DecodeError(`${kind} needs ${need} bytes, attribute has ${len}`, off, [...parent, name]);
}

function checkInt(v: unknown, min: number, max: number, where: string, kind: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidArgumentError(where, `expected ${kind} integer in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

function checkBig(v: unknown, min: bigint, max: bigint, where: string, kind: string): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new InvalidArgumentError(where, `expected ${kind} integer, got ${String(v)}`);
  if (b < min || b > max) throw new InvalidArgumentError(where, `${kind} ${b} out of range [${min}, ${max}]`);
  return b;
}

interface IntSpec {
  readonly kind: string;
  readonly size: number;
  readonly min: number;
  readonly max: number;
  read(buf: Buffer, off: number): number;
  put(buf: Buffer, off: number, v: number): void;
}

function intSpec(
  kind: string,
  size: number,
  min: number,
  max: number,
  read: (b: Buffer, o: number) => number,
  put: (b: Buffer, o: number, v: number) => void,
): IntSpec {
  return { kind, size, min, max, read, put };
}

// The unsigned readers and writers touch bytes directly (Buffer's methods
// re-validate the offset and value on every call, a measurable cost in
// million-message dumps and batches): every reader's caller has checked the
// length first (intCodec.decode, struct reads), every writer's has reserved
// the bytes (Writer.reserve, struct buffers) and checked the value (checkInt).
const INT = {
  u8: intSpec(
    'u8',
    1,
    0,
    0xff,
    (b, o) => b[o]!,
    (b, o, v) => {
      b[o] = v;
    },
  ),
  u16: intSpec(
    'u16',
    2,
    0,
    0xffff,
    (b, o) => b[o]! | (b[o + 1]! << 8),
    (b, o, v) => {
      b[o] = v;
      b[o + 1] = v >>> 8;
    },
  ),
  u32: intSpec(
    'u32',
    4,
    0,
    0xffffffff,
    (b, o) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000,
    (b, o, v) => {
      b[o] = v;
      b[o + 1] = v >>> 8;
      b[o + 2] = v >>> 16;
      b[o + 3] = v >>> 24;
    },
  ),
  s8: intSpec(
    's8',
    1,
    -0x80,
    0x7f,
    (b, o) => b.readInt8(o),
    (b, o, v) => b.writeInt8(v, o),
  ),
  s16: intSpec(
    's16',
    2,
    -0x8000,
    0x7fff,
    (b, o) => b.readInt16LE(o),
    (b, o, v) => b.writeInt16LE(v, o),
  ),
  s32: intSpec(
    's32',
    4,
    -0x80000000,
    0x7fffffff,
    (b, o) => b.readInt32LE(o),
    (b, o, v) => b.writeInt32LE(v, o),
  ),
  be16: intSpec(
    'be16',
    2,
    0,
    0xffff,
    (b, o) => (b[o]! << 8) | b[o + 1]!,
    (b, o, v) => b.writeUInt16BE(v, o),
  ),
  be32: intSpec(
    'be32',
    4,
    0,
    0xffffffff,
    (b, o) => b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!),
    (b, o, v) => b.writeUInt32BE(v, o),
  ),
} as const;

function intCodec(spec: IntSpec): AttrCodec<number> {
  return {
    kind: spec.kind,
    decode(buf, off, len, parent, name) {
      if (len < spec.size) throw short(spec.kind, spec.size, len, off, parent, name);
      return spec.read(buf, off);
    },
    encode(w, value, where) {
      const v = checkInt(value, spec.min, spec.max, where, spec.kind);
      const off = w.reserve(spec.size);
      spec.put(w.buf, off, v);
    },
  };
}

/** Unsigned 8-bit. */
export const u8 = intCodec(INT.u8);
/** Unsigned 16-bit, host order. */
export const u16 = intCodec(INT.u16);
/** Unsigned 32-bit, host order. */
export const u32 = intCodec(INT.u32);
/** Signed 8-bit. */
export const s8 = intCodec(INT.s8);
/** Signed 16-bit, host order. */
export const s16 = intCodec(INT.s16);
/** Signed 32-bit, host order. */
export const s32 = intCodec(INT.s32);
/** Unsigned 16-bit, network (big-endian) order: ports, ethertypes. */
export const be16 = intCodec(INT.be16);
/** Unsigned 32-bit, network (big-endian) order. */
export const be32 = intCodec(INT.be32);

const U64_MAX = 0xffffffffffffffffn;
const S64_MIN = -0x8000000000000000n;
const S64_MAX = 0x7fffffffffffffffn;

/** Unsigned 64-bit as `bigint` (accepts safe-integer numbers). */
export const u64: AttrCodec<bigint, bigint | number> = {
  kind: 'u64',
  decode(buf, off, len, parent, name) {
    if (len < 8) throw short('u64', 8, len, off, parent, name);
    return buf.readBigUInt64LE(off);
  },
  encode(w, value, where) {
    w.u64(checkBig(value, 0n, U64_MAX, where, 'u64'));
  },
};

/** Signed 64-bit as `bigint`. */
export const s64: AttrCodec<bigint, bigint | number> = {
  kind: 's64',
  decode(buf, off, len, parent, name) {
    if (len < 8) throw short('s64', 8, len, off, parent, name);
    return buf.readBigInt64LE(off);
  },
  encode(w, value, where) {
    w.s64(checkBig(value, S64_MIN, S64_MAX, where, 's64'));
  },
};

/**
 * Flag: present means `true`. Encoding `false` is handled by the attribute
 * set, which leaves the attribute out.
 */
export const flag: AttrCodec<true, boolean> = {
  kind: 'flag',
  decode: () => true,
  encode(_w, value, where) {
    if (typeof value !== 'boolean') throw new InvalidArgumentError(where, `expected boolean, got ${String(value)}`);
  },
};

/** NUL-terminated UTF-8 string (decoding tolerates a missing NUL). */
export const string: AttrCodec<string> = {
  kind: 'string',
  decode(buf, off, len) {
    let end = off;
    const stop = off + len;
    while (end < stop && buf[end] !== 0) end++;
    return buf.toString('utf8', off, end);
  },
  encode(w, value, where) {
    if (typeof value !== 'string') throw new InvalidArgumentError(where, `expected string, got ${String(value)}`);
    if (value.includes('\0')) throw new InvalidArgumentError(where, 'string contains a NUL byte');
    w.string(value);
  },
};

/**
 * A string sent without the NUL terminator (the kernel's `NLA_STRING`
 * policy accepts both); iproute2 sends link kinds this way.
 */
export const unterminatedString: AttrCodec<string> = {
  kind: 'string',
  decode: string.decode,
  encode(w, value, where) {
    if (typeof value !== 'string') throw new InvalidArgumentError(where, `expected string, got ${String(value)}`);
    if (value.includes('\0')) throw new InvalidArgumentError(where, 'string contains a NUL byte');
    w.string(value, false);
  },
};

/** Opaque bytes (a copy; never a view of the received buffer). */
export const binary: AttrCodec<Uint8Array> = {
  kind: 'binary',
  decode(buf, off, len) {
    return copyBytes(buf, off, off + len);
  },
  encode(w, value, where) {
    if (!(value instanceof Uint8Array)) throw new InvalidArgumentError(where, 'expected a Uint8Array');
    w.bytes(value);
  },
};

function addressCodec(
  kind: string,
  format: (b: Buffer, off: number, len: number) => string | undefined,
  parse: (s: string, where: string) => Uint8Array,
  dottedQuads = false,
): AttrCodec<string> {
  return {
    kind,
    decode(buf, off, len, parent, name) {
      const s = format(buf, off, len);
      if (s === undefined) throw new DecodeError(`${kind} address of ${len} bytes`, off, [...parent, name]);
      return s;
    },
    encode(w, value, where) {
      if (typeof value !== 'string') throw new InvalidArgumentError(where, `expected ${kind} address string`);
      // A dotted quad goes straight into the writer; anything else (IPv6, mistakes) through `parse`.
      const v4 = dottedQuads ? dottedQuadValue(value) : -1;
      if (v4 < 0) {
        w.bytes(parse(value, where));
        return;
      }
      const off = w.reserve(4); // may replace w.buf: read it after
      w.buf.writeUInt32BE(v4, off);
    },
  };
}

/** IPv4 address as dotted quad. */
export const ipv4 = addressCodec('ipv4', (b, o, l) => (l >= 4 ? formatIpv4(b, o) : undefined), parseIpv4, true);
/** IPv6 address in RFC 5952 text. */
export const ipv6 = addressCodec('ipv6', (b, o, l) => (l >= 16 ? formatIpv6(b, o) : undefined), parseIpv6);
/** IPv4 or IPv6 address, told apart by length (4 or 16 bytes). */
export const ip = addressCodec(
  'ip',
  (b, o, l) => (l === 4 ? formatIpv4(b, o) : l === 16 ? formatIpv6(b, o) : undefined),
  parseIp,
  true,
);
/** Link-layer address of any length as colon-separated hex (`aa:bb:cc:dd:ee:ff`). */
export const mac = addressCodec('mac', (b, o, l) => formatMac(b, o, l), parseMac);

/**
 * The error paths `where.key` of one struct's fields or one attribute set's
 * attributes, kept for the `where` they were last asked for. Encoders pass
 * a path down with every value and only an error reads it; a schema is
 * nearly always encoded under the same `where`, so encoding a million
 * requests builds these strings once instead of several per request.
 */
export class ChildPaths {
  readonly #keys: readonly string[];
  #where: string | undefined;
  #paths: (string | undefined)[] = [];

  constructor(keys: readonly string[]) {
    this.#keys = keys;
  }

  /** `${where}.${keys[index]}`. */
  of(where: string, index: number): string {
    if (where !== this.#where) {
      this.#where = where;
      this.#paths = new Array(this.#keys.length);
    }
    let path = this.#paths[index];
    if (path === undefined) {
      path = `${where}.${this.#keys[index]}`;
      this.#paths[index] = path;
    }
    return path;
  }
}

/** A fixed-size field of a struct. */
export interface FieldType<T> {
  /** Type name. */
  readonly kind: string;
  /** Size in bytes. */
  readonly size: number;
  /** Reads the field; `buf` holds at least `size` bytes at `off`. */
  read(buf: Buffer, off: number): T;
  /** Writes the field into `buf` at `off` (zero-filled). */
  write(buf: Buffer, off: number, value: T, where: string): void;
  /** The value of an all-zero field. */
  readonly zero: T;
}

function numField(spec: IntSpec): FieldType<number> {
  return {
    kind: spec.kind,
    size: spec.size,
    read: spec.read,
    write(buf, off, value, where) {
      spec.put(buf, off, checkInt(value, spec.min, spec.max, where, spec.kind));
    },
    zero: 0,
  };
}

function bigField(kind: string, min: bigint, max: bigint, signed: boolean): FieldType<bigint> {
  return {
    kind,
    size: 8,
    read: signed ? (b, o) => b.readBigInt64LE(o) : (b, o) => b.readBigUInt64LE(o),
    write(buf, off, value, where) {
      const v = checkBig(value, min, max, where, kind);
      if (signed) buf.writeBigInt64LE(v, off);
      else buf.writeBigUInt64LE(v, off);
    },
    zero: 0n,
  };
}

/** Struct field types (same names as the attribute codecs). */
export const field = {
  u8: numField(INT.u8),
  u16: numField(INT.u16),
  u32: numField(INT.u32),
  s8: numField(INT.s8),
  s16: numField(INT.s16),
  s32: numField(INT.s32),
  be16: numField(INT.be16),
  be32: numField(INT.be32),
  u64: bigField('u64', 0n, U64_MAX, false),
  s64: bigField('s64', S64_MIN, S64_MAX, true),
  /** Fixed-size bytes. */
  bytes(size: number): FieldType<Uint8Array> {
    return {
      kind: `bytes[${size}]`,
      size,
      read: (b, o) => copyBytes(b, o, o + size),
      write(buf, off, value, where) {
        if (!(value instanceof Uint8Array) || value.length > size) {
          throw new InvalidArgumentError(where, `expected at most ${size} bytes`);
        }
        buf.set(value, off);
      },
      zero: new Uint8Array(size),
    };
  },
  /** IPv4 address field. */
  ipv4: textField('ipv4', 4, formatIpv4, parseIpv4),
  /** IPv6 address field. */
  ipv6: textField('ipv6', 16, formatIpv6, parseIpv6),
  /** 6-byte Ethernet address field. */
  mac: textField('mac', 6, (b, o) => formatMac(b, o, 6), parseMac),
  /** Padding: not part of the value, written as zeros. */
  pad(size: number): PadField {
    return { kind: 'pad', size, pad: true };
  },
};

function textField(
  kind: string,
  size: number,
  format: (b: Buffer, off: number) => string,
  parse: (s: string, where: string) => Uint8Array,
): FieldType<string> {
  const zero = format(Buffer.alloc(size), 0);
  return {
    kind,
    size,
    read: format,
    write(buf, off, value, where) {
      const bytes = parse(value, where);
      if (bytes.length !== size) throw new InvalidArgumentError(where, `expected ${size} bytes of ${kind}`);
      buf.set(bytes, off);
    },
    zero,
  };
}

/** Padding inside a struct. */
export interface PadField {
  readonly kind: 'pad';
  readonly size: number;
  readonly pad: true;
}

/** A struct's field list: names to field types or padding. */
// biome-ignore lint/suspicious/noExplicitAny: bound of every field list.
export type StructFields = Record<string, FieldType<any> | PadField>;

/** The decoded value of a struct: every non-padding field. */
export type StructValue<F extends StructFields> = {
  -readonly [K in keyof F as F[K] extends PadField ? never : K]: F[K] extends FieldType<infer T> ? T : never;
};

/** Input for encoding a struct: any subset of fields (missing fields are zero). */
export type StructInput<F extends StructFields> = Partial<StructValue<F>>;

/** Bytes past the end of a struct as this library knows it, kept for re-encoding. */
export const STRUCT_TAIL: unique symbol = Symbol('nlink.structTail');

/** A fixed-layout C struct. Decoding tolerates shorter (zero-filled) and longer (tail kept) input. */
export interface StructType<F extends StructFields> extends AttrCodec<StructValue<F>, StructInput<F>> {
  /** C struct name, for the UAPI size audit. */
  readonly name: string;
  /** `sizeof` of the struct. */
  readonly size: number;
  /** Field layout, in order, with byte offsets. */
  readonly layout: readonly {
    readonly name: string;
    readonly offset: number;
    readonly type: FieldType<unknown> | PadField;
  }[];
  /** Decodes `len` bytes at `off` (zero-filling what is missing). */
  read(buf: Buffer, off: number, len: number): StructValue<F>;
  /** Decodes one field of the struct of `len` bytes at `off`, without building the whole value. */
  readField<K extends keyof StructValue<F>>(buf: Buffer, off: number, len: number, name: K): StructValue<F>[K];
  /** {@link readField} of one field, looked up once: for accessors read a million times. */
  fieldReader<K extends keyof StructValue<F>>(name: K): FieldReader<StructValue<F>[K]>;
  /**
   * The byte offset of field `name`, a `u8`: hot accessors read it straight
   * from the bytes (zero when a shorter kernel struct lacks it, as {@link readField}).
   * @throws {InvalidArgumentError} when the struct has no such field, or not a `u8`.
   */
  u8Offset(name: keyof StructValue<F>): number;
  /** Encodes into a new zero-filled buffer of {@link size} bytes (plus any kept tail). */
  toBytes(value: StructInput<F>, where?: string): Buffer;
}

/** Reads one value out of the `len` bytes at `off` of `buf`. */
export type FieldReader<T> = (buf: Buffer, off: number, len: number) => T;

/**
 * Builds a reader that returns one object literal with every field, so all
 * decoded values of a struct share one hidden class (the hot path of dumps).
 */
function compileStructReader<V>(
  fields: readonly { name: string; offset: number; type: FieldType<unknown> }[],
): (buf: Buffer, off: number) => V {
  const readers = fields.map((f) => f.type.read);
  const props = fields.map((f, i) => `${JSON.stringify(f.name)}: r[${i}](b, o + ${f.offset})`).join(',\n');
  // Field names and offsets come from the schema, never from received data.
  return new Function('r', `return function readStruct(b, o) { return {\n${props}\n}; };`)(readers) as (
    buf: Buffer,
    off: number,
  ) => V;
}

/**
 * Defines a C struct. Fields are laid out in order with no implicit padding:
 * spell padding with `field.pad(n)` exactly as the C layout has it.
 */
export function struct<F extends StructFields>(name: string, fields: F): StructType<F> {
  const layout: { name: string; offset: number; type: FieldType<unknown> | PadField }[] = [];
  let size = 0;
  for (const [fname, type] of Object.entries(fields)) {
    layout.push({ name: fname, offset: size, type });
    size += type.size;
  }
  const valueFields = layout.filter(
    (f): f is { name: string; offset: number; type: FieldType<unknown> } => !('pad' in f.type),
  );
  const readFull = compileStructReader<StructValue<F>>(valueFields);
  const fieldByName = new Map(valueFields.map((f, index) => [f.name, { ...f, index }]));
  const paths = new ChildPaths(valueFields.map((f) => f.name));
  const fieldOf = (field: PropertyKey): { name: string; offset: number; type: FieldType<unknown> } => {
    const f = fieldByName.get(field as string);
    if (f === undefined) throw new InvalidArgumentError(String(field), `struct ${name} has no field ${String(field)}`);
    return f;
  };
  // A field cut short by a shorter kernel struct reads as zero, as in read().
  const readOne = (
    f: { name: string; offset: number; type: FieldType<unknown> },
    buf: Buffer,
    off: number,
    len: number,
  ) =>
    f.offset + f.type.size <= len
      ? f.type.read(buf, off + f.offset)
      : (read(buf, off, len) as Record<string, unknown>)[f.name];
  const readField = <K extends keyof StructValue<F>>(
    buf: Buffer,
    off: number,
    len: number,
    field: K,
  ): StructValue<F>[K] => readOne(fieldOf(field), buf, off, len) as StructValue<F>[K];
  const fieldReader = <K extends keyof StructValue<F>>(field: K): FieldReader<StructValue<F>[K]> => {
    const f = fieldOf(field);
    return (buf, off, len) => readOne(f, buf, off, len) as StructValue<F>[K];
  };
  const u8Offset = (field: keyof StructValue<F>): number => {
    const f = fieldOf(field);
    if (f.type.kind !== 'u8') throw new InvalidArgumentError(f.name, `struct ${name} field ${f.name} is not a u8`);
    return f.offset;
  };
  const read = (buf: Buffer, off: number, len: number): StructValue<F> => {
    if (len >= size) {
      const v = readFull(buf, off);
      if (len > size) {
        Object.defineProperty(v, STRUCT_TAIL, { value: copyBytes(buf, off + size, off + len), enumerable: false });
      }
      return v;
    }
    const padded = Buffer.alloc(size);
    buf.copy(padded, 0, off, off + Math.max(0, len));
    return readFull(padded, 0);
  };
  const writeInto = (target: Buffer, off: number, value: StructInput<F>, where: string): void => {
    if (typeof value !== 'object' || value === null) throw new InvalidArgumentError(where, 'expected an object');
    const known = value as Record<string, unknown>;
    for (const key in known) {
      const v = known[key];
      if (v === undefined) continue;
      const f = fieldByName.get(key);
      if (!f) throw new InvalidArgumentError(`${where}.${key}`, `struct ${name} has no field ${key}`);
      f.type.write(target, off + f.offset, v, paths.of(where, f.index));
    }
  };
  const tailOf = (value: StructInput<F>): Uint8Array | undefined =>
    (value as { [STRUCT_TAIL]?: Uint8Array })[STRUCT_TAIL];
  return {
    kind: 'struct',
    name,
    size,
    layout,
    read,
    readField,
    fieldReader,
    u8Offset,
    decode: (buf, off, len) => read(buf, off, len),
    encode(w, value, where) {
      const off = w.reserve(size);
      const buf = w.buf;
      // Zeroed by hand: Buffer.fill costs a native call, which outweighs the few bytes of a header.
      for (let i = off; i < off + size; i++) buf[i] = 0;
      writeInto(buf, off, value, where);
      const tail = tailOf(value);
      if (tail) w.bytes(tail);
    },
    toBytes(value, where = name) {
      const tail = tailOf(value);
      const out = Buffer.alloc(size + (tail?.length ?? 0));
      writeInto(out, 0, value, where);
      if (tail) out.set(tail, size);
      return out;
    },
  };
}
