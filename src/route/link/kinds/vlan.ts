/**
 * `vlan`: an 802.1Q/802.1ad VLAN on top of a parent device
 * (`ip link add link DEV name NAME type vlan id ID ...`).
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { InvalidArgumentError } from '../../../errors.js';
import { attr, attrSet, multiAttr, nest } from '../../../schema/attrs.js';
import { field, struct, u16 } from '../../../schema/codec.js';
import type { Link } from '../link.js';
import { checkRange, defineStackedKind, kindDataOf, maskedBits, type VlanProtocol, vlanProtocol } from './codecs.js';

/** `IFLA_VLAN_*` (linux/if_link.h). */
export const IFLA_VLAN = { ID: 1, FLAGS: 2, EGRESS_QOS: 3, INGRESS_QOS: 4, PROTOCOL: 5 } as const;

/** `IFLA_VLAN_QOS_*` (linux/if_link.h). */
export const IFLA_VLAN_QOS = { MAPPING: 1 } as const;

/** `VLAN_FLAG_*` (linux/if_vlan.h). */
export const VLAN_FLAG = {
  REORDER_HDR: 0x1,
  GVRP: 0x2,
  LOOSE_BINDING: 0x4,
  MVRP: 0x8,
  BRIDGE_BINDING: 0x10,
} as const;

/** `struct ifla_vlan_flags`: {@link VLAN_FLAG} bits, and which of them to change. */
export const iflaVlanFlags = struct('ifla_vlan_flags', { flags: field.u32, mask: field.u32 });

/** `struct ifla_vlan_qos_mapping`: one priority mapping. */
export const iflaVlanQosMapping = struct('ifla_vlan_qos_mapping', { from: field.u32, to: field.u32 });

/** `IFLA_VLAN_QOS_*`: a list of priority mappings. */
export const vlanQosAttrs = attrSet('vlan-qos', {
  mapping: multiAttr(IFLA_VLAN_QOS.MAPPING, iflaVlanQosMapping),
});

/** `IFLA_VLAN_*`: a vlan's `IFLA_INFO_DATA`. */
export const vlanAttrs = attrSet('vlan', {
  id: attr(IFLA_VLAN.ID, u16),
  flags: attr(IFLA_VLAN.FLAGS, iflaVlanFlags),
  egressQos: attr(IFLA_VLAN.EGRESS_QOS, nest(vlanQosAttrs)),
  ingressQos: attr(IFLA_VLAN.INGRESS_QOS, nest(vlanQosAttrs)),
  protocol: attr(IFLA_VLAN.PROTOCOL, vlanProtocol),
});

/** One priority mapping of a vlan. */
export interface VlanQosMapping {
  readonly from: number;
  readonly to: number;
}

/** Options of a vlan (`ip link add link DEV name NAME type vlan id ID ...`). */
export interface VlanOptions {
  /** The parent device (`link DEV`). */
  readonly link: InterfaceRef;
  /** VLAN id, 0..4094 (`id`). */
  readonly id: number;
  /** Tag protocol (`protocol`): `802.1Q` (the kernel default) or `802.1ad`. */
  readonly protocol?: VlanProtocol;
  /** Reorder the Ethernet header (`reorder_hdr on|off`; the kernel default is on). */
  readonly reorderHdr?: boolean;
  /** GARP VLAN registration (`gvrp on|off`). */
  readonly gvrp?: boolean;
  /** MRP VLAN registration (`mvrp on|off`). */
  readonly mvrp?: boolean;
  /** Do not follow the parent's operational state (`loose_binding on|off`). */
  readonly looseBinding?: boolean;
  /** Follow only the bridge ports' VLAN state (`bridge_binding on|off`). */
  readonly bridgeBinding?: boolean;
  /** Received 802.1p priority (0..7) to skb priority (`ingress-qos-map FROM:TO ...`). */
  readonly ingressQos?: readonly VlanQosMapping[];
  /** skb priority to sent 802.1p priority (0..7) (`egress-qos-map FROM:TO ...`). */
  readonly egressQos?: readonly VlanQosMapping[];
}

declare module '../kind.js' {
  interface LinkKindMap {
    vlan: VlanOptions;
  }
}

const FLAG_OPTIONS = [
  ['reorderHdr', VLAN_FLAG.REORDER_HDR],
  ['gvrp', VLAN_FLAG.GVRP],
  ['looseBinding', VLAN_FLAG.LOOSE_BINDING],
  ['mvrp', VLAN_FLAG.MVRP],
  ['bridgeBinding', VLAN_FLAG.BRIDGE_BINDING],
] as const;

function vlanFlagsOf(o: VlanOptions): { flags: number; mask: number } | undefined {
  const bits = maskedBits(o, FLAG_OPTIONS, 'vlan');
  return bits && { flags: bits.value, mask: bits.mask };
}

function qos(list: readonly VlanQosMapping[] | undefined, where: string, priority: 'from' | 'to') {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new InvalidArgumentError(where, 'expected a list of { from, to } mappings');
  for (const [i, m] of list.entries()) {
    checkRange(m?.[priority], 0, 7, `${where}[${i}].${priority}`);
  }
  return { mapping: list };
}

/** The vlan kind. */
export const vlan = defineStackedKind('vlan', vlanAttrs, (o: VlanOptions) => {
  if (o.id === undefined) throw new InvalidArgumentError('vlan.id', 'a VLAN id is required');
  checkRange(o.id, 0, 4094, 'vlan.id');
  return {
    id: o.id,
    protocol: o.protocol,
    flags: vlanFlagsOf(o),
    ingressQos: qos(o.ingressQos, 'vlan.ingressQos', 'from'),
    egressQos: qos(o.egressQos, 'vlan.egressQos', 'to'),
  };
});

/** The vlan attributes of `link`, or `undefined` when it is not a vlan. */
export function vlanData(link: Link) {
  return kindDataOf(link, ['vlan'], vlanAttrs);
}

/** The {@link VLAN_FLAG} bits of `flags` as options (`{ reorderHdr: true, gvrp: false, ... }`). */
export function vlanFlagOptions(flags: number): Pick<VlanOptions, (typeof FLAG_OPTIONS)[number][0]> {
  return Object.fromEntries(FLAG_OPTIONS.map(([key, bit]) => [key, (flags & bit) !== 0]));
}
