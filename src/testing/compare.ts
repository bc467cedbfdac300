/**
 * Compares two netlink requests attribute for attribute, ignoring attribute
 * order, sequence numbers and port ids: how tests prove that a request nlink
 * builds equals the one iproute2 sends for the same command.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { forEachAttr, forEachMessage } from '../core/message.js';
import { NLMSG_HDRLEN } from '../core/writer.js';
import { type AttrSet, type Fields, resolveCodec } from '../schema/attrs.js';
import type { InnerLayout, StructFields } from '../schema/codec.js';
import type { MessageSchema } from '../schema/message.js';

/** One attribute of a request, with its children when it holds attributes. */
export interface AttrNode {
  readonly name: string;
  readonly type: number;
  /** Payload hex of a leaf; the fixed header's hex for a nested message. */
  readonly hex: string;
  readonly children?: readonly AttrNode[];
}

/** A request as a comparable tree. */
export interface RequestTree {
  readonly type: number;
  readonly flags: number;
  /** Hex of the fixed header struct. */
  readonly header: string;
  readonly attrs: readonly AttrNode[];
}

function walk(buf: Buffer, start: number, end: number, layout: InnerLayout | undefined): AttrNode[] {
  const out: AttrNode[] = [];
  const set = layout?.kind === 'attrs' ? layout.set : undefined;
  forEachAttr(buf, start, end, (type, hdr, off, len) => {
    const rawType = buf.readUInt16LE(hdr + 2);
    let name = `#${type}`;
    let inner: InnerLayout | undefined;
    if (layout?.kind === 'array') {
      name = `[${out.length}]`;
      inner = layout.element.inner;
    } else if (set) {
      const e = set.byType[type];
      if (e) {
        name = e.name;
        inner = resolveCodec(set, e, buf, start, end)?.inner;
      }
    }
    // A typed array's children carry data in their type field (rtnexthop flags and hops): compare it as data.
    const typed = layout?.kind === 'array' && layout.typed === true;
    const typeHex = typed ? buf.toString('hex', hdr + 2, hdr + 4) : '';
    const flagged = rawType === type || typed ? name : `${name}(0x${rawType.toString(16)})`;
    if (!inner) {
      out.push({ name: flagged, type, hex: typeHex + buf.toString('hex', off, off + len) });
      return;
    }
    const headerSize = inner.kind === 'attrs' ? Math.min(inner.headerSize, len) : 0;
    out.push({
      name: flagged,
      type,
      hex: typeHex + buf.toString('hex', off, off + headerSize),
      children: walk(buf, off + headerSize, off + len, inner),
    });
  });
  return out;
}

/** Parses the first message of `bytes` into a {@link RequestTree} using `schema`. */
export function requestTree<H extends StructFields, F extends Fields>(
  bytes: Uint8Array,
  schema: MessageSchema<H, F>,
): RequestTree {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let tree: RequestTree | undefined;
  forEachMessage(buf, (h, off) => {
    const payload = off + NLMSG_HDRLEN;
    const attrStart = schema.attrsAt(payload, h.length - NLMSG_HDRLEN);
    tree = {
      type: h.type,
      flags: h.flags,
      header: buf.toString('hex', payload, payload + schema.header.size),
      attrs: walk(buf, attrStart, off + h.length, {
        kind: 'attrs',
        headerSize: 0,
        set: schema.attrs as unknown as AttrSet<Fields>,
      }),
    };
    return false;
  });
  if (!tree) throw new Error('no message in the buffer');
  return tree;
}

function key(n: AttrNode): string {
  return n.children ? `${n.name}{${n.hex}|${n.children.map(key).sort().join(',')}}` : `${n.name}=${n.hex}`;
}

function diffNodes(a: readonly AttrNode[], b: readonly AttrNode[], path: string, out: string[]): void {
  const byName = (list: readonly AttrNode[]) => {
    const m = new Map<string, AttrNode[]>();
    for (const n of list) m.set(n.name, [...(m.get(n.name) ?? []), n]);
    return m;
  };
  const ma = byName(a);
  const mb = byName(b);
  for (const name of new Set([...ma.keys(), ...mb.keys()])) {
    const xs = ma.get(name) ?? [];
    const ys = mb.get(name) ?? [];
    const at = path ? `${path}.${name}` : name;
    if (xs.length === 1 && ys.length === 1) {
      const x = xs[0] as AttrNode;
      const y = ys[0] as AttrNode;
      if (x.hex !== y.hex) out.push(`${at}: ${x.hex} != ${y.hex}`);
      if (x.children || y.children) diffNodes(x.children ?? [], y.children ?? [], at, out);
      else if (!!x.children !== !!y.children) out.push(`${at}: nested on one side only`);
      continue;
    }
    const kx = xs.map(key).sort();
    const ky = ys.map(key).sort();
    if (kx.join('\n') !== ky.join('\n')) out.push(`${at}: [${kx.join(' ; ')}] != [${ky.join(' ; ')}]`);
  }
}

/**
 * Differences between two requests (empty when they are equal attribute for
 * attribute): message type, flags, header struct and every attribute,
 * recursively, regardless of order.
 */
export function diffRequests<H extends StructFields, F extends Fields>(
  ours: Uint8Array,
  theirs: Uint8Array,
  schema: MessageSchema<H, F>,
): string[] {
  const a = requestTree(ours, schema);
  const b = requestTree(theirs, schema);
  const out: string[] = [];
  if (a.type !== b.type) out.push(`message type: ${a.type} != ${b.type}`);
  if (a.flags !== b.flags) out.push(`flags: 0x${a.flags.toString(16)} != 0x${b.flags.toString(16)}`);
  if (a.header !== b.header) out.push(`header: ${a.header} != ${b.header}`);
  diffNodes(a.attrs, b.attrs, '', out);
  return out;
}
