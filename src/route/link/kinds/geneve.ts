/**
 * `geneve`: Generic Network Virtualization Encapsulation (RFC 8926) over UDP
 * (`ip link add NAME type geneve id VNI remote ADDR ...`).
 *
 * @module
 */

import { InvalidArgumentError } from '../../../errors.js';
import { parseIp } from '../../../schema/address.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { be16, be32, flag, ipv4, ipv6, u8, u32 } from '../../../schema/codec.js';
import { defineLinkKind, type KindContribution } from '../kind.js';
import type { Link } from '../link.js';
import { bool8, enumCodec, kindDataOf, validate } from './codecs.js';
import {
  checkUint,
  type DataOf,
  hasOptions,
  optionKeys,
  type TunnelTos,
  type TunnelTtl,
  tosValue,
  ttlValue,
} from './tunnel.js';

/** `GENEVE_DF_*`: how the DF bit of the outer header is set. */
export const GENEVE_DF = { unset: 0, set: 1, inherit: 2 } as const;

/** `IFLA_GENEVE_*` attributes (the kernel's `linkinfo-geneve-attrs`). */
export const geneveAttrs = attrSet('linkinfo-geneve', {
  /** Virtual network identifier (24 bits). */
  id: attr(1, u32),
  /** IPv4 remote endpoint. */
  remote: attr(2, ipv4),
  /** TTL of the outer header; 0 with `ttlInherit` inherits. */
  ttl: attr(3, u8),
  /** TOS of the outer header; 1 inherits. */
  tos: attr(4, u8),
  /** UDP destination port. */
  port: attr(5, be16),
  /** Flow-based device (`external`). */
  collectMetadata: attr(6, flag),
  /** IPv6 remote endpoint. */
  remote6: attr(7, ipv6),
  /** UDP checksums over IPv4. */
  udpCsum: attr(8, bool8),
  /** Send zero UDP checksums over IPv6. */
  udpZeroCsum6Tx: attr(9, bool8),
  /** Accept zero UDP checksums over IPv6. */
  udpZeroCsum6Rx: attr(10, bool8),
  /** IPv6 flow label (20 bits). */
  label: attr(11, be32),
  /** Inherit the TTL of the inner packet. */
  ttlInherit: attr(12, bool8),
  /** DF of the outer header ({@link GENEVE_DF} names). */
  df: attr(13, enumCodec(u8, GENEVE_DF)),
  /** Carry the inner protocol in the header (no Ethernet): layer-3 device. */
  innerProtoInherit: attr(14, flag),
});

/** Options of `geneve` devices. */
export interface GeneveOptions {
  /** Virtual network identifier (`id`), 0 to 0xffffff. Required unless `external`. */
  readonly id?: number;
  /** Remote endpoint, IPv4 or IPv6, not multicast. Required unless `external`. */
  readonly remote?: string;
  /** TTL or hop limit of the outer header: 0 to 255 (0: the route's), or `'inherit'` (the inner packet's). */
  readonly ttl?: TunnelTtl;
  /** TOS of the outer header, or `'inherit'`. Default 0. */
  readonly tos?: TunnelTos;
  /** IPv6 flow label of the outer header (`flowlabel`), 0 to 0xfffff. Default 0. */
  readonly flowLabel?: number;
  /** UDP destination port (`dstport`); absent: the kernel's 6081. */
  readonly port?: number;
  /** A flow-based device (`external`): id and remote come from each packet's metadata. Excludes `id`. */
  readonly external?: boolean;
  /** UDP checksums over IPv4 (`[no]udpcsum`). */
  readonly udpCsum?: boolean;
  /** Send zero UDP checksums over IPv6 (`[no]udp6zerocsumtx`). */
  readonly udp6ZeroCsumTx?: boolean;
  /** Accept zero UDP checksums over IPv6 (`[no]udp6zerocsumrx`). */
  readonly udp6ZeroCsumRx?: boolean;
  /** DF bit of the outer header (`df`). */
  readonly df?: keyof typeof GENEVE_DF;
  /** Carry layer 3 packets with their protocol in the header instead of Ethernet (`innerprotoinherit`). */
  readonly innerProtoInherit?: boolean;
}

declare module '../kind.js' {
  interface LinkKindMap {
    geneve: GeneveOptions;
  }
}

const geneveKeys = optionKeys<GeneveOptions>({
  id: true,
  remote: true,
  ttl: true,
  tos: true,
  flowLabel: true,
  port: true,
  external: true,
  udpCsum: true,
  udp6ZeroCsumTx: true,
  udp6ZeroCsumRx: true,
  df: true,
  innerProtoInherit: true,
});

type GeneveData = Partial<DataOf<typeof geneveAttrs>>;

function remoteAttr(remote: string): GeneveData {
  const bytes = parseIp(remote, 'remote');
  const multicast = bytes.length === 4 ? (bytes[0] ?? 0) >>> 4 === 0xe : bytes[0] === 0xff;
  if (multicast) throw new InvalidArgumentError('remote', `${remote} is a multicast address`);
  return bytes.length === 4 ? { remote } : { remote6: remote };
}

const codec = nest(geneveAttrs);

/** The `geneve` kind. */
export const geneve = defineLinkKind<GeneveOptions>({
  kind: 'geneve',
  data: codec,
  build(o): KindContribution {
    if (!hasOptions(o, geneveKeys)) return {};
    if (o.external && o.id !== undefined) throw new InvalidArgumentError('id', 'an external device takes no id');
    if (!o.external && o.id === undefined) throw new InvalidArgumentError('id', 'required (or external: true)');
    if (!o.external && o.remote === undefined) throw new InvalidArgumentError('remote', 'required (or external: true)');
    const data: GeneveData = {
      id: checkUint(o.id ?? 0, 0xffffff, 'id'),
      label: checkUint(o.flowLabel ?? 0, 0xfffff, 'flowLabel'),
      ttl: o.ttl === undefined ? 0 : ttlValue(o.ttl),
      tos: o.tos === undefined ? 0 : tosValue(o.tos),
    };
    if (o.remote !== undefined) Object.assign(data, remoteAttr(o.remote));
    if (o.ttl === 'inherit') data.ttlInherit = true;
    if (o.df !== undefined) data.df = o.df;
    if (o.port) data.port = o.port;
    if (o.external) data.collectMetadata = true;
    if (o.innerProtoInherit) data.innerProtoInherit = true;
    if (o.udpCsum !== undefined) data.udpCsum = o.udpCsum;
    if (o.udp6ZeroCsumTx !== undefined) data.udpZeroCsum6Tx = o.udp6ZeroCsumTx;
    if (o.udp6ZeroCsumRx !== undefined) data.udpZeroCsum6Rx = o.udp6ZeroCsumRx;
    validate(codec, data, 'data');
    return { data };
  },
});

/** The Geneve attributes of `link`, or `undefined` when it is not a `geneve` device. */
export function geneveData(link: Link) {
  return kindDataOf(link, ['geneve'], geneveAttrs);
}
