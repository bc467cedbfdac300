/**
 * `macsec`: the arguments of `ip link add link DEV NAME type macsec ...`
 * as iproute2 6.1's `ipmacsec.c` parses them. The device it secures is the
 * common `link DEV` argument.
 *
 * @module
 */

import type { MACSEC_CIPHER, MacsecOptions } from '../../../route/link/kinds/macsec.js';
import {
  type Args,
  CliError,
  duparg,
  duparg2,
  getU8,
  getU16,
  getU32,
  getU64,
  invarg,
  parseOneOf,
  parseOnOff,
} from '../../common/args.js';
import { parseLladdr } from '../link-args.js';
import { type KindOption, parseKindArgs } from './options.js';
import type { LinkTypeCli } from './types.js';

type M = MacsecOptions;

const USAGE =
  'Usage: ... macsec [ [ address <lladdr> ] port { 1..2^16-1 } | sci <u64> ]\n' +
  '                  [ cipher { default | gcm-aes-128 | gcm-aes-256 | gcm-aes-xpn-128 | gcm-aes-xpn-256 } ]\n' +
  '                  [ icvlen { 8..16 } ]\n' +
  '                  [ encrypt { on | off } ]\n' +
  '                  [ send_sci { on | off } ]\n' +
  '                  [ end_station { on | off } ]\n' +
  '                  [ scb { on | off } ]\n' +
  '                  [ protect { on | off } ]\n' +
  '                  [ replay { on | off} window { 0..2^32-1 } ]\n' +
  '                  [ validate { strict | check | disabled } ]\n' +
  '                  [ encodingsa { 0..3 } ]\n' +
  '                  [ offload { mac | phy | off } ]\n';

const CIPHERS: readonly (keyof typeof MACSEC_CIPHER)[] = [
  'default',
  'gcm-aes-128',
  'gcm-aes-256',
  'gcm-aes-xpn-128',
  'gcm-aes-xpn-256',
];

const VALIDATE = ['disabled', 'check', 'strict'] as const;
const OFFLOAD = ['off', 'phy', 'mac'] as const;

/** `[ [ address LLADDR ] port PORT | sci SCI ]` before the other options (`get_sci_portaddr`). */
function parseSci(args: Args, o: { -readonly [K in keyof M]?: M[K] }): void {
  let port = false;
  let address = false;
  let sci = false;
  for (let w = args.peek(); w === 'sci' || w === 'port' || w === 'address'; w = args.peek()) {
    args.take();
    const text = args.take();
    if (w === 'sci') {
      if (port) throw invarg('expected address', w);
      if (address) throw invarg('expected port', w);
      const value = getU64(text, 16);
      if (value === undefined) throw invarg('expected sci', text);
      o.sci = value;
      sci = true;
    } else if (w === 'port') {
      const value = getU16(text);
      if (value === undefined) throw invarg('expected port', text);
      if (value === 0) throw invarg('expected port != 0', text);
      o.port = value;
      port = true;
    } else {
      o.sciAddress = parseLladdr(text).mac;
      address = true;
    }
    if (sci || port) break;
  }
}

function onOff(word: string, option: keyof M): KindOption<M> {
  return {
    word,
    exact: true,
    apply(args, o) {
      (o as Record<keyof M, unknown>)[option] = parseOnOff(word, args.take());
    },
  };
}

const OPTIONS: readonly KindOption<M>[] = [
  {
    word: 'cipher',
    exact: true,
    apply(args, o) {
      const text = args.take();
      if (o.cipher !== undefined) throw duparg('cipher', text);
      const cipher = CIPHERS.find((c) => c === text || c.toUpperCase() === text);
      if (cipher === undefined) {
        throw invarg('expected: default, gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128 or gcm-aes-xpn-256', text);
      }
      o.cipher = cipher;
    },
  },
  {
    word: 'icvlen',
    exact: true,
    apply(args, o) {
      const text = args.take();
      if (o.icvLen !== undefined) throw duparg('icvlen', text);
      const len = getU8(text, 10);
      if (len === undefined) throw invarg('expected ICV length', text);
      if (len < 8 || len > 16) throw invarg('ICV length must be in the range {8..16}', text);
      o.icvLen = len;
    },
  },
  onOff('encrypt', 'encrypt'),
  onOff('send_sci', 'sendSci'),
  onOff('end_station', 'endStation'),
  onOff('scb', 'scb'),
  onOff('protect', 'protect'),
  onOff('replay', 'replayProtect'),
  {
    word: 'window',
    exact: true,
    apply(args, o) {
      const text = args.take();
      const window = getU32(text);
      if (window === undefined) throw invarg('expected replay window size', text);
      o.window = window;
    },
  },
  {
    word: 'validate',
    exact: true,
    apply(args, o) {
      o.validate = VALIDATE[parseOneOf('validate', args.take(), VALIDATE)] ?? 'disabled';
    },
  },
  {
    word: 'encodingsa',
    exact: true,
    apply(args, o) {
      if (o.encodingSa !== undefined) throw duparg2('encodingsa', 'encodingsa');
      const text = args.take();
      const an = getU8(text);
      if (an === undefined || an > 3) throw invarg('expected an { 0..3 }', text);
      o.encodingSa = an;
    },
  },
  {
    word: 'offload',
    exact: true,
    apply(args, o) {
      o.offload = OFFLOAD[parseOneOf('offload', args.take(), OFFLOAD)] ?? 'off';
    },
  },
];

/** `macsec`. */
export const macsec: LinkTypeCli = {
  kind: 'macsec',
  async parse(args, ctx): Promise<M> {
    const sci: { -readonly [K in keyof M]?: M[K] } = {};
    parseSci(args, sci);
    const o = { ...sci, ...(await parseKindArgs(args, { kind: 'macsec', usage: USAGE }, OPTIONS, ctx)) };
    const txsc = [o.sendSci, o.endStation, o.scb].filter(Boolean).length;
    if (txsc > 1) throw new CliError('invalid combination of send_sci/end_station/scb\n', 1);
    if (o.window !== undefined && o.replayProtect === undefined) {
      throw new CliError(
        `replay window set, but replay protection not enabled. did you mean 'replay on window ${o.window}'?\n`,
        1,
      );
    }
    if (o.window === undefined && o.replayProtect === true) {
      throw new CliError("replay protection enabled, but no window set. did you mean 'replay on window VALUE'?\n", 1);
    }
    if (ctx.link === undefined) throw new CliError('macsec: the secured device is required ("link DEV").\n', 1);
    return { ...o, link: ctx.link };
  },
};
