/**
 * Nexthop object messages (`RTM_NEWNEXTHOP`/`RTM_DELNEXTHOP`/
 * `RTM_GETNEXTHOP`, and `RTM_*NEXTHOPBUCKET` for resilient groups):
 * `struct nhmsg` plus the `NHA_*` attributes.
 *
 * @module
 */

import { NEXTHOP_GRP_TYPE, NHA, NHA_RES_BUCKET, NHA_RES_GROUP } from '../../core/constants.js';
import { DecodeError, InvalidArgumentError } from '../../errors.js';
import { attr, attrSet, nest, subMessage } from '../../schema/attrs.js';
import {
  type AttrCodec,
  field,
  flag,
  ip,
  type StructFields,
  type StructInput,
  type StructType,
  type StructValue,
  struct,
  u16,
  u32,
} from '../../schema/codec.js';
import { messageSchema } from '../../schema/message.js';
import { centiseconds32, centiseconds64, enumCodec } from '../link/kinds/codecs.js';
import { encapRegistry, encapType } from '../route/encap.js';

/** `struct nhmsg`. */
export const nhmsg = struct('nhmsg', {
  family: field.u8,
  scope: field.u8,
  protocol: field.u8,
  resvd: field.u8,
  flags: field.u32,
});

/** `struct nexthop_grp`: one member of a group (`weight` is the weight minus one). */
export const nexthopGrp = struct('nexthop_grp', {
  id: field.u32,
  weight: field.u8,
  resvd1: field.u8,
  resvd2: field.u16,
});

/** A payload of back-to-back structs of one type (`NHA_GROUP`: `struct nexthop_grp[]`). */
export function structArray<F extends StructFields>(
  s: StructType<F>,
): AttrCodec<StructValue<F>[], readonly StructInput<F>[]> {
  return {
    kind: 'struct-array',
    decode(buf, off, len, parent, name) {
      if (len % s.size !== 0) {
        throw new DecodeError(`${len} bytes is not a whole number of ${s.name} (${s.size})`, off, [...parent, name]);
      }
      const out: StructValue<F>[] = [];
      for (let o = off; o < off + len; o += s.size) out.push(s.read(buf, o, s.size));
      return out;
    },
    encode(w, value, where) {
      if (!Array.isArray(value)) throw new InvalidArgumentError(where, `expected a list of ${s.name}`);
      value.forEach((v, i) => {
        s.encode(w, v, `${where}[${i}]`);
      });
    },
  };
}

/** Nexthop group types by name, as iproute2 names them. */
export const NEXTHOP_GROUP_TYPES = {
  mpath: NEXTHOP_GRP_TYPE.MPATH,
  resilient: NEXTHOP_GRP_TYPE.RES,
} as const;

const nested = { nestedFlag: true } as const;

/** `NHA_RES_GROUP_*`: timers in seconds (the kernel's `clock_t`). */
export const resGroupAttrs = attrSet('nexthop-res-group', {
  buckets: attr(NHA_RES_GROUP.BUCKETS, u16),
  idleTimer: attr(NHA_RES_GROUP.IDLE_TIMER, centiseconds32),
  unbalancedTimer: attr(NHA_RES_GROUP.UNBALANCED_TIMER, centiseconds32),
  unbalancedTime: attr(NHA_RES_GROUP.UNBALANCED_TIME, centiseconds64),
});

/** `NHA_RES_BUCKET_*`. */
export const resBucketAttrs = attrSet('nexthop-res-bucket', {
  index: attr(NHA_RES_BUCKET.INDEX, u16),
  idleTime: attr(NHA_RES_BUCKET.IDLE_TIME, centiseconds64),
  nhId: attr(NHA_RES_BUCKET.NH_ID, u32),
});

/** `NHA_*` attributes. */
export const nexthopAttrs = attrSet('nexthop', {
  id: attr(NHA.ID, u32),
  group: attr(NHA.GROUP, structArray(nexthopGrp)),
  groupType: attr(NHA.GROUP_TYPE, enumCodec(u16, NEXTHOP_GROUP_TYPES)),
  blackhole: attr(NHA.BLACKHOLE, flag),
  oif: attr(NHA.OIF, u32),
  gateway: attr(NHA.GATEWAY, ip),
  encapType: attr(NHA.ENCAP_TYPE, encapType),
  encap: attr(NHA.ENCAP, subMessage('encapType', encapRegistry)),
  groups: attr(NHA.GROUPS, flag),
  master: attr(NHA.MASTER, u32),
  fdb: attr(NHA.FDB, flag),
  resGroup: attr(NHA.RES_GROUP, nest(resGroupAttrs, nested)),
  resBucket: attr(NHA.RES_BUCKET, nest(resBucketAttrs, nested)),
});

/** The nexthop (and nexthop bucket) message layout. */
export const nexthopMessage = messageSchema('nexthop', nhmsg, nexthopAttrs);

/** Structs of this family, for the UAPI size audit. */
export const nexthopStructs = [nhmsg, nexthopGrp] as const;
