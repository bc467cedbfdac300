/**
 * UDP tunnels besides vxlan: `geneve` (iplink_geneve.c) and `bareudp`
 * (iplink_bareudp.c), as iproute2 6.1 parses their arguments.
 *
 * @module
 */

import type { BAREUDP_ETHERTYPE, BareudpOptions } from '../../../route/link/kinds/bareudp.js';
import type { GeneveOptions } from '../../../route/link/kinds/geneve.js';
import { CliError, getU16, invarg } from '../../common/args.js';
import { type KindOption, pair, parseKindArgs, SEEN, toggle, valued, withoutSeen } from './options.js';
import type { LinkTypeCli } from './types.js';
import { parseDf, parseEndpoint, parseFlowLabel, parseTos, parseTtl, parseVni } from './values.js';

type G = GeneveOptions;

const GENEVE_USAGE =
  'Usage: ... geneve id VNI\n' +
  '\t\tremote ADDR\n' +
  '\t\t[ ttl TTL ]\n' +
  '\t\t[ tos TOS ]\n' +
  '\t\t[ df DF ]\n' +
  '\t\t[ flowlabel LABEL ]\n' +
  '\t\t[ dstport PORT ]\n' +
  '\t\t[ [no]external ]\n' +
  '\t\t[ [no]udpcsum ]\n' +
  '\t\t[ [no]udp6zerocsumtx ]\n' +
  '\t\t[ [no]udp6zerocsumrx ]\n' +
  '\t\t[ innerprotoinherit ]\n' +
  '\n' +
  'Where:\tVNI   := 0-16777215\n' +
  '\tADDR  := IP_ADDRESS\n' +
  '\tTOS   := { NUMBER | inherit }\n' +
  '\tTTL   := { 1..255 | auto | inherit }\n' +
  '\tDF    := { unset | set | inherit }\n' +
  '\tLABEL := 0-1048575\n';

const GENEVE_OPTIONS: readonly KindOption<G>[] = [
  ...valued<G>(['id', 'vni'], 'id', 'id', (text, o) => {
    o.id = parseVni(text);
  }),
  ...valued<G>(['remote'], 'remote', 'remote', (text, o) => {
    o.remote = parseEndpoint(text, 'remote', false);
  }),
  ...valued<G>(['ttl', 'hoplimit'], 'ttl', 'ttl', (text, o) => {
    const ttl = parseTtl(text);
    o.ttl = ttl === 'auto' ? 0 : ttl;
  }),
  ...valued<G>(['tos', 'dsfield'], 'tos', 'tos', (text, o) => {
    o.tos = parseTos(text);
  }),
  ...valued<G>(['df'], 'df', 'df', (text, o) => {
    o.df = parseDf(text);
  }),
  ...valued<G>(['label', 'flowlabel'], 'label', 'flowlabel', (text, o) => {
    o.flowLabel = parseFlowLabel(text);
  }),
  ...valued<G>(['dstport'], 'port', 'dstport', (text, o) => {
    const port = getU16(text);
    if (port === undefined) throw invarg('dstport', text);
    o.port = port;
  }),
  ...pair<G>('external', 'collect_metadata', 'external', true),
  ...pair<G>('udpcsum', 'udp_csum', 'udpCsum', true),
  ...pair<G>('udp6zerocsumtx', 'udp_zero_csum6_tx', 'udp6ZeroCsumTx', true),
  ...pair<G>('udp6zerocsumrx', 'udp_zero_csum6_rx', 'udp6ZeroCsumRx', true),
  toggle<G>(
    'innerprotoinherit',
    'inner_proto_inherit',
    (o) => {
      o.innerProtoInherit = true;
    },
    true,
  ),
];

/** `geneve`. */
export const geneve: LinkTypeCli = {
  kind: 'geneve',
  async parse(args, ctx): Promise<G> {
    const bag = await parseKindArgs(args, { kind: 'geneve', usage: GENEVE_USAGE }, GENEVE_OPTIONS, ctx);
    const o = withoutSeen(bag);
    if (o.external && o.id !== undefined) {
      throw new CliError("geneve: both 'external' and vni cannot be specified\n", 1);
    }
    if (!o.external) {
      if (o.id === undefined) throw new CliError('geneve: missing virtual network identifier\n', 1);
      if (ctx.create && o.remote === undefined) {
        throw new CliError('geneve: remote link partner not specified\n', 1);
      }
    }
    if (!ctx.create) throw new CliError('nlink-ip cannot change the geneve options of an existing device.\n', 1);
    return o;
  },
};

type B = BareudpOptions;

const BAREUDP_USAGE =
  'Usage: ... bareudp dstport PORT\n' +
  '\t\tethertype PROTO\n' +
  '\t\t[ srcportmin PORT ]\n' +
  '\t\t[ [no]multiproto ]\n' +
  '\n' +
  'Where:\tPORT  := UDP_PORT\n' +
  '\tPROTO := ETHERTYPE\n' +
  '\n' +
  'Note: ETHERTYPE can be given as number or as protocol name ("ipv4", "ipv6",\n' +
  '      "mpls_uc", etc.).\n';

/** Ethertype names of iproute2's `ll_proto` table that a bareudp tunnel can carry. */
const ETHERTYPES: Readonly<Record<string, keyof typeof BAREUDP_ETHERTYPE>> = {
  ip: 'ipv4',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  mpls_uc: 'mpls_uc',
  mpls_mc: 'mpls_mc',
};

const BAREUDP_OPTIONS: readonly KindOption<B>[] = [
  ...valued<B>(['dstport'], 'port', 'dstport', (text, o) => {
    const port = getU16(text);
    if (port === undefined) throw invarg('dstport', text);
    o.port = port;
  }),
  ...valued<B>(['ethertype'], 'ethertype', 'ethertype', (text, o) => {
    const name = Object.entries(ETHERTYPES).find(([n]) => n.toLowerCase() === text.toLowerCase())?.[1];
    const number = name === undefined ? getU16(text) : undefined;
    const ethertype = name ?? number;
    if (ethertype === undefined) throw invarg('ethertype', text);
    o.ethertype = ethertype;
  }),
  ...valued<B>(['srcportmin'], 'srcport_min', 'srcportmin', (text, o) => {
    const port = getU16(text);
    if (port === undefined) throw invarg('srcportmin', text);
    o.srcportMin = port;
  }),
  ...pair<B>('multiproto', 'multiproto_mode', 'multiproto', true),
];

/** `bareudp`. */
export const bareudp: LinkTypeCli = {
  kind: 'bareudp',
  async parse(args, ctx): Promise<B> {
    const bag = await parseKindArgs(args, { kind: 'bareudp', usage: BAREUDP_USAGE }, BAREUDP_OPTIONS, ctx);
    const seen = bag[SEEN] ?? new Set<string>();
    if (!seen.has('port')) throw new CliError('Error: argument "dstport" is required\n');
    if (!seen.has('ethertype')) throw new CliError('Error: argument "ethertype" is required\n');
    const o = withoutSeen(bag);
    if (o.port === undefined || o.ethertype === undefined) throw new CliError('bareudp: missing arguments\n');
    return { ...o, port: o.port, ethertype: o.ethertype };
  },
};
