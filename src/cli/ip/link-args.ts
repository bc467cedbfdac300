/**
 * The arguments every `ip link add/set/delete` shares (iproute2's
 * `iplink_parse`): device and name, flags, MTU, addresses, master, netns,
 * ... up to `type KIND`, whose own arguments the kind parses.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { IFF } from '../../core/constants.js';
import type { NamespaceSpec } from '../../core/netns-path.js';
import type { LinkAttrsInput } from '../../route/link/kind.js';
import { formatMac } from '../../schema/address.js';
import {
  type Args,
  CliError,
  duparg,
  duparg2,
  getInteger,
  getU32,
  invarg,
  matches,
  onOffError,
  parseOnOff,
} from '../common/args.js';
import type { LinkCache } from './link-cache.js';
import { groupId, operstateValue } from './names.js';

/** `ip link` usage (iproute2's `iplink_usage`, for what nlink-ip implements). */
export const LINK_USAGE =
  'Usage: nlink-ip link add [link DEV] [ name ] NAME\n' +
  '\t\t    [ txqueuelen PACKETS ]\n' +
  '\t\t    [ address LLADDR ]\n' +
  '\t\t    [ broadcast LLADDR ]\n' +
  '\t\t    [ mtu MTU ] [index IDX ]\n' +
  '\t\t    [ numtxqueues QUEUE_COUNT ]\n' +
  '\t\t    [ numrxqueues QUEUE_COUNT ]\n' +
  '\t\t    [ netns { PID | NAME } ]\n' +
  '\t\t    type TYPE [ ARGS ]\n' +
  '\n' +
  '\tnlink-ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]\n' +
  '\n' +
  '\tnlink-ip link set { DEVICE | dev DEVICE | group DEVGROUP }\n' +
  '\t\t\t[ { up | down } ]\n' +
  '\t\t\t[ type TYPE ARGS ]\n' +
  '\t\t[ arp { on | off } ]\n' +
  '\t\t[ dynamic { on | off } ]\n' +
  '\t\t[ multicast { on | off } ]\n' +
  '\t\t[ allmulticast { on | off } ]\n' +
  '\t\t[ promisc { on | off } ]\n' +
  '\t\t[ trailers { on | off } ]\n' +
  '\t\t[ carrier { on | off } ]\n' +
  '\t\t[ txqueuelen PACKETS ]\n' +
  '\t\t[ name NEWNAME ]\n' +
  '\t\t[ address LLADDR ]\n' +
  '\t\t[ broadcast LLADDR ]\n' +
  '\t\t[ mtu MTU ]\n' +
  '\t\t[ netns { PID | NAME } ]\n' +
  '\t\t[ link-netnsid ID ]\n' +
  '\t\t[ alias NAME ]\n' +
  '\t\t[ master DEVICE ][ vrf NAME ]\n' +
  '\t\t[ nomaster ]\n' +
  '\t\t[ addrgenmode { eui64 | none | stable_secret | random } ]\n' +
  '\t\t[ protodown { on | off } ]\n' +
  '\t\t[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]\n' +
  '\t\t[ gro_max_size BYTES ]\n' +
  '\n' +
  '\tnlink-ip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]\n' +
  '\t\t[nomaster]\n';

/** The usage error of `ip link` (exit 255). */
export function linkUsage(): CliError {
  return new CliError(LINK_USAGE);
}

/** What `iplink_parse` collected. */
export interface ParsedLink {
  /** `ifi_flags` and `ifi_change` (up/down, arp, multicast, ...). */
  flags: number;
  change: number;
  /** The device the command is about (`dev NAME` or the bare NAME). */
  dev: string | undefined;
  /** The new name (`name NAME`): for `add` the device's name, for `set` a rename. */
  name: string | undefined;
  /** `link DEV`: the lower device of a new link. */
  link: string | undefined;
  /** `index IDX`. */
  index: number;
  /** `group GROUP`. */
  group: number | undefined;
  /** `netns NAME|PID`: the namespace to create the link in or move it to. */
  netns: NamespaceSpec | undefined;
  /** Length of `address LLADDR`, 0 when not given. */
  addrLen: number;
  /** `IFLA_*` attributes, in the order of the command line. */
  attrs: Record<string, unknown>;
  /** `type KIND`. */
  type: string | undefined;
}

const IN6_ADDR_GEN_MODES = ['eui64', 'none', 'stable_secret', 'random'];

/** The exit code of `ip link` after a bad `on|off`: its `-EINVAL` return value. */
const EINVAL = 22;

/** `GSO_MAX_SEGS`. */
const GSO_MAX_SEGS = 65535;

function checkIfname(name: string, max: boolean): boolean {
  if (name === '' || /[/\s]/.test(name)) return false;
  return !max || Buffer.byteLength(name) < 16;
}

/**
 * Parses a link-layer address like `ll_addr_a2n`: dotted IPv4 for tunnels,
 * else colon-separated hex bytes. Returns the schema's colon-hex text.
 * @throws {CliError} `"ARG" is invalid lladdr.` (exit 1)
 */
export function parseLladdr(text: string): { mac: string; length: number } {
  const bad = () => new CliError(`"${text}" is invalid lladdr.\n`, 1);
  let bytes: number[];
  if (text.includes('.')) {
    const parts = text.split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) throw bad();
    bytes = parts.map(Number);
  } else {
    bytes = text.split(':').map((p) => {
      const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(p);
      const v = m?.[1] === undefined ? Number.NaN : Number.parseInt(m[1], 16);
      if (!(v >= 0 && v <= 255)) throw bad();
      return v;
    });
    if (bytes.length > 32) bytes = bytes.slice(0, 32);
  }
  return { mac: formatMac(Uint8Array.from(bytes)), length: bytes.length };
}

/** `netns NAME|PID`: a namespace file (`/run/netns/NAME`, or a path), else a process id (`netns_get_fd`). */
function parseNetns(text: string, exists: (path: string) => boolean): NamespaceSpec {
  if (text.includes('/')) {
    if (exists(text)) return { path: text.startsWith('/') ? text : `${process.cwd()}/${text}` };
  } else if (text !== '.' && text !== '..' && exists(`/run/netns/${text}`)) {
    return { name: text };
  }
  const pid = getInteger(text);
  if (pid === undefined) throw invarg('Invalid "netns" value\n', text);
  return { pid };
}

function flagSwitch(p: ParsedLink, args: Args, key: string, bit: number, inverted = false): void {
  const v = args.take();
  p.change |= bit;
  if (v !== 'on' && v !== 'off') throw onOffError(key, v);
  if ((v === 'on') !== inverted) p.flags |= bit;
  else p.flags &= ~bit;
}

function intAttr(
  p: ParsedLink,
  args: Args,
  key: string,
  attr: Exclude<keyof LinkAttrsInput, symbol>,
  seen: Set<string>,
): void {
  const v = args.take();
  if (seen.has(key)) throw duparg(key, v);
  seen.add(key);
  const n = getInteger(v);
  if (n === undefined) throw invarg(`Invalid "${key}" value\n`, v);
  p.attrs[attr] = n >>> 0;
}

function u32Attr(
  p: ParsedLink,
  args: Args,
  key: string,
  attr: Exclude<keyof LinkAttrsInput, symbol>,
  max = 0xffffffff,
): void {
  const v = args.take();
  const n = getU32(v);
  if (n === undefined || n > max) throw invarg(`Invalid "${key}" value\n`, v);
  p.attrs[attr] = n;
}

/** How {@link parseLinkArgs} runs. */
export interface ParseLinkOptions {
  /** Resolves interface names (`master`, `vrf`). */
  readonly cache: LinkCache;
  /** Whether a path names an existing file (to tell `netns NAME` from `netns PID`). */
  readonly exists: (path: string) => boolean;
}

/**
 * Parses the common arguments up to `type KIND` (left in `args` for the
 * kind). Name resolution and the final checks are left to the caller
 * ({@link finishLinkArgs}), since `veth peer` parses a second set.
 */
export async function parseLinkArgs(args: Args, options: ParseLinkOptions): Promise<ParsedLink> {
  const p: ParsedLink = {
    flags: 0,
    change: 0,
    dev: undefined,
    name: undefined,
    link: undefined,
    index: 0,
    group: undefined,
    netns: undefined,
    addrLen: 0,
    attrs: {},
    type: undefined,
  };
  const seen = new Set<string>();
  // iproute2 compares the `dev` and `name` pointers: `dev` is the name until a `dev` word sets it.
  let devIsName = true;
  while (!args.done) {
    const w = args.take();
    if (w === 'up') {
      p.change |= IFF.UP;
      p.flags |= IFF.UP;
    } else if (w === 'down') {
      p.change |= IFF.UP;
      p.flags &= ~IFF.UP;
    } else if (w === 'name') {
      const v = args.take();
      if (p.name !== undefined) throw duparg('name', v);
      if (!checkIfname(v, true)) throw invarg('"name" not a valid ifname', v);
      p.name = v;
      if (p.dev === undefined) p.dev = v;
    } else if (w === 'index') {
      const v = args.take();
      if (p.index) throw duparg('index', v);
      p.index = Number.parseInt(v, 10) || 0;
      if (p.index <= 0) throw invarg('Invalid "index" value', v);
    } else if (matches(w, 'link')) {
      p.link = args.take();
    } else if (matches(w, 'address')) {
      const lladdr = parseLladdr(args.take());
      p.addrLen = lladdr.length;
      p.attrs.address = lladdr.mac;
    } else if (matches(w, 'broadcast') || w === 'brd') {
      p.attrs.broadcast = parseLladdr(args.take()).mac;
    } else if (matches(w, 'txqueuelen') || w === 'qlen' || matches(w, 'txqlen')) {
      intAttr(p, args, 'txqueuelen', 'txqlen', seen);
    } else if (w === 'mtu') {
      intAttr(p, args, 'mtu', 'mtu', seen);
    } else if (w === 'xdp' || w === 'xdpgeneric' || w === 'xdpdrv' || w === 'xdpoffload' || w === 'vf') {
      throw new CliError(`"${w}" is not supported by nlink-ip.\n`);
    } else if (w === 'netns') {
      const v = args.take();
      if (p.netns !== undefined) throw duparg('netns', v);
      p.netns = parseNetns(v, options.exists);
    } else if (w === 'multicast') {
      flagSwitch(p, args, 'multicast', IFF.MULTICAST);
    } else if (w === 'allmulticast') {
      flagSwitch(p, args, 'allmulticast', IFF.ALLMULTI);
    } else if (w === 'promisc') {
      flagSwitch(p, args, 'promisc', IFF.PROMISC);
    } else if (w === 'trailers') {
      flagSwitch(p, args, 'trailers', IFF.NOTRAILERS, true);
    } else if (w === 'arp') {
      flagSwitch(p, args, 'arp', IFF.NOARP, true);
    } else if (w === 'carrier') {
      p.attrs.carrier = parseOnOff('carrier', args.take(), EINVAL) ? 1 : 0;
    } else if (matches(w, 'master')) {
      const v = args.take();
      const index = await options.cache.indexOf(v);
      if (!index) throw invarg('Device does not exist\n', v);
      p.attrs.master = index;
    } else if (w === 'vrf') {
      const v = args.take();
      const index = await options.cache.vrfIndex(v);
      if (!index) throw invarg('Not a valid VRF name\n', v);
      p.attrs.master = index;
    } else if (matches(w, 'nomaster')) {
      p.attrs.master = 0;
    } else if (matches(w, 'dynamic')) {
      flagSwitch(p, args, 'dynamic', IFF.DYNAMIC);
    } else if (matches(w, 'type')) {
      p.type = args.take();
      break;
    } else if (matches(w, 'alias')) {
      const v = args.take();
      if (Buffer.byteLength(v) >= 256) throw invarg('alias too long\n', v);
      p.attrs.ifalias = v;
    } else if (w === 'group') {
      const v = args.take();
      if (p.group !== undefined) throw duparg('group', v);
      const group = groupId(v);
      if (group === undefined) throw invarg('Invalid "group" value\n', v);
      p.group = group;
      p.attrs.group = group;
    } else if (w === 'mode') {
      const v = args.take();
      const mode = ['default', 'dormant'].indexOf(v.toLowerCase());
      if (mode < 0) throw invarg('Invalid link mode\n', v);
      p.attrs.linkmode = mode;
    } else if (w === 'state') {
      const v = args.take();
      const state = operstateValue(v);
      if (state < 0) throw invarg('Invalid operstate\n', v);
      p.attrs.operstate = state;
    } else if (matches(w, 'numtxqueues')) {
      intAttr(p, args, 'numtxqueues', 'numTxQueues', seen);
    } else if (matches(w, 'numrxqueues')) {
      intAttr(p, args, 'numrxqueues', 'numRxQueues', seen);
    } else if (matches(w, 'addrgenmode')) {
      const v = args.take();
      const mode = IN6_ADDR_GEN_MODES.indexOf(v.toLowerCase());
      if (mode < 0) throw invarg('Invalid address generation mode\n', v);
      p.attrs.afSpec = { inet6: { addrGenMode: mode } };
    } else if (matches(w, 'link-netns')) {
      throw new CliError('"link-netns" is not supported by nlink-ip; use "link-netnsid ID".\n');
    } else if (matches(w, 'link-netnsid')) {
      const v = args.take();
      if (seen.has('link-netns/link-netnsid')) throw duparg('link-netns/link-netnsid', v);
      seen.add('link-netns/link-netnsid');
      const id = getInteger(v);
      if (id === undefined) throw invarg('Invalid "link-netnsid" value\n', v);
      p.attrs.linkNetnsid = id;
    } else if (w === 'protodown') {
      p.attrs.protoDown = parseOnOff('protodown', args.take(), EINVAL) ? 1 : 0;
    } else if (w === 'protodown_reason') {
      throw new CliError('"protodown_reason" is not supported by nlink-ip.\n');
    } else if (w === 'gso_max_size') {
      u32Attr(p, args, 'gso_max_size', 'gsoMaxSize');
    } else if (w === 'gso_max_segs') {
      u32Attr(p, args, 'gso_max_segs', 'gsoMaxSegs', GSO_MAX_SEGS);
    } else if (w === 'gro_max_size') {
      u32Attr(p, args, 'gro_max_size', 'groMaxSize');
    } else if (w === 'parentdev') {
      p.attrs.parentDevName = args.take();
    } else {
      if (matches(w, 'help')) throw linkUsage();
      const v = w === 'dev' ? args.take() : w;
      if (!devIsName) throw duparg2('dev', v);
      if (!checkIfname(v, false)) throw invarg('"dev" not a valid ifname', v);
      p.dev = v;
      devIsName = false;
    }
  }
  if (p.name === undefined) p.name = p.dev;
  else if (p.dev === undefined) p.dev = p.name;
  return p;
}
