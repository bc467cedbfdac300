/**
 * Message schemas: a fixed header struct followed by an attribute set, the
 * shape of every rtnetlink, genetlink and netfilter message.
 *
 * @module
 */

import type { Buffer } from 'node:buffer';
import { asBuffer } from '../core/message.js';
import { align4, NLMSG_HDRLEN, type Writer } from '../core/writer.js';
import { DecodeError } from '../errors.js';
import { type AttrSet, checkAttrs, type Decoded, type Fields, type Input, MessageViewBase } from './attrs.js';
import type { AttrCodec, StructFields, StructInput, StructType, StructValue } from './codec.js';

/** A decoded message: its fixed header and its (lazily decoded) attributes. */
export interface MessageView<H extends StructFields, F extends Fields> {
  /** The header struct, decoded from the message on each read (a fresh object). */
  readonly header: StructValue<H>;
  /** One field of the header, decoded without building the whole struct. */
  headerField<K extends keyof StructValue<H>>(name: K): StructValue<H>[K];
  readonly attrs: Decoded<F>;
}

/** What encoding a message accepts. */
export interface MessageInput<H extends StructFields, F extends Fields> {
  readonly header?: StructInput<H>;
  readonly attrs?: Input<F>;
}

/** The header of a message given none (all zero). */
const EMPTY_HEADER = Object.freeze({});

/** Reads one value of the message payload at `[offset, offset + length)` of `buf`. */
export type PayloadReader<T> = (buf: Buffer, offset: number, length: number) => T;

/** A message layout: header struct plus attributes. */
export interface MessageSchema<H extends StructFields, F extends Fields> {
  readonly name: string;
  readonly header: StructType<H>;
  readonly attrs: AttrSet<F>;
  /**
   * Where the attributes of the payload at `[offset, offset + length)` start:
   * after its header, aligned to 4 (at its end when it is shorter).
   */
  attrsAt(offset: number, length: number): number;
  /**
   * Decodes a payload (the bytes after `struct nlmsghdr`). A payload shorter
   * than the header is zero-filled, as the kernel's older structs would be.
   */
  decode(buf: Uint8Array, offset?: number, length?: number): MessageView<H, F>;
  /**
   * Checks a payload as {@link decode} does, without building a view, for
   * typed accessors that read it with {@link attrReader} and
   * {@link headerReader} (what keeps a million decoded messages small).
   * Returns the presence mask of its attributes (see `checkAttrs`).
   * @throws {DecodeError} as {@link decode} does.
   */
  check(buf: Buffer, offset: number, length: number): number;
  /** Reads attribute `name` of a payload that passed {@link check}, on each call (nothing cached). */
  attrReader<K extends keyof F & string>(name: K): PayloadReader<Decoded<F>[K]>;
  /**
   * Finds attribute `name` of a payload that passed {@link check}: the
   * offset of its header in `buf`, or -1 when absent (see `AttrSet.locator`).
   */
  attrLocator(name: keyof F & string): PayloadReader<number>;
  /** Reads one header field of a payload (zero when a shorter kernel struct lacks it). */
  headerReader<K extends keyof StructValue<H>>(name: K): PayloadReader<StructValue<H>[K]>;
  /** Writes the payload (header struct, padding, attributes). */
  encode(w: Writer, value: MessageInput<H, F>): void;
  /**
   * Names the part of an encoded message at `offset`, counted from the start
   * of its `struct nlmsghdr` (as extended acks count): `['ifname']`,
   * `['linkinfo', 'kind']`, `['header']`.
   */
  pathAt(message: Uint8Array, offset: number): string[];
}

/** Declares a message layout. */
export function messageSchema<H extends StructFields, F extends Fields>(
  name: string,
  header: StructType<H>,
  attrs: AttrSet<F>,
): MessageSchema<H, F> {
  const attrStart = align4(header.size);
  /** Where the attributes of the payload at `[offset, offset + length)` start (its end if it is shorter). */
  const attrsAt = (offset: number, length: number): number => Math.min(offset + attrStart, offset + length);
  /** Refuses a payload that does not lie inside `buf`. */
  const checkBounds = (buf: Buffer, offset: number, length: number): void => {
    if (length < 0 || offset + length > buf.length) {
      throw new DecodeError(`payload of ${length} bytes outside the buffer`, offset, [name]);
    }
  };
  const path = [name];
  const headerPath = `${name}.header`;
  const headerSize = header.size;
  /**
   * A decoded message: attribute lengths checked now, the header struct
   * decoded when read. It keeps only where the message lies (plus the
   * attribute view), not a decoded header, so that a million retained
   * messages stay small; read `header` once into a local when you need
   * several of its fields.
   */
  class View extends MessageViewBase implements MessageView<H, F> {
    readonly #offset: number;
    /** The attributes; they end where the message ends. */
    readonly attrs: Decoded<F>;

    constructor(buf: Buffer, offset: number, length: number) {
      super();
      this.#offset = offset;
      const start = attrsAt(offset, length);
      this.attrs = attrs.view(buf, start, offset + length, path);
    }

    get header(): StructValue<H> {
      const offset = this.#offset;
      return header.read(this.attrs.$buf, offset, Math.min(this.attrs.$end - offset, headerSize));
    }

    headerField<K extends keyof StructValue<H>>(name: K): StructValue<H>[K] {
      const offset = this.#offset;
      return header.readField(this.attrs.$buf, offset, Math.min(this.attrs.$end - offset, headerSize), name);
    }
  }
  return {
    name,
    header,
    attrs,
    attrsAt,
    decode(data, offset = 0, length = data.length - offset) {
      const buf = asBuffer(data);
      checkBounds(buf, offset, length);
      return new View(buf, offset, length);
    },
    check(buf, offset, length) {
      checkBounds(buf, offset, length);
      return checkAttrs(buf, attrsAt(offset, length), offset + length, path);
    },
    attrReader(key) {
      const read = attrs.reader(key);
      return (buf, offset, length) => read(buf, attrsAt(offset, length), offset + length);
    },
    attrLocator(key) {
      const find = attrs.locator(key);
      return (buf, offset, length) => find(buf, attrsAt(offset, length), offset + length);
    },
    headerReader(field) {
      const read = header.fieldReader(field);
      return (buf, offset, length) => read(buf, offset, Math.min(length, headerSize));
    },
    encode(w, value) {
      header.encode(w, value.header ?? EMPTY_HEADER, headerPath);
      w.align();
      if (value.attrs) attrs.encode(w, value.attrs, name);
    },
    pathAt(message, offset) {
      const buf = asBuffer(message);
      const payload = NLMSG_HDRLEN;
      if (offset < payload) return ['nlmsghdr'];
      if (offset < payload + attrStart) return ['header'];
      const end = Math.min(buf.length, buf.readUInt32LE(0));
      try {
        return attrs.pathAt(buf, payload + attrStart, end, offset);
      } catch {
        return [];
      }
    },
  };
}

/**
 * An attribute whose payload is a whole message body (header struct plus
 * attributes), such as `VETH_INFO_PEER`, which carries a `struct ifinfomsg`
 * and `IFLA_*` attributes for the peer.
 */
export function nestedMessage<H extends StructFields, F extends Fields>(
  schema: MessageSchema<H, F>,
): AttrCodec<MessageView<H, F>, MessageInput<H, F>> {
  const attrStart = align4(schema.header.size);
  return {
    kind: 'nested-message',
    decode: (buf, off, len) => schema.decode(buf, off, len),
    encode: (w, value) => schema.encode(w, value),
    inner: { kind: 'attrs', headerSize: attrStart, set: schema.attrs as unknown as AttrSet<Fields> },
  };
}
