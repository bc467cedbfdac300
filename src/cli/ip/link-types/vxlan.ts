/**
 * `vxlan`: arguments and `-d` output as iproute2 6.1's `iplink_vxlan.c`.
 *
 * @module
 */

import type { VxlanOptions, vxlanAttrs } from '../../../route/link/kinds/vxlan.js';
import { isMulticastIp } from '../../../schema/address.js';
import type { Decoded } from '../../../schema/attrs.js';
import { CliError, getU16, getU32, invarg } from '../../common/args.js';
import type { Output } from '../../common/output.js';
import { type KindOption, type KindSyntax, once, pair, parseKindArgs, toggle, valued, withoutSeen } from './options.js';
import type { KindPrintContext, LinkTypeCli } from './types.js';
import { parseDf, parseEndpoint, parseFlowLabel, parseTos, parseTtl, parseVni } from './values.js';

type VxlanData = Decoded<(typeof vxlanAttrs)['fields']>;
type V = VxlanOptions;

const SYNTAX: KindSyntax = {
  kind: 'vxlan',
  usage:
    'Usage: ... vxlan id VNI\n' +
    '\t\t[ { group | remote } IP_ADDRESS ]\n' +
    '\t\t[ local ADDR ]\n' +
    '\t\t[ ttl TTL ]\n' +
    '\t\t[ tos TOS ]\n' +
    '\t\t[ df DF ]\n' +
    '\t\t[ flowlabel LABEL ]\n' +
    '\t\t[ dev PHYS_DEV ]\n' +
    '\t\t[ dstport PORT ]\n' +
    '\t\t[ srcport MIN MAX ]\n' +
    '\t\t[ [no]learning ]\n' +
    '\t\t[ [no]proxy ]\n' +
    '\t\t[ [no]rsc ]\n' +
    '\t\t[ [no]l2miss ]\n' +
    '\t\t[ [no]l3miss ]\n' +
    '\t\t[ ageing SECONDS ]\n' +
    '\t\t[ maxaddress NUMBER ]\n' +
    '\t\t[ [no]udpcsum ]\n' +
    '\t\t[ [no]udp6zerocsumtx ]\n' +
    '\t\t[ [no]udp6zerocsumrx ]\n' +
    '\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n' +
    '\t\t[ [no]external ] [ gbp ] [ gpe ]\n' +
    '\t\t[ [no]vnifilter ]\n' +
    '\n' +
    'Where:\tVNI\t:= 0-16777215\n' +
    '\tADDR\t:= { IP_ADDRESS | any }\n' +
    '\tTOS\t:= { NUMBER | inherit }\n' +
    '\tTTL\t:= { 1..255 | auto | inherit }\n' +
    '\tDF\t:= { unset | set | inherit }\n' +
    '\tLABEL := 0-1048575\n',
};

/** `group` or `remote`: the peer, multicast or not; one excludes the other. */
function peer(word: 'group' | 'remote'): KindOption<V> {
  return {
    word,
    apply(args, o) {
      if ((word === 'group' ? o.remote : o.mcastGroup) !== undefined) {
        throw new CliError('vxlan: both group and remote cannot be specified\n', 1);
      }
      const text = args.take();
      once(o, 'group', word, text);
      if (word === 'group') o.mcastGroup = parseEndpoint(text, 'group', true);
      else o.remote = parseEndpoint(text, 'remote', false);
    },
  };
}

const OPTIONS: readonly KindOption<V>[] = [
  ...valued<V>(['id', 'vni'], 'id', 'id', (text, o) => {
    o.id = parseVni(text);
  }),
  peer('group'),
  peer('remote'),
  ...valued<V>(['local'], 'local', 'local', (text, o) => {
    o.local = parseEndpoint(text, 'local', false);
  }),
  {
    word: 'dev',
    async apply(args, o, ctx) {
      const text = args.take();
      once(o, 'link', 'dev', text);
      const index = await ctx.index(text);
      if (!index) throw new CliError(`Cannot find device "${text}"\n`);
      o.dev = index;
    },
  },
  ...valued<V>(['ttl', 'hoplimit'], 'ttl', 'ttl', (text, o) => {
    const ttl = parseTtl(text);
    o.ttl = ttl === 0 ? 'auto' : ttl;
  }),
  ...valued<V>(['tos', 'dsfield'], 'tos', 'tos', (text, o) => {
    o.tos = parseTos(text);
  }),
  ...valued<V>(['df'], 'df', 'df', (text, o) => {
    o.df = parseDf(text);
  }),
  ...valued<V>(['label', 'flowlabel'], 'label', 'flowlabel', (text, o) => {
    o.label = parseFlowLabel(text);
  }),
  ...valued<V>(['ageing'], 'ageing', 'ageing', (text, o) => {
    const age = text === 'none' ? 0 : getU32(text);
    if (age === undefined) throw invarg('ageing timer', text);
    o.ageing = age;
  }),
  ...valued<V>(['maxaddress'], 'limit', 'maxaddress', (text, o) => {
    const limit = text === 'unlimited' ? 0 : getU32(text);
    if (limit === undefined) throw invarg('max addresses', text);
    o.limit = limit;
  }),
  ...['port', 'srcport'].map(
    (word): KindOption<V> => ({
      word,
      apply(args, o) {
        const lowText = args.take();
        once(o, 'port_range', 'srcport', lowText);
        const low = getU16(lowText);
        if (low === undefined) throw invarg('min port', lowText);
        const highText = args.take();
        const high = getU16(highText);
        if (high === undefined) throw invarg('max port', highText);
        if (low || high) o.portRange = { low, high };
      },
    }),
  ),
  ...valued<V>(['dstport'], 'port', 'dstport', (text, o) => {
    const port = getU16(text);
    if (port === undefined) throw invarg('dst port', text);
    o.port = port;
  }),
  ...pair<V>('learning', 'learning', 'learning'),
  ...pair<V>('proxy', 'proxy', 'proxy'),
  ...pair<V>('rsc', 'rsc', 'rsc'),
  ...pair<V>('l2miss', 'l2miss', 'l2miss'),
  ...pair<V>('l3miss', 'l3miss', 'l3miss'),
  ...pair<V>('udpcsum', 'udp_csum', 'udpCsum', true),
  ...pair<V>('udp6zerocsumtx', 'udp_zero_csum6_tx', 'udpZeroCsum6Tx', true),
  ...pair<V>('udp6zerocsumrx', 'udp_zero_csum6_rx', 'udpZeroCsum6Rx', true),
  ...pair<V>('remcsumtx', 'remcsum_tx', 'remcsumTx', true),
  ...pair<V>('remcsumrx', 'remcsum_rx', 'remcsumRx', true),
  ...pair<V>('external', 'collect_metadata', 'external', true),
  toggle<V>('gbp', 'gbp', (o) => {
    o.gbp = true;
  }),
  toggle<V>('gpe', 'gpe', (o) => {
    o.gpe = true;
  }),
  toggle<V>(
    'vnifilter',
    'vnifilter',
    (o) => {
      o.vnifilter = true;
    },
    true,
  ),
  toggle<V>(
    'novnifilter',
    'vnifilter',
    (o) => {
      o.vnifilter = false;
    },
    true,
  ),
];

const NO_DSTPORT_WARNING =
  'vxlan: destination port not specified\n' +
  'Will use Linux kernel default (non-standard value)\n' +
  "Use 'dstport 4789' to get the IANA assigned value\n" +
  "Use 'dstport 0' to get default and quiet this message\n";

/** `vxlan`. */
export const vxlan: LinkTypeCli = {
  kind: 'vxlan',
  async parse(args, ctx): Promise<V> {
    if (!ctx.create) throw new CliError('nlink-ip cannot change the vxlan options of an existing device.\n', 1);
    const options = withoutSeen(await parseKindArgs(args, SYNTAX, OPTIONS, ctx));
    const external = options.external === true;
    if (!external && options.vnifilter) {
      throw new CliError("vxlan: vnifilter is valid only when 'external' is set\n", 1);
    }
    if (external && options.id !== undefined) {
      throw new CliError("vxlan: both 'external' and vni cannot be specified\n", 1);
    }
    if (!external && !options.vnifilter && options.id === undefined) {
      throw new CliError('vxlan: missing virtual network identifier\n', 1);
    }
    if (options.mcastGroup !== undefined && options.dev === undefined) {
      throw new CliError("vxlan: 'group' requires 'dev' to be specified\n", 1);
    }
    if (options.port === undefined && options.gpe) options.port = 4790;
    else if (options.port === undefined) ctx.warn(NO_DSTPORT_WARNING);
    return options;
  },
  print: printVxlan,
  indexes: (data) => {
    const link = (data as VxlanData).link;
    return link ? [link] : [];
  },
};

function printAddress(out: Output, address: string | undefined, unspecified: string, keys: [string, string, string]) {
  if (address === undefined || address === unspecified) return;
  const [multicast, unicast, word] = keys;
  if (isMulticastIp(address)) out.string('any', multicast, 'group %s ', address);
  else out.string('any', unicast, `${word} %s `, address);
}

function printCsum(out: Output, key: string, word: string, value: boolean | undefined): void {
  if (value === undefined) return;
  if (out.json) out.bool('any', key, null, value);
  else out.text(`${value ? '' : 'no'}${word} `);
}

function printVxlan(out: Output, data: unknown, ctx: KindPrintContext): void {
  const d = data as VxlanData;
  if (d.collectMetadata) out.bool('any', 'external', 'external ', true);
  if (d.vnifilter) out.bool('any', 'vnifilter', 'vnifilter', true);
  if (d.id !== undefined) out.uint('any', 'id', 'id %u ', d.id);
  if (d.group !== undefined) printAddress(out, d.group, '0.0.0.0', ['group', 'remote', 'remote']);
  else printAddress(out, d.group6, '::', ['group6', 'remote6', 'remote']);
  if (d.local !== undefined) {
    if (d.local !== '0.0.0.0') out.string('any', 'local', 'local %s ', d.local);
  } else if (d.local6 !== undefined && d.local6 !== '::') {
    out.string('any', 'local6', 'local %s ', d.local6);
  }
  if (d.link) out.string('any', 'link', 'dev %s ', ctx.linkName(d.link));
  if (d.portRange !== undefined) {
    if (out.json) {
      out.openObject('port_range');
      out.uint('json', 'low', null, d.portRange.low);
      out.uint('json', 'high', null, d.portRange.high);
      out.closeObject();
    } else {
      out.text('srcport %u %u ', d.portRange.low, d.portRange.high);
    }
  }
  if (d.port !== undefined) out.uint('any', 'port', 'dstport %u ', d.port);
  if (d.learning !== undefined) {
    out.bool('json', 'learning', null, d.learning);
    if (!d.learning) out.bool('fp', null, 'nolearning ', true);
  }
  if (d.proxy) out.bool('any', 'proxy', 'proxy ', true);
  if (d.rsc) out.bool('any', 'rsc', 'rsc ', true);
  if (d.l2miss) out.bool('any', 'l2miss', 'l2miss ', true);
  if (d.l3miss) out.bool('any', 'l3miss', 'l3miss ', true);
  const tos = d.tos ?? 0;
  if (tos) {
    if (out.json || tos !== 1) out.hex0x('any', 'tos', 'tos %#llx ', tos);
    else out.string('fp', null, 'tos %s ', 'inherit');
  }
  if (d.ttlInherit) {
    out.string('fp', null, 'ttl %s ', 'inherit');
  } else if (d.ttl !== undefined) {
    if (out.json || d.ttl) out.uint('any', 'ttl', 'ttl %u ', d.ttl);
    else out.string('fp', null, 'ttl %s ', 'auto');
  }
  if (d.df === 'unset') out.string('json', 'df', 'df %s ', 'unset');
  else if (d.df === 'set' || d.df === 'inherit') out.string('any', 'df', 'df %s ', d.df);
  if (d.label) out.hex0x('any', 'label', 'flowlabel %#llx ', d.label);
  if (d.ageing !== undefined) {
    if (d.ageing === 0) out.uint('any', 'ageing', 'ageing none ', 0);
    else out.uint('any', 'ageing', 'ageing %u ', d.ageing);
  }
  if (d.limit) out.uint('any', 'limit', 'maxaddr %u ', d.limit);
  printCsum(out, 'udp_csum', 'udpcsum', d.udpCsum);
  printCsum(out, 'udp_zero_csum6_tx', 'udp6zerocsumtx', d.udpZeroCsum6Tx);
  printCsum(out, 'udp_zero_csum6_rx', 'udp6zerocsumrx', d.udpZeroCsum6Rx);
  if (d.remcsumTx) out.bool('any', 'remcsum_tx', 'remcsumtx ', true);
  if (d.remcsumRx) out.bool('any', 'remcsum_rx', 'remcsumrx ', true);
  if (d.gbp) out.bool('any', 'gbp', 'gbp ', true);
  if (d.gpe) out.bool('any', 'gpe', 'gpe ', true);
}
