/**
 * Lightweight tunnel encapsulations on the command line and in output
 * (iproute2's `iproute_lwtunnel.c`): `encap mpls|seg6|seg6local|ip|ip6 ...`
 * parsed into the route family's typed {@link RouteEncap}, and printed
 * from a decoded `encapType` + `encap` pair, for routes, multipath hops and
 * nexthop objects.
 *
 * @module
 */

import { AF } from '../../core/constants.js';
import type {
  ip6EncapAttrs,
  ipEncapAttrs,
  mplsEncapAttrs,
  RouteEncap,
  Seg6Flavors,
  seg6EncapAttrs,
  seg6LocalAttrs,
} from '../../route/route/encap.js';
import { ENCAP_TYPES, SEG6_FLAVORS, SEG6_LOCAL_ACTIONS, SEG6_MODES } from '../../route/route/encap.js';
import type { Decoded } from '../../schema/attrs.js';
import { type Args, CliError, duparg2, getU8, getU32, getU64, invarg } from '../common/args.js';
import type { Output } from '../common/output.js';
import { getAddr, parseLabels } from './inet.js';
import { dsfieldValue, tableId, tableName } from './names.js';

/** Resolves a device name for `iif`/`oif` (`ll_name_to_index`, 0 when none). */
export type DeviceIndex = (name: string) => Promise<number>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

async function device(name: string, index: DeviceIndex): Promise<number> {
  const i = await index(name);
  if (!i) throw new CliError(`Cannot find device "${name}"\n`, 1);
  return i;
}

/** `duparg2` when `key` was seen, else remembers it. */
function once(seen: Set<string>, key: string, value: string): void {
  if (seen.has(key)) throw duparg2(key, value);
  seen.add(key);
}

function parseMpls(args: Args): RouteEncap {
  const text = args.take();
  const labels = parseLabels(text);
  if (!labels) throw new CliError(`Error: an inet address is expected rather than "${text}".\n`, 1);
  const e: Mutable<Extract<RouteEncap, { type: 'mpls' }>> = { type: 'mpls', labels };
  const seen = new Set<string>();
  while (args.peek() === 'ttl') {
    args.take();
    const v = args.take();
    once(seen, 'ttl', v);
    const ttl = getU8(v);
    if (ttl === undefined) throw invarg('"ttl" value is invalid\n', v);
    e.ttl = ttl;
  }
  return e;
}

function segments(text: string): string[] {
  return text.split(',').map((s) => getAddr(s, AF.INET6).text);
}

function parseSeg6(args: Args): RouteEncap {
  let mode: string | undefined;
  let segs: string[] | undefined;
  let hmac: number | undefined;
  const seen = new Set<string>();
  for (let w = args.peek(); w === 'mode' || w === 'segs' || w === 'hmac'; w = args.peek()) {
    args.take();
    const v = args.take();
    once(seen, w, v);
    if (w === 'mode') {
      if (!Object.hasOwn(SEG6_MODES, v)) throw invarg('"mode" value is invalid\n', v);
      mode = v;
    } else if (w === 'segs') {
      if (mode === undefined) throw invarg('"segs" provided before "mode"\n', v);
      segs = segments(v);
    } else {
      hmac = getU32(v) ?? 0;
    }
  }
  if (mode === undefined || segs === undefined) {
    throw new CliError('nlink-ip needs "mode" and "segs" for a seg6 encapsulation.\n', 1);
  }
  const e = { type: 'seg6', mode, segments: segs } as Mutable<Extract<RouteEncap, { type: 'seg6' }>>;
  if (hmac) e.hmac = hmac;
  return e;
}

function parseFlavors(args: Args, text: string): Seg6Flavors {
  const names = text.split(',');
  const operations: (keyof typeof SEG6_FLAVORS)[] = [];
  for (const n of names) {
    const name = Object.keys(SEG6_FLAVORS).find((f) => f.toLowerCase() === n.toLowerCase());
    if (name === undefined || operations.includes(name as keyof typeof SEG6_FLAVORS)) {
      throw invarg('invalid "flavors" attribute\n', text);
    }
    operations.push(name as keyof typeof SEG6_FLAVORS);
  }
  const f: Mutable<Seg6Flavors> = { operations };
  if (operations.includes('next-csid')) {
    for (const [key, field, what] of [
      ['lblen', 'lblen', 'locator-block length'],
      ['nflen', 'nflen', 'locator-node function length'],
    ] as const) {
      if (args.peek() !== key) continue;
      args.take();
      const v = args.take();
      const n = getU8(v);
      if (n === undefined) throw invarg(`"${what}" value is invalid\n`, v);
      f[field] = n;
    }
  }
  return f;
}

async function parseSeg6Local(args: Args, index: DeviceIndex): Promise<RouteEncap> {
  const e: Record<string, unknown> = { type: 'seg6local' };
  const seen = new Set<string>();
  const keys = ['action', 'table', 'vrftable', 'nh4', 'nh6', 'iif', 'oif', 'count', 'flavors', 'srh', 'endpoint'];
  for (let w = args.peek(); w !== undefined && keys.includes(w); w = args.peek()) {
    args.take();
    if (w === 'count') {
      once(seen, 'count', w);
      e.count = true;
      continue;
    }
    const v = args.take();
    once(seen, w, v);
    if (w === 'action') {
      if (!Object.hasOwn(SEG6_LOCAL_ACTIONS, v)) throw invarg('"action" value is invalid\n', v);
      e.action = v;
    } else if (w === 'table' || w === 'vrftable') {
      const id = tableId(v);
      if (id === undefined) throw invarg(w === 'table' ? 'invalid table id\n' : 'invalid vrf table id\n', v);
      e[w] = id;
    } else if (w === 'nh4' || w === 'nh6') {
      e[w] = getAddr(v, w === 'nh4' ? AF.INET : AF.INET6).text;
    } else if (w === 'iif' || w === 'oif') {
      e[w] = await device(v, index);
    } else if (w === 'flavors') {
      e.flavors = parseFlavors(args, v);
    } else if (w === 'srh') {
      if (v !== 'segs') throw invarg('missing "segs" attribute for srh\n', v);
      e.segments = segments(args.take());
      if (args.peek() === 'hmac') {
        args.take();
        e.hmac = getU32(args.take()) ?? 0;
      }
    } else {
      throw new CliError('"endpoint" (BPF programs) is not supported by nlink-ip.\n', 1);
    }
  }
  if (e.action === undefined) throw new CliError('Missing action type\n');
  if (e.hmac === 0) delete e.hmac;
  return e as unknown as RouteEncap;
}

function parseIpTunnel(args: Args, type: 'ip' | 'ip6'): RouteEncap {
  const v6 = type === 'ip6';
  const e: Record<string, unknown> = { type };
  const flags: string[] = [];
  const seen = new Set<string>();
  const ttlKey = v6 ? 'hoplimit' : 'ttl';
  const tosKey = v6 ? 'tc' : 'tos';
  for (let w = args.peek(); w !== undefined; w = args.peek()) {
    if (w === 'key' || w === 'csum' || w === 'seq') {
      args.take();
      once(seen, w, w);
      flags.push(w);
      continue;
    }
    if (w === 'geneve_opts' || w === 'vxlan_opts' || w === 'erspan_opts') {
      throw new CliError(`"${w}" is not supported by nlink-ip.\n`, 1);
    }
    if (w !== 'id' && w !== 'dst' && w !== 'src' && w !== ttlKey && w !== tosKey) break;
    args.take();
    const v = args.take();
    once(seen, w, v);
    if (w === 'id') {
      const id = getU64(v);
      if (id === undefined) throw invarg('"id" value is invalid\n', v);
      e.id = id;
    } else if (w === 'dst' || w === 'src') {
      e[w] = getAddr(v, v6 ? AF.INET6 : AF.INET).text;
    } else if (w === tosKey) {
      const tos = dsfieldValue(v);
      if (tos === undefined) throw invarg(`"${w}" value is invalid\n`, v);
      e[w] = tos;
    } else {
      const ttl = getU8(v);
      if (ttl === undefined) throw invarg(`"${w}" value is invalid\n`, v);
      e[w] = ttl;
    }
  }
  if (flags.length) e.flags = flags;
  return e as unknown as RouteEncap;
}

/**
 * Parses `encap TYPE ARGS...` (the word `encap` already taken), as
 * `lwt_parse_encap` does, leaving the words that follow.
 * @throws {CliError} with iproute2's messages.
 */
export async function parseEncap(args: Args, index: DeviceIndex): Promise<RouteEncap> {
  const type = args.take();
  if (!Object.hasOwn(ENCAP_TYPES, type)) throw invarg('"encap type" value is invalid\n', type);
  if (args.left <= 1) throw new CliError('Error: unexpected end of line after "encap"\n');
  switch (type) {
    case 'mpls':
      return parseMpls(args);
    case 'seg6':
      return parseSeg6(args);
    case 'seg6local':
      return parseSeg6Local(args, index);
    case 'ip':
    case 'ip6':
      return parseIpTunnel(args, type);
    default:
      throw new CliError(`"encap ${type}" is not supported by nlink-ip.\n`, 1);
  }
}

// --- printing ---

/** What printing an encapsulation needs. */
export interface EncapPrintEnv {
  readonly numeric: boolean;
  /** `-s`: seg6local counters. */
  readonly stats: number;
  linkName(index: number): string;
}

function printSegments(out: Output, segs: readonly string[], hmac: number | undefined): void {
  if (out.json) out.openArray('json', 'segs');
  else out.text('segs %d [ ', segs.length);
  for (const s of segs) out.string('any', null, '%s ', s);
  if (out.json) out.closeArray('json', '');
  else out.text('] ');
  if (hmac !== undefined) out.hex0x('any', 'hmac', 'hmac %llX ', hmac);
}

function printSeg6Local(out: Output, v: Decoded<typeof seg6LocalAttrs.fields>, env: EncapPrintEnv): void {
  const action = v.action;
  if (action === undefined) return;
  const name = typeof action === 'string' ? action : action > 16 ? '<invalid>' : '<unknown>';
  out.string('any', 'action', 'action %s ', name);
  if (v.srh) {
    out.openObject('srh');
    printSegments(out, v.srh.segments, v.srh.hmac);
    out.closeObject();
  }
  if (v.table !== undefined) out.string('any', 'table', 'table %s ', tableName(v.table, env.numeric));
  if (v.vrftable !== undefined) out.string('any', 'vrftable', 'vrftable %s ', tableName(v.vrftable, env.numeric));
  if (v.nh4 !== undefined) out.string('any', 'nh4', 'nh4 %s ', v.nh4);
  if (v.nh6 !== undefined) out.string('any', 'nh6', 'nh6 %s ', v.nh6);
  if (v.iif !== undefined) out.string('any', 'iif', 'iif %s ', env.linkName(v.iif));
  if (v.oif !== undefined) out.string('any', 'oif', 'oif %s ', env.linkName(v.oif));
  if (v.bpf) {
    const prog = v.bpf.name;
    if (out.json) out.string('json', 'endpoint', null, prog ?? '<unknown>');
    else out.text(prog === undefined ? 'endpoint ' : `endpoint ${prog} `);
  }
  if (v.counters && env.stats) {
    const c = v.counters;
    const counts: [string, bigint][] = [
      ['packets', c.packets ?? 0n],
      ['bytes', c.bytes ?? 0n],
      ['errors', c.errors ?? 0n],
    ];
    out.openObject('stats64');
    for (const [key, n] of counts) {
      out.u64('json', key, null, n);
      out.text('%s %llu ', key, n);
    }
    out.closeObject();
  }
  const f = v.flavors;
  if (f) {
    if (f.operation !== undefined) {
      const names = f.operation.filter((o) => typeof o === 'string');
      out.openArray('json', 'flavors');
      for (const n of names) out.string('json', null, null, n);
      out.closeArray('json', '');
      out.text('flavors %s ', names.join(','));
    }
    for (const [key, value] of [
      ['lblen', f.lcblockBits],
      ['nflen', f.lcnodeFnBits],
    ] as const) {
      if (value === undefined) continue;
      out.u64('json', key, null, value);
      out.text('%s %u ', key, value);
    }
  }
}

function printIpTunnel(
  out: Output,
  v: Decoded<typeof ipEncapAttrs.fields> | Decoded<typeof ip6EncapAttrs.fields>,
  v6: boolean,
): void {
  if (v.id !== undefined) out.u64('any', 'id', 'id %llu ', v.id);
  if (v.src !== undefined) out.string('any', 'src', 'src %s ', v.src);
  if (v.dst !== undefined) out.string('any', 'dst', 'dst %s ', v.dst);
  if (v6) {
    const w = v as Decoded<typeof ip6EncapAttrs.fields>;
    if (w.hoplimit !== undefined) out.u64('any', 'hoplimit', 'hoplimit %u ', w.hoplimit);
    if (w.tc !== undefined) out.uint('any', 'tc', 'tc %u ', w.tc);
  } else {
    const w = v as Decoded<typeof ipEncapAttrs.fields>;
    if (w.ttl !== undefined) out.uint('any', 'ttl', 'ttl %u ', w.ttl);
    if (w.tos !== undefined) out.uint('any', 'tos', 'tos %d ', w.tos);
  }
  const flags = v.flags ?? [];
  for (const f of ['key', 'csum', 'seq'] as const) if (flags.includes(f)) out.bool('any', f, `${f} `, true);
}

/** `lwt_print_encap`: ` encap TYPE ` and the encapsulation's parameters. */
export function printEncap(out: Output, type: string | number | undefined, value: unknown, env: EncapPrintEnv): void {
  if (type === undefined) return;
  out.string('any', 'encap', ' encap %s ', typeof type === 'string' ? type : 'unknown');
  if (value === undefined || value instanceof Uint8Array) return;
  switch (type) {
    case 'mpls': {
      const v = value as Decoded<typeof mplsEncapAttrs.fields>;
      if (v.dst !== undefined) out.string('any', 'dst', ' %s ', v.dst.join('/'));
      if (v.ttl !== undefined) out.uint('any', 'ttl', 'ttl %u ', v.ttl);
      break;
    }
    case 'seg6': {
      const srh = (value as Decoded<typeof seg6EncapAttrs.fields>).srh;
      if (!srh) break;
      out.string('any', 'mode', 'mode %s ', typeof srh.mode === 'string' ? srh.mode : '<unknown>');
      printSegments(out, srh.segments, srh.hmac);
      break;
    }
    case 'seg6local':
      printSeg6Local(out, value as Decoded<typeof seg6LocalAttrs.fields>, env);
      break;
    case 'ip':
    case 'ip6':
      printIpTunnel(out, value as Decoded<typeof ipEncapAttrs.fields>, type === 'ip6');
      break;
  }
}
