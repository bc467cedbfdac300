/**
 * Traffic control messages in their generic form, until the tc family
 * lands: qdisc, class and filter messages (`RTM_*QDISC`, `RTM_*TCLASS`,
 * `RTM_*TFILTER`) decode to their `struct tcmsg` header, `TCA_KIND` and the
 * raw attributes; action messages (`RTM_*ACTION`, `struct tcamsg`) to their
 * family, the kinds of the actions they carry and the raw attributes. Events
 * of these types are `NewQdisc`/`DelQdisc`, `NewClass`/`DelClass`,
 * `NewFilter`/`DelFilter` and `NewAction`/`DelAction`.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { NLA_TYPE_MASK, RTM } from '../../core/constants.js';
import { asBuffer, copyBytes, forEachAttr } from '../../core/message.js';
import { align4 } from '../../core/writer.js';
import type { RawAttr } from '../../schema/attrs.js';
import { field, string, struct } from '../../schema/codec.js';
import type { ReceivedMessage } from '../../session/engine.js';
import { registerEventDecoder } from '../events.js';

/** Generic traffic control attributes (`TCA_*`, linux/rtnetlink.h). */
export const TCA = { KIND: 1 } as const;
/** Attributes of action messages (`TCA_ACT_TAB`, linux/rtnetlink.h) and of one action (`TCA_ACT_KIND`). */
export const TCA_ROOT = { TAB: 1 } as const;
/** `TCA_ACT_KIND` inside one action of `TCA_ACT_TAB`. */
export const TCA_ACT_KIND = 1;

/** `struct tcmsg`: the header of qdisc, class and filter messages. */
export const tcmsg = struct('tcmsg', {
  family: field.u8,
  pad1: field.pad(1),
  pad2: field.pad(2),
  ifindex: field.s32,
  handle: field.u32,
  parent: field.u32,
  info: field.u32,
});

/** `struct tcamsg`: the header of action messages. */
export const tcamsg = struct('tcamsg', { family: field.u8, pad1: field.pad(1), pad2: field.pad(2) });

/** The attributes of a message payload after a header of `headerSize` bytes, each copied out raw. */
function rawAttrs(m: ReceivedMessage, headerSize: number): RawAttr[] {
  const attrs: RawAttr[] = [];
  const end = m.offset + m.length;
  forEachAttr(m.buf, Math.min(m.offset + align4(headerSize), end), end, (_type, header, payload, len) => {
    // The full type field, flags included (forEachAttr passes it masked).
    attrs.push({ type: m.buf.readUInt16LE(header + 2), data: copyBytes(m.buf, payload, payload + len) });
  });
  return attrs;
}

function kindOf(attrs: readonly RawAttr[]): string | undefined {
  const data = attrs.find((a) => a.type === TCA.KIND)?.data;
  if (!data) return undefined;
  return string.decode(asBuffer(data), 0, data.length, [], 'kind');
}

/** A qdisc, class or filter message: the decoded `struct tcmsg`, its kind and its raw attributes. */
export interface TcMessage {
  /** `AF_*` of the message (`AF_UNSPEC` for most). */
  readonly family: number;
  /** The device. */
  readonly ifindex: number;
  /** The object's handle (`major:minor` packed in 32 bits). */
  readonly handle: number;
  /** The parent's handle (`TC_H_ROOT`, `TC_H_INGRESS`, or a qdisc/class). */
  readonly parent: number;
  /** Filters: priority (high 16 bits) and protocol (low 16, network order); else 0 or a refcount. */
  readonly info: number;
  /** `TCA_KIND`: the qdisc, class or filter kind (`htb`, `fq_codel`, `flower`, ...). */
  readonly kind: string | undefined;
  /** Every attribute, raw, in wire order (`TCA_KIND` included). */
  readonly attrs: readonly RawAttr[];
}

/** An action message: its family, the kinds of the actions it carries and its raw attributes. */
export interface TcActionMessage {
  readonly family: number;
  /** `TCA_ACT_KIND` of each action in `TCA_ACT_TAB`, in order. */
  readonly kinds: readonly string[];
  /** Every top-level attribute, raw, in wire order. */
  readonly attrs: readonly RawAttr[];
}

/** Decodes a qdisc, class or filter message. */
export function decodeTcMessage(m: ReceivedMessage): TcMessage {
  const h = tcmsg.read(m.buf, m.offset, Math.min(m.length, tcmsg.size));
  const attrs = rawAttrs(m, tcmsg.size);
  return { ...h, kind: kindOf(attrs), attrs };
}

/** Decodes an action message. */
export function decodeTcActionMessage(m: ReceivedMessage): TcActionMessage {
  const h = tcamsg.read(m.buf, m.offset, Math.min(m.length, tcamsg.size));
  const attrs = rawAttrs(m, tcamsg.size);
  const kinds: string[] = [];
  for (const tab of attrs) {
    if ((tab.type & NLA_TYPE_MASK) !== TCA_ROOT.TAB) continue;
    const buf = Buffer.from(tab.data.buffer, tab.data.byteOffset, tab.data.byteLength);
    forEachAttr(buf, 0, buf.length, (_prio, _h, payload, len) => {
      const inner: RawAttr[] = [];
      forEachAttr(buf, payload, payload + len, (type, _ih, p, l) => {
        inner.push({ type, data: buf.subarray(p, p + l) });
      });
      const kind = kindOf(inner);
      if (kind !== undefined) kinds.push(kind);
    });
  }
  return { family: h.family, kinds, attrs };
}

declare module '../events.js' {
  interface NetworkEventMap {
    /** A qdisc was added or changed. */
    NewQdisc: { readonly tc: TcMessage };
    /** A qdisc was removed. */
    DelQdisc: { readonly tc: TcMessage };
    /** A traffic class was added or changed. */
    NewClass: { readonly tc: TcMessage };
    /** A traffic class was removed. */
    DelClass: { readonly tc: TcMessage };
    /** A filter was added or changed. */
    NewFilter: { readonly tc: TcMessage };
    /** A filter was removed. */
    DelFilter: { readonly tc: TcMessage };
    /** Actions were added or changed. */
    NewAction: { readonly action: TcActionMessage };
    /** Actions were removed. */
    DelAction: { readonly action: TcActionMessage };
  }
}

registerEventDecoder(RTM.NEWQDISC, (m) => ({ type: 'NewQdisc', tc: decodeTcMessage(m) }));
registerEventDecoder(RTM.DELQDISC, (m) => ({ type: 'DelQdisc', tc: decodeTcMessage(m) }));
registerEventDecoder(RTM.NEWTCLASS, (m) => ({ type: 'NewClass', tc: decodeTcMessage(m) }));
registerEventDecoder(RTM.DELTCLASS, (m) => ({ type: 'DelClass', tc: decodeTcMessage(m) }));
registerEventDecoder(RTM.NEWTFILTER, (m) => ({ type: 'NewFilter', tc: decodeTcMessage(m) }));
registerEventDecoder(RTM.DELTFILTER, (m) => ({ type: 'DelFilter', tc: decodeTcMessage(m) }));
registerEventDecoder(RTM.NEWACTION, (m) => ({ type: 'NewAction', action: decodeTcActionMessage(m) }));
registerEventDecoder(RTM.DELACTION, (m) => ({ type: 'DelAction', action: decodeTcActionMessage(m) }));
