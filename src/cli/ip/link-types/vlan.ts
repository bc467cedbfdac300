/**
 * `vlan`: arguments and `-d` output as iproute2 6.1's `iplink_vlan.c`. The
 * parent is the common `link DEV` argument.
 *
 * @module
 */

import type { VlanOptions, VlanQosMapping, vlanAttrs } from '../../../route/link/kinds/vlan.js';
import type { Decoded } from '../../../schema/attrs.js';
import { type Args, CliError, getU16, getU32, invarg, onOffError } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import { type KindOption, type KindSyntax, numberOption, parseKindArgs } from './options.js';
import type { KindPrintContext, LinkTypeCli } from './types.js';
import { parseVlanProtocol } from './values.js';

type VlanData = Decoded<(typeof vlanAttrs)['fields']>;
type V = VlanOptions;

const SYNTAX: KindSyntax = {
  kind: 'vlan',
  usage:
    'Usage: ... vlan id VLANID\n' +
    '\t\t[ protocol VLANPROTO ]\n' +
    '\t\t[ reorder_hdr { on | off } ]\n' +
    '\t\t[ gvrp { on | off } ]\n' +
    '\t\t[ mvrp { on | off } ]\n' +
    '\t\t[ loose_binding { on | off } ]\n' +
    '\t\t[ bridge_binding { on | off } ]\n' +
    '\t\t[ ingress-qos-map QOS-MAP ]\n' +
    '\t\t[ egress-qos-map QOS-MAP ]\n' +
    '\n' +
    'VLANID := 0-4095\n' +
    'VLANPROTO: [ 802.1Q | 802.1ad ]\n' +
    'QOS-MAP := [ QOS-MAP ] QOS-MAPPING\n' +
    'QOS-MAPPING := FROM:TO\n',
};

/** A flag taking exactly `on` or `off` (iproute2's `on_off`, exit 1). */
function strictOnOff(word: string, option: keyof V): KindOption<V> {
  return {
    word,
    apply(args, o) {
      const v = args.take();
      if (v !== 'on' && v !== 'off') throw onOffError(word, v);
      (o as Record<keyof V, unknown>)[option] = v === 'on';
    },
  };
}

/** `FROM:TO ...` up to the first word without a colon (`parse_mapping`). */
function qosMap(args: Args, word: string): VlanQosMapping[] {
  const out: VlanQosMapping[] = [];
  for (let w = args.peek(); w?.includes(':'); w = args.peek()) {
    const [fromText = '', toText = ''] = w.split(/:(.*)/s);
    const from = getU32(fromText);
    const to = getU32(toText);
    if (from === undefined || to === undefined) throw invarg(`invalid ${word}`, w);
    out.push({ from, to });
    args.take();
  }
  return out;
}

const OPTIONS: readonly KindOption<V>[] = [
  {
    word: 'protocol',
    apply(args, o) {
      o.protocol = parseVlanProtocol(args.take(), 'protocol is invalid');
    },
  },
  numberOption<V, number>('id', 'id', getU16, 'id is invalid'),
  strictOnOff('reorder_hdr', 'reorderHdr'),
  strictOnOff('gvrp', 'gvrp'),
  strictOnOff('mvrp', 'mvrp'),
  strictOnOff('loose_binding', 'looseBinding'),
  strictOnOff('bridge_binding', 'bridgeBinding'),
  {
    word: 'ingress-qos-map',
    apply(args, o) {
      if (args.done) args.take();
      o.ingressQos = [...(o.ingressQos ?? []), ...qosMap(args, 'ingress-qos-map')];
    },
  },
  {
    word: 'egress-qos-map',
    apply(args, o) {
      if (args.done) args.take();
      o.egressQos = [...(o.egressQos ?? []), ...qosMap(args, 'egress-qos-map')];
    },
  },
];

function printQos(out: Output, key: string, word: string, mappings: readonly VlanQosMapping[] | undefined): void {
  if (mappings === undefined) return;
  out.openArray('json', key);
  out.nl();
  out.string('fp', null, '      %s { ', word);
  for (const m of mappings) {
    out.openObject();
    out.uint('json', 'from', null, m.from);
    out.uint('json', 'to', null, m.to);
    out.closeObject();
    out.text('%u:%u ', m.from, m.to);
  }
  out.closeArray('json', '');
  out.string('fp', null, '%s ', '}');
}

/** `VLAN_FLAG_*` in the order iproute2 prints them. */
const FLAG_BITS: readonly [string, number][] = [
  ['REORDER_HDR', 0x1],
  ['GVRP', 0x2],
  ['MVRP', 0x8],
  ['LOOSE_BINDING', 0x4],
  ['BRIDGE_BINDING', 0x10],
];

function printVlan(out: Output, data: unknown, _ctx: KindPrintContext): void {
  const d = data as VlanData;
  if (d.id === undefined) return;
  const proto = d.protocol === undefined ? '802.1q' : typeof d.protocol === 'string' ? d.protocol : `[${d.protocol}]`;
  out.string('any', 'protocol', 'protocol %s ', proto);
  out.uint('any', 'id', 'id %u ', d.id);
  if (d.flags !== undefined) {
    let flags = d.flags.flags >>> 0;
    out.openArray('any', out.json ? 'flags' : '<');
    for (const [name, bit] of FLAG_BITS) {
      if (flags & bit) {
        flags &= ~bit;
        out.string('any', null, flags ? '%s,' : '%s', name);
      }
    }
    if (flags) out.hex('any', null, '%x', flags);
    out.closeArray('any', '> ');
  }
  printQos(out, 'ingress_qos', 'ingress-qos-map', d.ingressQos?.mapping);
  printQos(out, 'egress_qos', 'egress-qos-map', d.egressQos?.mapping);
}

/** `vlan`. */
export const vlan: LinkTypeCli = {
  kind: 'vlan',
  async parse(args, ctx): Promise<V> {
    const o = await parseKindArgs(args, SYNTAX, OPTIONS, ctx);
    if (ctx.link === undefined) throw new CliError('vlan: the parent device is required ("link DEV").\n', 1);
    if (o.id === undefined) throw new CliError('vlan: "id" is required by nlink-ip.\n', 1);
    return { ...o, link: ctx.link, id: o.id };
  },
  print: printVlan,
};
