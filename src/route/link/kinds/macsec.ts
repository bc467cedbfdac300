/**
 * `macsec`: an IEEE 802.1AE MACsec device on top of an Ethernet device
 * (`ip link add link ETH name NAME type macsec port 1 encrypt on ...`).
 * Keys and secure associations are configured over the `macsec` generic
 * netlink family.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { DecodeError, InvalidArgumentError } from '../../../errors.js';
import { parseMac } from '../../../schema/address.js';
import { attr, attrSet, nest } from '../../../schema/attrs.js';
import { type AttrCodec, be16, u8, u32, u64 } from '../../../schema/codec.js';
import { defineLinkKind, type KindContribution } from '../kind.js';
import type { Link } from '../link.js';
import { bool8, checkRange, enumCodec, kindDataOf, pick, validate } from './codecs.js';
import { checkUint, type DataOf, hasOptions, optionKeys } from './tunnel.js';

/** A 64-bit big-endian number (`sci_t`) as a `bigint`. */
const be64: AttrCodec<bigint, bigint> = {
  kind: 'be64',
  decode(buf, off, len, parent, name) {
    if (len < 8) throw new DecodeError(`be64 needs 8 bytes, attribute has ${len}`, off, [...parent, name]);
    return buf.readBigUInt64BE(off);
  },
  encode(w, value, where) {
    if (typeof value !== 'bigint' || value < 0n || value > 0xffffffffffffffffn) {
      throw new InvalidArgumentError(where, `expected a 64-bit unsigned bigint, got ${String(value)}`);
    }
    const off = w.reserve(8);
    w.buf.writeBigUInt64BE(value, off);
  },
};

/** `MACSEC_VALIDATE_*`. */
export const MACSEC_VALIDATE = { disabled: 0, check: 1, strict: 2 } as const;

/** `MACSEC_OFFLOAD_*`. */
export const MACSEC_OFFLOAD = { off: 0, phy: 1, mac: 2 } as const;

/** `IFLA_MACSEC_*` attributes. */
export const macsecAttrs = attrSet('linkinfo-macsec', {
  /** Secure channel identifier: the MAC address and the port. */
  sci: attr(1, be64),
  /** Port of the SCI (with the device's MAC address). */
  port: attr(2, be16),
  /** Integrity check value length in bytes. */
  icvLen: attr(3, u8),
  /** `MACSEC_CIPHER_ID_*` ({@link MACSEC_CIPHER}). */
  cipherSuite: attr(4, u64),
  /** Replay protection window, in packets. */
  window: attr(5, u32),
  /** Association number of the transmit SA. */
  encodingSa: attr(6, u8),
  encrypt: attr(7, bool8),
  protect: attr(8, bool8),
  /** Include the SCI in every frame. */
  incSci: attr(9, bool8),
  /** End station. */
  es: attr(10, bool8),
  /** Single copy broadcast. */
  scb: attr(11, bool8),
  replayProtect: attr(12, bool8),
  /** Validation of received frames ({@link MACSEC_VALIDATE} names). */
  validation: attr(13, enumCodec(u8, MACSEC_VALIDATE)),
  /** Hardware offload ({@link MACSEC_OFFLOAD} names). */
  offload: attr(15, enumCodec(u8, MACSEC_OFFLOAD)),
});

/** `MACSEC_CIPHER_ID_*` by the names iproute2 accepts (`default` is the old `MACSEC_DEFAULT_CIPHER_ID`). */
export const MACSEC_CIPHER = {
  default: 0x0080020001000001n,
  'gcm-aes-128': 0x0080c20001000001n,
  'gcm-aes-256': 0x0080c20001000002n,
  'gcm-aes-xpn-128': 0x0080c20001000003n,
  'gcm-aes-xpn-256': 0x0080c20001000004n,
} as const;

/** Options of `macsec` links. */
export interface MacsecOptions {
  /** The Ethernet device it secures (`link`). */
  readonly link: InterfaceRef;
  /** Secure channel identifier (`sci`), 64 bits; excludes `port` and `sciAddress`. */
  readonly sci?: bigint;
  /** Port of the SCI (`port`), 1 to 65535. */
  readonly port?: number;
  /** MAC address of the SCI (iproute2's `address` after `type macsec`); needs `port`. Default: the device's. */
  readonly sciAddress?: string;
  /** Cipher suite (`cipher`). */
  readonly cipher?: keyof typeof MACSEC_CIPHER;
  /** Integrity check value length in bytes (`icvlen`), 8 to 32. */
  readonly icvLen?: number;
  /** Encrypt frames (`encrypt`), or only authenticate them. */
  readonly encrypt?: boolean;
  /** Protect frames (`protect`). */
  readonly protect?: boolean;
  /** Include the SCI in every frame (`send_sci`); excludes `endStation` and `scb`. */
  readonly sendSci?: boolean;
  /** End station (`end_station`); excludes `sendSci` and `scb`. */
  readonly endStation?: boolean;
  /** Single copy broadcast (`scb`); excludes `sendSci` and `endStation`. */
  readonly scb?: boolean;
  /** Replay protection (`replay`); `true` needs `window`. */
  readonly replayProtect?: boolean;
  /** Replay protection window, in packets (`window`); needs `replayProtect`. */
  readonly window?: number;
  /** Validation of received frames (`validate`). */
  readonly validate?: keyof typeof MACSEC_VALIDATE;
  /** Association number of the transmit SA (`encodingsa`), 0 to 3. */
  readonly encodingSa?: number;
  /** Hardware offload (`offload`). */
  readonly offload?: keyof typeof MACSEC_OFFLOAD;
}

declare module '../kind.js' {
  interface LinkKindMap {
    macsec: MacsecOptions;
  }
}

const macsecKeys = optionKeys<Omit<MacsecOptions, 'link'>>({
  sci: true,
  port: true,
  sciAddress: true,
  cipher: true,
  icvLen: true,
  encrypt: true,
  protect: true,
  sendSci: true,
  endStation: true,
  scb: true,
  replayProtect: true,
  window: true,
  validate: true,
  encodingSa: true,
  offload: true,
});

type MacsecData = Partial<DataOf<typeof macsecAttrs>>;

/** `sci` or `port` (with `sciAddress`: the SCI they make). */
function channel(o: MacsecOptions): MacsecData {
  if (o.sci !== undefined) {
    if (o.port !== undefined || o.sciAddress !== undefined) {
      throw new InvalidArgumentError('sci', 'give either sci, or port (with an optional sciAddress)');
    }
    return { sci: o.sci };
  }
  if (o.port === undefined) {
    if (o.sciAddress !== undefined) throw new InvalidArgumentError('sciAddress', 'needs port');
    return {};
  }
  const port = checkUint(o.port, 0xffff, 'port');
  if (port === 0) throw new InvalidArgumentError('port', 'must be 1 to 65535');
  if (o.sciAddress === undefined) return { port };
  const mac = parseMac(o.sciAddress, 'sciAddress');
  if (mac.length !== 6) throw new InvalidArgumentError('sciAddress', `${o.sciAddress} is not a 6-byte MAC address`);
  return { sci: (mac.reduce((n, b) => (n << 8n) | BigInt(b), 0n) << 16n) | BigInt(port) };
}

const codec = nest(macsecAttrs);

/** The `macsec` kind. */
export const macsec = defineLinkKind<MacsecOptions>({
  kind: 'macsec',
  data: codec,
  async build(o, ctx): Promise<KindContribution> {
    if (!hasOptions(o, macsecKeys)) return { attrs: { link: await ctx.index(o.link, 'link') } };
    const flags = [o.sendSci, o.endStation, o.scb].filter(Boolean).length;
    if (flags > 1) throw new InvalidArgumentError('sendSci', 'sendSci, endStation and scb exclude each other');
    if (o.window !== undefined && o.replayProtect === undefined) {
      throw new InvalidArgumentError('window', 'needs replayProtect');
    }
    if (o.replayProtect && o.window === undefined)
      throw new InvalidArgumentError('window', 'replayProtect needs a window');
    const data: MacsecData = channel(o);
    if (o.cipher !== undefined) {
      const id = Object.hasOwn(MACSEC_CIPHER, o.cipher) ? MACSEC_CIPHER[o.cipher] : undefined;
      if (id === undefined) {
        throw new InvalidArgumentError('cipher', `expected one of ${Object.keys(MACSEC_CIPHER).join(', ')}`);
      }
      data.cipherSuite = id;
    }
    checkRange(o.icvLen, 8, 32, 'icvLen');
    checkRange(o.encodingSa, 0, 3, 'encodingSa');
    Object.assign(
      data,
      pick(o, ['icvLen', 'encrypt', 'protect', 'scb', 'replayProtect', 'window', 'encodingSa', 'offload']),
    );
    if (o.sendSci !== undefined) data.incSci = o.sendSci;
    if (o.endStation !== undefined) data.es = o.endStation;
    if (o.validate !== undefined) data.validation = o.validate;
    validate(codec, data, 'data');
    const link = await ctx.index(o.link, 'link');
    return { attrs: { link }, data };
  },
});

/** The MACsec attributes of `link`, or `undefined` when it is not a `macsec` device. */
export function macsecData(link: Link) {
  return kindDataOf(link, ['macsec'], macsecAttrs);
}
