/**
 * Registry of the fixed-layout C structs this library encodes and decodes,
 * for the UAPI audit test: each struct's `sizeof`, and the offset and size of
 * each of its fields, are compared with the installed kernel UAPI headers.
 *
 * Add every new `struct(...)` here, with the header that declares it.
 *
 * @module
 */

import { ifaCacheinfo, ifaddrmsg } from './route/addr/schema.js';
import { bridgeVlanInfo, brMdbEntryLayout, brPortMsg, brVlanMsg } from './route/bridge/schema.js';
import { brBooloptMulti, iflaBridgeId } from './route/link/kinds/bridge.js';
import { iflaVlanFlags, iflaVlanQosMapping } from './route/link/kinds/vlan.js';
import { iflaVxlanPortRange } from './route/link/kinds/vxlan.js';
import { ifinfomsg, rtnlLinkStats64 } from './route/link/schema.js';
import { ndaCacheinfo, ndmsg } from './route/neigh/schema.js';
import { nexthopGrp, nhmsg } from './route/nexthop/schema.js';
import { rtgenmsg } from './route/nsid/schema.js';
import { ipv6SrHdr, seg6IptunnelEncap } from './route/route/encap.js';
import { rtaCacheinfo, rtmsg, rtnexthop, rtvia } from './route/route/schema.js';
import { fibRuleHdr, fibRulePortRange, fibRuleUidRange } from './route/rule/schema.js';
import { tcamsg, tcmsg } from './route/tc/message.js';
import type { StructFields, StructType } from './schema/codec.js';

/**
 * The part of a {@link StructType} the audit reads: C name, size and field
 * layout. (A concrete `StructType<F>` is not assignable to
 * `StructType<StructFields>`, whose decoded value type collapses to `never`.)
 */
export type AuditedStruct = Pick<StructType<StructFields>, 'name' | 'size' | 'layout'>;

/**
 * One struct of the registry.
 *
 * The C member name of a non-padding field is `cFields[field]` when given,
 * otherwise `prefix` followed by the field name converted from camelCase to
 * snake_case (`rxPackets` becomes `rx_packets`; with `prefix: 'ifi_'`,
 * `family` becomes `ifi_family`). Padding fields have no C counterpart: they
 * are checked through the struct size and the offsets of the fields after them.
 */
export interface UapiStructEntry {
  /** The struct definition (its `name` is the C struct tag). */
  readonly struct: AuditedStruct;
  /** The header declaring it, as written in `#include <...>` (`linux/rtnetlink.h`). */
  readonly header: string;
  /** Prefix of the C member names that our field names leave out (`ifi_`). */
  readonly prefix?: string;
  /** Explicit C member names by field name, for fields the naming rule does not fit. */
  readonly cFields?: Readonly<Record<string, string>>;
}

/** Every struct the library defines, with where the kernel declares it. */
export const UAPI_STRUCTS: readonly UapiStructEntry[] = [
  { struct: ifinfomsg, header: 'linux/rtnetlink.h', prefix: 'ifi_' },
  { struct: rtnlLinkStats64, header: 'linux/if_link.h' },
  { struct: iflaBridgeId, header: 'linux/if_link.h' },
  { struct: brBooloptMulti, header: 'linux/if_bridge.h' },
  { struct: iflaVxlanPortRange, header: 'linux/if_link.h' },
  { struct: iflaVlanFlags, header: 'linux/if_link.h' },
  { struct: iflaVlanQosMapping, header: 'linux/if_link.h' },
  { struct: ndmsg, header: 'linux/neighbour.h', prefix: 'ndm_' },
  { struct: ndaCacheinfo, header: 'linux/neighbour.h', prefix: 'ndm_' },
  { struct: fibRuleHdr, header: 'linux/fib_rules.h' },
  { struct: fibRulePortRange, header: 'linux/fib_rules.h' },
  { struct: fibRuleUidRange, header: 'linux/fib_rules.h' },
  { struct: bridgeVlanInfo, header: 'linux/if_bridge.h' },
  { struct: brVlanMsg, header: 'linux/if_bridge.h' },
  { struct: brPortMsg, header: 'linux/if_bridge.h' },
  { struct: brMdbEntryLayout, header: 'linux/if_bridge.h' },
  { struct: rtgenmsg, header: 'linux/rtnetlink.h', prefix: 'rtgen_' },
  { struct: ifaddrmsg, header: 'linux/if_addr.h', prefix: 'ifa_' },
  { struct: ifaCacheinfo, header: 'linux/if_addr.h', cFields: { preferred: 'ifa_prefered', valid: 'ifa_valid' } },
  { struct: rtmsg, header: 'linux/rtnetlink.h', prefix: 'rtm_' },
  { struct: rtnexthop, header: 'linux/rtnetlink.h', prefix: 'rtnh_' },
  { struct: rtaCacheinfo, header: 'linux/rtnetlink.h', prefix: 'rta_' },
  { struct: rtvia, header: 'linux/rtnetlink.h', prefix: 'rtvia_' },
  { struct: ipv6SrHdr, header: 'linux/seg6.h' },
  { struct: seg6IptunnelEncap, header: 'linux/seg6_iptunnel.h' },
  { struct: nhmsg, header: 'linux/nexthop.h', prefix: 'nh_', cFields: { resvd: 'resvd' } },
  { struct: nexthopGrp, header: 'linux/nexthop.h' },
  { struct: tcmsg, header: 'linux/rtnetlink.h', prefix: 'tcm_' },
  { struct: tcamsg, header: 'linux/rtnetlink.h', prefix: 'tca_' },
];
