/**
 * Attribute sets: the declarative description of a TLV namespace, from which
 * nlink derives the encoder, a lazy decoder and the TypeScript types.
 *
 * Decoding builds a *view*: one pass indexes where each attribute lies, and
 * a value is decoded only when its property is read (then cached). Views
 * keep unknown attributes (see {@link UNKNOWN}) and re-encode byte for byte.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { NLA_F, NLA_TYPE_MASK } from '../core/constants.js';
import { asBuffer, copyBytes, forEachAttr } from '../core/message.js';
import type { Writer } from '../core/writer.js';
import { DecodeError, InvalidArgumentError } from '../errors.js';
import {
  type AnyCodec,
  type AttrCodec,
  binary,
  ChildPaths,
  type InnerLayout,
  type InOf,
  type OutOf,
  type Path,
  u32,
} from './codec.js';

/** Key under which views and inputs carry attributes the schema does not know. */
export const UNKNOWN: unique symbol = Symbol('nlink.unknownAttributes');

/** An attribute kept as raw bytes. */
export interface RawAttr {
  /** The full type field, including `NLA_F_NESTED`/`NLA_F_NET_BYTEORDER` bits. */
  readonly type: number;
  /** The payload. */
  readonly data: Uint8Array;
}

/** One attribute of a set: its type number, codec, and whether it may repeat. */
export interface FieldDef<C extends AnyCodec = AnyCodec, M extends boolean = boolean> {
  readonly type: number;
  readonly codec: C;
  /** The attribute may appear several times; its value is an array. */
  readonly multi: M;
}

/** Declares an attribute. */
export function attr<C extends AnyCodec>(type: number, codec: C): FieldDef<C, false> {
  return { type, codec, multi: false };
}

/** Declares an attribute that may repeat (its value is an array, in wire order). */
export function multiAttr<C extends AnyCodec>(type: number, codec: C): FieldDef<C, true> {
  return { type, codec, multi: true };
}

/** The attributes of a set, by property name. */
export type Fields = Record<string, FieldDef>;

type FieldOut<D> = D extends FieldDef<infer C, infer M> ? (M extends true ? readonly OutOf<C>[] : OutOf<C>) : never;
type FieldIn<D> = D extends FieldDef<infer C, infer M> ? (M extends true ? readonly InOf<C>[] : InOf<C>) : never;

/** The decoded form of a set: every attribute optional, plus {@link UNKNOWN}. */
export type Decoded<F extends Fields> = { readonly [K in keyof F]?: FieldOut<F[K]> } & AttrView;

/** What encoding a set accepts: every attribute optional; unknown ones under {@link UNKNOWN}. */
export type Input<F extends Fields> = { readonly [K in keyof F]?: FieldIn<F[K]> | undefined } & {
  readonly [UNKNOWN]?: readonly RawAttr[];
};

/** One compiled attribute of a set. */
export interface AttrEntry {
  readonly name: string;
  readonly type: number;
  readonly codec: AnyCodec;
  readonly multi: boolean;
  readonly index: number;
}

/** A codec chosen by the value of a sibling attribute (`sub-message` in the kernel's specs). */
export interface SubMessageCodec<C extends AnyCodec> extends AttrCodec<OutOf<C> | Uint8Array, InOf<C> | Uint8Array> {
  readonly kind: 'sub-message';
  /** Name of the sibling attribute whose value selects the codec. */
  readonly selector: string;
  /** Registered codecs by selector value; add to it to support a new kind. */
  readonly registry: Map<string, C>;
}

/**
 * Declares an attribute whose format depends on a sibling (for example
 * `IFLA_INFO_DATA`, chosen by `IFLA_INFO_KIND`). Unregistered selector
 * values decode to raw bytes. Pass a `Map` to keep adding kinds later.
 */
export function subMessage<C extends AnyCodec>(
  selector: string,
  registry: Readonly<Record<string, C>> | Map<string, C>,
): SubMessageCodec<C> {
  const map = registry instanceof Map ? registry : new Map(Object.entries(registry));
  return {
    kind: 'sub-message',
    selector,
    registry: map,
    decode: binary.decode,
    encode: binary.encode,
  };
}

function isSubMessage(c: AnyCodec): c is SubMessageCodec<AnyCodec> {
  return c.kind === 'sub-message';
}

/**
 * The bit of attribute type `type` in a presence mask ({@link checkAttrs}):
 * `1 << type` below 31, bit 31 for every higher type.
 */
export function presenceBit(type: number): number {
  return type < 31 ? 1 << type : 1 << 31;
}

/**
 * Checks that every attribute length in `[start, end)` is possible (what a
 * view checks when it is built); fewer than 4 trailing bytes are ignored.
 * Returns which attribute types are present, as a mask of
 * {@link presenceBit}s: an attribute whose bit is clear is absent, no walk
 * needed to say so.
 * @throws {DecodeError} naming `path` for the first impossible length.
 */
export function checkAttrs(buf: Buffer, start: number, end: number, path: Path): number {
  // The walk of forEachAttr, inlined: this runs for every message of every dump.
  let present = 0;
  let off = start;
  while (end - off >= 4) {
    const len = buf[off]! | (buf[off + 1]! << 8);
    if (len < 4 || len > end - off) {
      throw new DecodeError(`attribute length ${len} outside [4, ${end - off}]`, off, path);
    }
    present |= presenceBit((buf[off + 2]! | (buf[off + 3]! << 8)) & NLA_TYPE_MASK);
    off += (len + 3) & ~3;
  }
  return present;
}

/** Offset of the header of the first attribute of `type` in `[start, end)` (lengths already checked), or -1. */
function findAttr(buf: Buffer, start: number, end: number, type: number): number {
  let off = start;
  while (end - off >= 4) {
    if (((buf[off + 2]! | (buf[off + 3]! << 8)) & NLA_TYPE_MASK) === type) return off;
    off += ((buf[off]! | (buf[off + 1]! << 8)) + 3) & ~3;
  }
  return -1;
}

/**
 * Attribute `type` of `[start, end)` (lengths checked, {@link checkAttrs})
 * read as a `u32`, `undefined` when absent: what {@link AttrSet.reader}
 * returns for an attribute {@link AttrSet.u32Type} accepts, as one function
 * that hot accessors call directly. (Called through the readers, one
 * closure per attribute, their callers' call sites see many targets and V8
 * inlines none of them.)
 * @throws {DecodeError} naming `path` and `name` when the payload is shorter than 4 bytes.
 */
export function readU32Attr(
  buf: Buffer,
  start: number,
  end: number,
  type: number,
  path: Path,
  name: string,
): number | undefined {
  const hdr = findAttr(buf, start, end, type);
  return hdr < 0 ? undefined : u32.decode(buf, hdr + 4, (buf[hdr]! | (buf[hdr + 1]! << 8)) - 4, path, name);
}

/**
 * Decodes attribute `e` of `set` from `[start, end)` (lengths already
 * checked): `undefined` when absent, an array for a repeated one. A
 * sub-message's selector is read through `view` (built when not given).
 */
function readEntry(
  set: AttrSet<Fields>,
  e: AttrEntry,
  buf: Buffer,
  start: number,
  end: number,
  path: Path,
  view?: AttrView,
): unknown {
  const hdr = findAttr(buf, start, end, e.type);
  if (hdr < 0) return undefined;
  let codec = e.codec;
  if (isSubMessage(codec)) {
    const sel = ((view ?? set.view(buf, start, end, path)) as unknown as Record<string, unknown>)[codec.selector];
    codec = (typeof sel === 'string' ? codec.registry.get(sel) : undefined) ?? binary;
  }
  if (!e.multi) return codec.decode(buf, hdr + 4, (buf[hdr]! | (buf[hdr + 1]! << 8)) - 4, path, e.name);
  return decodeRepeated(e, codec, buf, hdr, end, path);
}

/**
 * Every occurrence of a repeated attribute from `first` on. Apart from
 * {@link readEntry}: a closure there would make V8 allocate a context on
 * every read, repeated or not (it cost the million-route dumps ~40% more GC).
 */
function decodeRepeated(e: AttrEntry, codec: AnyCodec, buf: Buffer, first: number, end: number, path: Path): unknown[] {
  const out: unknown[] = [];
  forEachAttr(buf, first, end, (type, _hdr, off, len) => {
    if (type === e.type) out.push(codec.decode(buf, off, len, path, e.name));
  });
  return out;
}

/**
 * Base of every decoded view: internals start with `$` so they never collide with attribute names.
 *
 * A view keeps only where its attributes lie: the constructor checks every
 * attribute length once (a malformed set throws then), and a read walks the
 * attributes to the one it wants, which for the few attributes of a message
 * costs about what an index lookup would, without an index per view. Decoded
 * objects (nested views, arrays, structs, bytes) are cached so that a value
 * read twice is the same object; numbers and strings are decoded on each
 * read and take no memory in the view. A million retained views stay small.
 */
export class AttrView {
  /** The set this view decodes (on the prototype of each set's view class). */
  declare readonly $set: AttrSet<Fields>;
  /** The buffer the attributes live in (never the socket's reused memory). */
  readonly $buf: Buffer;
  /** Where the attributes start. */
  readonly $start: number;
  /** Where they end. */
  readonly $end: number;
  /** Names leading to this set, for errors. */
  readonly $path: Path;
  /** Decoded objects, as `[entry index, value]` pairs in the order they were first read. */
  #cache: unknown[] | undefined;

  constructor(buf: Buffer, start: number, end: number, path: Path) {
    this.$buf = buf;
    this.$start = start;
    this.$end = end;
    this.$path = path;
    checkAttrs(buf, start, end, path);
  }

  /** True when an attribute the schema does not know is present. */
  get $hasUnknown(): boolean {
    const buf = this.$buf;
    const end = this.$end;
    const known = this.$set.byType;
    for (let off = this.$start; end - off >= 4; off += ((buf[off]! | (buf[off + 1]! << 8)) + 3) & ~3) {
      if (known[(buf[off + 2]! | (buf[off + 3]! << 8)) & NLA_TYPE_MASK] === undefined) return true;
    }
    return false;
  }

  /** Reads an attribute (used by the generated getters). */
  $get(e: AttrEntry): unknown {
    const cache = this.#cache;
    if (cache !== undefined) {
      for (let i = 0; i < cache.length; i += 2) if (cache[i] === e.index) return cache[i + 1];
    }
    const value = readEntry(this.$set, e, this.$buf, this.$start, this.$end, this.$path, this);
    if (typeof value === 'object' && value !== null) {
      if (cache === undefined) this.#cache = [e.index, value];
      else cache.push(e.index, value);
    }
    return value;
  }

  /** Attributes the schema does not know, as raw bytes, in wire order. */
  get [UNKNOWN](): readonly RawAttr[] {
    if (!this.$hasUnknown) return [];
    const out: RawAttr[] = [];
    const byType = this.$set.byType;
    forEachAttr(this.$buf, this.$start, this.$end, (type, hdr, off, len) => {
      if (byType[type] === undefined) {
        out.push({ type: this.$buf.readUInt16LE(hdr + 2), data: copyBytes(this.$buf, off, off + len) });
      }
    });
    return out;
  }

  /** The wire bytes of these attributes. */
  $bytes(): Buffer {
    return this.$buf.subarray(this.$start, this.$end);
  }

  /** A plain JSON-safe object of every present attribute (bigints as numbers when safe, else strings). */
  toJSON(): Record<string, unknown> {
    return toPlain(this, true) as Record<string, unknown>;
  }
}

/**
 * Base of decoded messages (`{ header, attrs }` with a lazily decoded header):
 * plain copies and JSON include both.
 */
export abstract class MessageViewBase {
  abstract readonly header: object;
  abstract readonly attrs: AttrView;

  /** JSON form: the header and every attribute. */
  toJSON(): { header: object; attrs: Record<string, unknown> } {
    return { header: toPlain(this.header, true) as object, attrs: this.attrs.toJSON() };
  }
}

/** Deep plain copy of a decoded value: views become objects (with {@link UNKNOWN} kept), bigints stay. */
export function toObject<T>(value: T): unknown {
  return toPlain(value, false);
}

function toPlain(value: unknown, json: boolean): unknown {
  if (value instanceof MessageViewBase)
    return { header: toPlain(value.header, json), attrs: toPlain(value.attrs, json) };
  if (value instanceof AttrView) {
    const out: Record<string | symbol, unknown> = {};
    for (const e of value.$set.entries) {
      const v = value.$get(e);
      if (v !== undefined) out[e.name] = toPlain(v, json);
    }
    const unknown = value[UNKNOWN];
    if (unknown.length) {
      if (json) out.unknown = unknown.map((r) => ({ type: r.type, data: Buffer.from(r.data).toString('hex') }));
      else out[UNKNOWN] = unknown;
    }
    return out;
  }
  if (typeof value === 'bigint') {
    if (!json) return value;
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Uint8Array) return json ? Buffer.from(value).toString('hex') : value;
  if (Array.isArray(value)) return value.map((v) => toPlain(v, json));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v, json);
    return out;
  }
  return value;
}

/** A declared attribute set. */
export interface AttrSet<F extends Fields> {
  /** Name, used in error paths. */
  readonly name: string;
  /** The declaration. */
  readonly fields: F;
  /** Entries in declaration order. */
  readonly entries: readonly AttrEntry[];
  /** Entries by attribute type. */
  readonly byType: readonly (AttrEntry | undefined)[];
  /** The highest declared type. */
  readonly maxType: number;
  /** Decodes `[start, end)` of `buf` lazily. */
  view(buf: Uint8Array, start?: number, end?: number, path?: Path): Decoded<F>;
  /**
   * A function decoding attribute `name` of `[start, end)` without building
   * a view (nothing cached), for typed accessors over bytes whose lengths
   * were checked ({@link checkAttrs}). Absent: `undefined`. The attribute is
   * looked up once, here.
   * @throws {InvalidArgumentError} when the set declares no such attribute.
   */
  reader<K extends keyof F & string>(name: K): (buf: Buffer, start: number, end: number) => Decoded<F>[K];
  /**
   * A function finding attribute `name` in `[start, end)` (lengths checked,
   * as for {@link reader}): the offset of its header (its payload follows,
   * `u16` length first), or -1 when absent. For accessors that format the
   * bytes themselves.
   * @throws {InvalidArgumentError} when the set declares no such attribute.
   */
  locator(name: keyof F & string): (buf: Buffer, start: number, end: number) => number;
  /**
   * The type of attribute `name`, declared once as a plain `u32`, for
   * {@link readU32Attr}.
   * @throws {InvalidArgumentError} when the set declares no such attribute, or not as one `u32`.
   */
  u32Type(name: keyof F & string): number;
  /** Writes the attributes of `value` (key order; unknown ones last). A view of this set is copied verbatim. */
  encode(w: Writer, value: Input<F>, where?: string): void;
  /** Maps a byte offset inside `[start, end)` to the names of the attributes that contain it. */
  pathAt(buf: Buffer, start: number, end: number, offset: number): string[];
  /** The name of the attribute with this type, if declared. */
  nameOf(type: number): string | undefined;
}

/** Declares an attribute set. */
export function attrSet<F extends Fields>(name: string, fields: F): AttrSet<F> {
  const entries: AttrEntry[] = [];
  const byName = new Map<string, AttrEntry>();
  let maxType = 0;
  for (const [fname, def] of Object.entries(fields)) {
    const e: AttrEntry = { name: fname, type: def.type, codec: def.codec, multi: def.multi, index: entries.length };
    entries.push(e);
    byName.set(fname, e);
    maxType = Math.max(maxType, def.type);
  }
  const paths = new ChildPaths(entries.map((e) => e.name));
  /** The entry of attribute `key`, for readers made once. */
  const declared = (key: string): AttrEntry => {
    const e = byName.get(key);
    if (!e) throw new InvalidArgumentError(key, `${name} has no attribute ${key}`);
    return e;
  };
  const byType: (AttrEntry | undefined)[] = new Array(maxType + 1).fill(undefined);
  for (const e of entries) {
    if (byType[e.type]) throw new Error(`attribute set ${name}: type ${e.type} declared twice`);
    byType[e.type] = e;
  }

  class View extends AttrView {}
  for (const e of entries) {
    Object.defineProperty(View.prototype, e.name, {
      get(this: AttrView) {
        return this.$get(e);
      },
      enumerable: true,
      configurable: false,
    });
  }

  const set: AttrSet<F> = {
    name,
    fields,
    entries,
    byType,
    maxType,
    view(buf, start = 0, end = buf.length, path = []) {
      return new View(asBuffer(buf), start, end, path) as Decoded<F>;
    },
    reader<K extends keyof F & string>(key: K) {
      const e = declared(key);
      const path = [name];
      const codec = e.codec;
      if (e.multi || isSubMessage(codec)) {
        return (buf: Buffer, start: number, end: number) =>
          readEntry(set as unknown as AttrSet<Fields>, e, buf, start, end, path) as Decoded<F>[K];
      }
      // The common case, specialised: find the attribute, decode it with its one codec.
      const type = e.type;
      return (buf: Buffer, start: number, end: number) => {
        const hdr = findAttr(buf, start, end, type);
        return (
          hdr < 0 ? undefined : codec.decode(buf, hdr + 4, (buf[hdr]! | (buf[hdr + 1]! << 8)) - 4, path, key)
        ) as Decoded<F>[K];
      };
    },
    locator(key) {
      const type = declared(key).type;
      return (buf, start, end) => findAttr(buf, start, end, type);
    },
    u32Type(key) {
      const e = declared(key);
      if (e.codec !== u32 || e.multi) throw new InvalidArgumentError(key, `${name} attribute ${key} is not one u32`);
      return e.type;
    },
    encode(w, value, where = name) {
      if (typeof value !== 'object' || value === null) throw new InvalidArgumentError(where, 'expected an object');
      if (value instanceof AttrView && value.$set === (set as unknown)) {
        w.align();
        w.bytes(value.$bytes());
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        const v = record[key];
        if (v === undefined) continue;
        const e = byName.get(key);
        const path = e ? paths.of(where, e.index) : `${where}.${key}`;
        if (!e) throw new InvalidArgumentError(path, `${name} has no attribute ${key}`);
        const codec = isSubMessage(e.codec) ? selectForEncode(e.codec, record, path) : e.codec;
        if (e.multi) {
          if (!Array.isArray(v)) throw new InvalidArgumentError(path, 'expected an array');
          // Plain loops in encoders: a closure capturing `w` would cost a context on every call.
          for (let i = 0; i < v.length; i++) writeAttr(w, e.type, codec, v[i], `${path}[${i}]`);
        } else {
          writeAttr(w, e.type, codec, v, path);
        }
      }
      const unknown = (value as Input<F>)[UNKNOWN];
      if (unknown) {
        for (const raw of unknown) {
          const off = w.beginAttr(raw.type);
          w.bytes(raw.data);
          w.endAttr(off);
        }
      }
    },
    pathAt(buf, start, end, offset) {
      let found: string[] = [];
      forEachAttr(buf, start, end, (type, hdr, off, len) => {
        if (offset < hdr || offset >= off + len) return;
        const e = byType[type];
        const label = e?.name ?? `#${type}`;
        const codec = e ? resolveCodec(set as unknown as AttrSet<Fields>, e, buf, start, end) : undefined;
        found =
          offset >= off && codec?.inner ? [label, ...innerPath(codec.inner, buf, off, off + len, offset)] : [label];
      });
      return found;
    },
    nameOf(type) {
      return byType[type]?.name;
    },
  };
  Object.defineProperty(View.prototype, '$set', { value: set, enumerable: false });
  return set;
}

function selectForEncode(codec: SubMessageCodec<AnyCodec>, parent: Record<string, unknown>, where: string): AnyCodec {
  const sel = parent[codec.selector];
  const chosen = typeof sel === 'string' ? codec.registry.get(sel) : undefined;
  if (chosen) return chosen;
  return {
    kind: 'binary',
    decode: binary.decode,
    encode(w, value: unknown, at) {
      if (!(value instanceof Uint8Array)) {
        throw new InvalidArgumentError(
          where,
          `no codec registered for ${codec.selector} ${JSON.stringify(sel)}: give raw bytes or register the kind`,
        );
      }
      binary.encode(w, value, at);
    },
  };
}

function writeAttr(w: Writer, type: number, codec: AnyCodec, value: unknown, where: string): void {
  if (value === false && codec.kind === 'flag') return;
  const off = w.beginAttr(codec.nestedFlag ? type | NLA_F.NESTED : type);
  codec.encode(w, value, where);
  w.endAttr(off);
}

/** Options of {@link nest}. */
export interface NestOptions {
  /** Set `NLA_F_NESTED` on the attribute (some kernel policies require it; iproute2 often omits it). */
  readonly nestedFlag?: boolean;
}

/** An attribute holding a nested attribute set. */
export function nest<F extends Fields>(set: AttrSet<F>, options: NestOptions = {}): AttrCodec<Decoded<F>, Input<F>> {
  return {
    kind: 'nest',
    nestedFlag: options.nestedFlag ?? false,
    decode: (buf, off, len, parent, name) => set.view(buf, off, off + len, [...parent, name]),
    encode: (w, value, where) => set.encode(w, value, where),
    inner: { kind: 'attrs', headerSize: 0, set: set as unknown as AttrSet<Fields> },
  };
}

/**
 * A nest whose children all share one codec, their types being indexes
 * (`indexed-array` in the kernel's specs). Decodes to an array in wire order;
 * encodes element `i` with type `base + i`.
 */
export function indexedArray<C extends AnyCodec>(
  codec: C,
  options: NestOptions & { readonly base?: number } = {},
): AttrCodec<OutOf<C>[], readonly InOf<C>[]> {
  const base = options.base ?? 1;
  return {
    kind: 'indexed-array',
    nestedFlag: options.nestedFlag ?? false,
    decode(buf, off, len, parent, name) {
      const out: OutOf<C>[] = [];
      const path = [...parent, name];
      forEachAttr(
        buf,
        off,
        off + len,
        (_type, _hdr, o, l) => {
          out.push(codec.decode(buf, o, l, path, `[${out.length}]`) as OutOf<C>);
        },
        path,
      );
      return out;
    },
    encode(w, value, where) {
      if (!Array.isArray(value)) throw new InvalidArgumentError(where, 'expected an array');
      for (let i = 0; i < value.length; i++) writeAttr(w, base + i, codec, value[i], `${where}[${i}]`);
    },
    inner: { kind: 'array', element: codec },
  };
}

/** The codec of an attribute, with a sub-message resolved through its selector (sibling in `[start, end)`). */
export function resolveCodec(
  set: AttrSet<Fields>,
  e: AttrEntry,
  buf: Buffer,
  start: number,
  end: number,
): AnyCodec | undefined {
  if (!isSubMessage(e.codec)) return e.codec;
  const sel = (set.view(buf, start, end) as unknown as Record<string, unknown>)[e.codec.selector];
  return typeof sel === 'string' ? e.codec.registry.get(sel) : undefined;
}

/** Names the part of a payload with layout `inner` that holds `offset`. */
export function innerPath(inner: InnerLayout, buf: Buffer, start: number, end: number, offset: number): string[] {
  if (inner.kind === 'attrs') {
    if (offset < start + inner.headerSize) return ['header'];
    return inner.set.pathAt(buf, start + inner.headerSize, end, offset);
  }
  let i = 0;
  let found: string[] = [];
  forEachAttr(buf, start, end, (_t, hdr, off, len) => {
    if (offset >= hdr && offset < off + len) {
      const el = inner.element.inner;
      found = offset >= off && el ? [`[${i}]`, ...innerPath(el, buf, off, off + len, offset)] : [`[${i}]`];
    }
    i++;
  });
  return found;
}
