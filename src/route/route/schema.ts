/**
 * Route messages (`RTM_NEWROUTE`/`RTM_DELROUTE`/`RTM_GETROUTE`): `struct
 * rtmsg` plus the `RTA_*` attributes, with metrics (`RTA_METRICS`), ECMP
 * multipath (`RTA_MULTIPATH`: `struct rtnexthop` records, each followed by
 * attributes), `RTA_VIA` and lightweight tunnel encapsulations.
 *
 * MPLS routes (`AF_MPLS`) carry a label in `RTA_DST`, so they have their
 * own message layout, {@link mplsRouteMessage}; {@link routeSchemaFor}
 * picks the layout by family.
 *
 * @module
 */

import { AF, RTA, RTAX } from '../../core/constants.js';
import { afOf, type IpFamily, ipFamilyOfAf, parseIpAddress } from '../../core/prefix.js';
import type { Writer } from '../../core/writer.js';
import { DecodeError, InvalidArgumentError } from '../../errors.js';
import { formatIpv4, formatIpv6, formatMac } from '../../schema/address.js';
import {
  type AttrSet,
  attr,
  attrSet,
  type Decoded,
  type Fields,
  type Input,
  nest,
  subMessage,
} from '../../schema/attrs.js';
import {
  type AnyCodec,
  type AttrCodec,
  be16,
  binary,
  field,
  ip,
  struct,
  u8,
  u32,
  unterminatedString,
} from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';
import { checkRange } from '../link/kinds/codecs.js';
import { encapRegistry, encapType, mplsLabels } from './encap.js';

/** `struct rtmsg`. */
export const rtmsg = struct('rtmsg', {
  family: field.u8,
  dstLen: field.u8,
  srcLen: field.u8,
  tos: field.u8,
  table: field.u8,
  protocol: field.u8,
  scope: field.u8,
  type: field.u8,
  flags: field.u32,
});

/** `struct rtnexthop`: one hop of `RTA_MULTIPATH` (its attributes follow it). */
export const rtnexthop = struct('rtnexthop', {
  len: field.u16,
  flags: field.u8,
  hops: field.u8,
  ifindex: field.s32,
});

/** `struct rta_cacheinfo` (`RTA_CACHEINFO`). */
export const rtaCacheinfo = struct('rta_cacheinfo', {
  clntref: field.u32,
  lastuse: field.u32,
  expires: field.s32,
  error: field.u32,
  used: field.u32,
  id: field.u32,
  ts: field.u32,
  tsage: field.u32,
});

/** `struct rtvia` without its address: the address family (the address follows). */
export const rtvia = struct('rtvia', { family: field.u16 });

/** A gateway of another family (`RTA_VIA`): IPv6 next hops of IPv4 routes, MPLS next hops. */
export interface Via {
  /** `inet`, `inet6`, or the `AF_*` number of another family. */
  readonly family: IpFamily | number;
  /** The address: IP text, or colon-separated hex for other families. */
  readonly address: string;
}

/** `RTA_VIA`: `struct rtvia` (an `AF_*` u16 and the address). */
export const via: AttrCodec<Via, { readonly family: IpFamily; readonly address: string }> = {
  kind: 'via',
  decode(buf, off, len, parent, name) {
    if (len < rtvia.size) throw new DecodeError(`via of ${len} bytes`, off, [...parent, name]);
    const af = buf.readUInt16LE(off);
    const family = ipFamilyOfAf(af);
    const n = len - rtvia.size;
    if (family === 'inet' && n === 4) return { family, address: formatIpv4(buf, off + 2) };
    if (family === 'inet6' && n === 16) return { family, address: formatIpv6(buf, off + 2) };
    return { family: af, address: formatMac(buf, off + 2, n) };
  },
  encode(w, value, where) {
    const family = value?.family;
    if (family !== 'inet' && family !== 'inet6')
      throw new InvalidArgumentError(`${where}.family`, 'expected inet or inet6');
    w.u16(afOf(family));
    w.bytes(parseIpAddress(value.address, { family, what: `${where}.address` }).bytes);
  },
};

/** `RTAX_*` route metrics, as the kernel carries them (`rtt` in 1/8 ms, `rttvar` in 1/4 ms, `rto_min` in ms). */
export const metricsAttrs = attrSet('metrics', {
  lock: attr(RTAX.LOCK, u32),
  mtu: attr(RTAX.MTU, u32),
  window: attr(RTAX.WINDOW, u32),
  rtt: attr(RTAX.RTT, u32),
  rttvar: attr(RTAX.RTTVAR, u32),
  ssthresh: attr(RTAX.SSTHRESH, u32),
  cwnd: attr(RTAX.CWND, u32),
  advmss: attr(RTAX.ADVMSS, u32),
  reordering: attr(RTAX.REORDERING, u32),
  hoplimit: attr(RTAX.HOPLIMIT, u32),
  initcwnd: attr(RTAX.INITCWND, u32),
  features: attr(RTAX.FEATURES, u32),
  rtoMin: attr(RTAX.RTO_MIN, u32),
  initrwnd: attr(RTAX.INITRWND, u32),
  quickack: attr(RTAX.QUICKACK, u32),
  ccAlgo: attr(RTAX.CC_ALGO, unterminatedString),
  fastopenNoCookie: attr(RTAX.FASTOPEN_NO_COOKIE, u32),
});

/** One decoded record of a `struct rtnexthop` list. */
export interface RtnexthopRecord<F extends Fields> {
  /** `RTNH_F_*`. */
  readonly flags: number;
  /** Weight minus one. */
  readonly hops: number;
  readonly ifindex: number;
  readonly attrs: Decoded<F>;
}

/** What encoding one record takes. */
export interface RtnexthopRecordInput<F extends Fields> {
  readonly flags?: number;
  readonly hops?: number;
  readonly ifindex?: number;
  readonly attrs?: Input<F>;
}

/**
 * A list of `struct rtnexthop` records, each followed by the attributes of
 * `set` and sized by `rtnh_len` (`RTA_MULTIPATH`). `rtnh_len`, `rtnh_flags`
 * and `rtnh_hops` sit where an attribute header's length and type would, so
 * the record is laid out (and compared, and mapped in extended acks) as an
 * attribute whose payload is `rtnh_ifindex` then the attributes; the `typed`
 * inner layout tells comparisons that the "type" field (flags and hops)
 * carries data.
 */
export function rtnexthopList<F extends Fields>(
  set: AttrSet<F>,
): AttrCodec<RtnexthopRecord<F>[], readonly RtnexthopRecordInput<F>[]> {
  const ifindexSize = rtnexthop.size - 4;
  const element: AttrCodec<RtnexthopRecord<F>, RtnexthopRecordInput<F>> = {
    kind: 'rtnexthop',
    decode(buf, off, len, parent, name) {
      if (len < ifindexSize) throw new DecodeError(`rtnexthop of ${len + 4} bytes`, off, [...parent, name]);
      return {
        flags: buf[off - 2] ?? 0,
        hops: buf[off - 1] ?? 0,
        ifindex: buf.readInt32LE(off),
        attrs: set.view(buf, off + ifindexSize, off + len, [...parent, name]),
      };
    },
    encode(w, value, where) {
      checkRange(value.ifindex, 0, 0x7fffffff, `${where}.ifindex`);
      w.s32(value.ifindex ?? 0);
      if (value.attrs) set.encode(w, value.attrs, where);
    },
    inner: { kind: 'attrs', headerSize: ifindexSize, set: set as unknown as AttrSet<Fields> },
  };
  return {
    kind: 'multipath',
    decode(buf, off, len, parent, name) {
      const out: RtnexthopRecord<F>[] = [];
      const path = [...parent, name];
      let o = off;
      while (off + len - o >= rtnexthop.size) {
        const l = buf.readUInt16LE(o);
        if (l < rtnexthop.size || l > off + len - o) {
          throw new DecodeError(`rtnh_len ${l} outside [${rtnexthop.size}, ${off + len - o}]`, o, path);
        }
        out.push(element.decode(buf, o + 4, l - 4, path, `[${out.length}]`));
        o += (l + 3) & ~3;
      }
      return out;
    },
    encode(w: Writer, value, where) {
      if (!Array.isArray(value)) throw new InvalidArgumentError(where, 'expected a list of next hops');
      value.forEach((hop: RtnexthopRecordInput<F>, i) => {
        const at = `${where}[${i}]`;
        checkRange(hop.flags, 0, 0xff, `${at}.flags`);
        checkRange(hop.hops, 0, 0xff, `${at}.hops`);
        const start = w.beginAttr((hop.flags ?? 0) | ((hop.hops ?? 0) << 8));
        element.encode(w, hop, at);
        w.endAttr(start);
      });
    },
    inner: { kind: 'array', element: element as AnyCodec, typed: true },
  };
}

/** Attributes of one multipath hop (`RTA_GATEWAY`, `RTA_VIA`, `RTA_NEWDST`, encap, `RTA_FLOW`). */
export const multipathHopAttrs = attrSet('multipath-hop', {
  gateway: attr(RTA.GATEWAY, ip),
  flow: attr(RTA.FLOW, u32),
  via: attr(RTA.VIA, via),
  newdst: attr(RTA.NEWDST, mplsLabels),
  encapType: attr(RTA.ENCAP_TYPE, encapType),
  encap: attr(RTA.ENCAP, subMessage('encapType', encapRegistry)),
});

/** Every `RTA_*` but `RTA_DST`, whose format depends on the family. */
const routeFields = {
  src: attr(RTA.SRC, ip),
  iif: attr(RTA.IIF, u32),
  oif: attr(RTA.OIF, u32),
  gateway: attr(RTA.GATEWAY, ip),
  priority: attr(RTA.PRIORITY, u32),
  prefsrc: attr(RTA.PREFSRC, ip),
  metrics: attr(RTA.METRICS, nest(metricsAttrs)),
  multipath: attr(RTA.MULTIPATH, rtnexthopList(multipathHopAttrs)),
  flow: attr(RTA.FLOW, u32),
  cacheinfo: attr(RTA.CACHEINFO, rtaCacheinfo),
  table: attr(RTA.TABLE, u32),
  mark: attr(RTA.MARK, u32),
  mfcStats: attr(RTA.MFC_STATS, binary),
  via: attr(RTA.VIA, via),
  newdst: attr(RTA.NEWDST, mplsLabels),
  pref: attr(RTA.PREF, u8),
  encapType: attr(RTA.ENCAP_TYPE, encapType),
  encap: attr(RTA.ENCAP, subMessage('encapType', encapRegistry)),
  expires: attr(RTA.EXPIRES, u32),
  uid: attr(RTA.UID, u32),
  ttlPropagate: attr(RTA.TTL_PROPAGATE, u8),
  ipProto: attr(RTA.IP_PROTO, u8),
  sport: attr(RTA.SPORT, be16),
  dport: attr(RTA.DPORT, be16),
  nhId: attr(RTA.NH_ID, u32),
};

/** `RTA_*` of IPv4 and IPv6 routes. */
export const routeAttrs = attrSet('route', { dst: attr(RTA.DST, ip), ...routeFields });

/** `RTA_*` of MPLS routes: `RTA_DST` is the incoming label. */
export const mplsRouteAttrs = attrSet('mpls-route', { dst: attr(RTA.DST, mplsLabels), ...routeFields });

/** The layout of IPv4 and IPv6 route messages. */
export const routeMessage = messageSchema('route', rtmsg, routeAttrs);

/** The layout of MPLS route messages. */
export const mplsRouteMessage = messageSchema('mpls-route', rtmsg, mplsRouteAttrs);

/** The route layout for an `AF_*` family. */
export function routeSchemaFor(af: number): typeof routeMessage | typeof mplsRouteMessage {
  return af === AF.MPLS ? mplsRouteMessage : routeMessage;
}

/** Structs of this family, for the UAPI size audit. */
export const routeStructs = [rtmsg, rtnexthop, rtaCacheinfo, rtvia] as const;
