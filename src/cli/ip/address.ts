/**
 * `nlink-ip address`: show, add, change, replace, delete and flush
 * interface addresses with iproute2's arguments and output.
 *
 * Changes build their request with the address family's own builder
 * (`addressRequest`), so that `-batch` can send many of them packed.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { AF, IFA_F, IFF, RTEXT_FILTER, RTM } from '../../core/constants.js';
import { KernelError } from '../../errors.js';
import type { AddressMessage } from '../../route/addr/address.js';
import { type AddressConfig, type AddressConfigFlag, addressRequest } from '../../route/addr/config.js';
import { addressMessage } from '../../route/addr/schema.js';
import type { LinkMessage } from '../../route/link/link.js';
import '../../route/link/ops.js';
import { forEachAttr } from '../../core/message.js';
import { linkMessage, rtnlLinkStats64 } from '../../route/link/schema.js';
import type { BatchItem } from '../../session/batch.js';
import type { Connection } from '../../session/connection.js';
import type { ReceivedMessage } from '../../session/engine.js';
import type { Route } from '../../session/protocol.js';
import { type Args, CliError, duparg, duparg2, getU32, invarg, matches } from '../common/args.js';
import {
  ADDRESS_FLAG_DATA,
  type AddressFilter,
  addFlagFilter,
  addressPasses,
  noAddressFilter,
  printAddress,
} from './address-print.js';
import { CHANGE_FLAGS, changeOf, sendChange } from './change.js';
import type { IpContext } from './context.js';
import { deletionOf, flushComplete } from './flush.js';
import { getAddr, getPrefix, type InetPrefix } from './inet.js';
import { dumpLinks, type LinkFilterDraft, loadKinds, parseLinkFilterWord, printEnv, showDevIndex } from './link.js';
import { LinkCache } from './link-cache.js';
import { type LinkFilter, NO_FILTER, printLink } from './link-print.js';
import { scopeId } from './names.js';
import { type LinkStats64, printStats64 } from './stats.js';

/** `ip address` usage (iproute2's, for what nlink-ip implements). */
const USAGE =
  'Usage: nlink-ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n' +
  '                                                      [ CONFFLAG-LIST ]\n' +
  '       nlink-ip address del IFADDR dev IFNAME [mngtmpaddr]\n' +
  '       nlink-ip address flush [ dev IFNAME ] [ scope SCOPE-ID ]\n' +
  '                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]\n' +
  '       nlink-ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]\n' +
  '                         [ nomaster ]\n' +
  '                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]\n' +
  '                         [ label LABEL ] [up] [ vrf NAME ] ]\n' +
  'IFADDR := PREFIX | ADDR peer PREFIX\n' +
  '          [ broadcast ADDR ] [ anycast ADDR ]\n' +
  '          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]\n' +
  'SCOPE-ID := [ host | link | global | NUMBER ]\n' +
  'FLAG-LIST := [ FLAG-LIST ] FLAG\n' +
  'FLAG  := [ permanent | dynamic | secondary | primary |\n' +
  '           [-]tentative | [-]deprecated | [-]dadfailed | temporary |\n' +
  '           CONFFLAG-LIST ]\n' +
  'CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG\n' +
  'CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]\n' +
  'LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]\n' +
  'LFT := forever | SECONDS\n';

function usage(): CliError {
  return new CliError(USAGE);
}

/** Runs `nlink-ip address ARGS` (iproute2's `do_ipaddr`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return list(args, ctx, false);
  if (changeOf(word)) return sendChange(ctx, await prepare(args, ctx));
  args.take();
  if (matches(word, 'list') || matches(word, 'show') || matches(word, 'lst')) return list(args, ctx, false);
  if (matches(word, 'flush')) return list(args, ctx, true);
  if (matches(word, 'save') || matches(word, 'showdump') || matches(word, 'restore')) {
    throw new CliError(`"ip address ${word}" is not supported by nlink-ip.\n`, 1);
  }
  if (matches(word, 'help')) throw usage();
  throw new CliError(`Command "${word}" is unknown, try "ip address help".\n`);
}

// --- add, change, replace, delete ---

/** `set_lifetime`: `forever` or a 32-bit number of seconds. */
function lifetime(msg: string, text: string): number | 'forever' {
  if (text === 'forever') return 'forever';
  const v = getU32(text);
  if (v === undefined) throw invarg(msg, text);
  return v;
}

function isMulticast(p: InetPrefix): boolean {
  if (p.family === AF.INET) return ((p.bytes[0] ?? 0) & 0xf0) === 0xe0;
  return p.family === AF.INET6 && p.bytes[0] === 0xff;
}

/**
 * Builds the request of `ip address add|change|replace|delete ARGS`
 * (iproute2's `ipaddr_modify`) without sending it; `undefined` when `args`
 * is another command. Warnings go to stderr as iproute2 prints them.
 */
export async function prepare(args: Args, ctx: IpContext): Promise<BatchItem | undefined> {
  const change = changeOf(args.peek() ?? '');
  if (!change) return undefined;
  args.take();
  const del = change === 'delete';
  let family = ctx.options.family;
  const c: {
    -readonly [K in keyof AddressConfig]?: AddressConfig[K];
  } = {};
  let dev: string | undefined;
  let local: InetPrefix | undefined;
  let localText = '';
  let peer: InetPrefix | undefined;
  let validText: string | undefined;
  let preferredText: string | undefined;
  let valid: number | 'forever' = 'forever';
  let preferred: number | 'forever' = 'forever';
  const flags: AddressConfigFlag[] = [];
  let flagBits = 0;
  let broadcastSet = false;
  let anycastSet = false;
  const learn = (p: InetPrefix) => {
    if (family === AF.UNSPEC) family = p.family;
  };
  while (!args.done) {
    const w = args.take();
    if (w === 'peer' || w === 'remote') {
      const v = args.take();
      if (peer) throw duparg('peer', v);
      peer = getPrefix(v, family);
      learn(peer);
      c.peer = `${peer.text}/${peer.bitlen}`;
    } else if (matches(w, 'broadcast') || w === 'brd') {
      const v = args.take();
      if (broadcastSet) throw duparg('broadcast', v);
      broadcastSet = true;
      if (v === '+' || v === '-') c.broadcast = v;
      else {
        const b = getAddr(v, family);
        learn(b);
        c.broadcast = b.text;
      }
    } else if (w === 'anycast') {
      const v = args.take();
      if (anycastSet) throw duparg('anycast', v);
      anycastSet = true;
      const b = getAddr(v, family);
      learn(b);
      c.anycast = b.text;
    } else if (w === 'scope') {
      const v = args.take();
      const scope = scopeId(v);
      if (scope === undefined) throw invarg('invalid scope value.', v);
      c.scope = scope;
    } else if (w === 'dev') {
      dev = args.take();
    } else if (w === 'label') {
      c.label = args.take();
    } else if (matches(w, 'metric') || matches(w, 'priority') || matches(w, 'preference')) {
      const v = args.take();
      const metric = getU32(v);
      if (metric === undefined) throw invarg('"metric" value is invalid\n', v);
      c.metric = metric;
    } else if (matches(w, 'valid_lft')) {
      if (validText !== undefined) throw duparg('valid_lft', w);
      validText = args.take();
      valid = lifetime('valid_lft value', validText);
    } else if (matches(w, 'preferred_lft')) {
      if (preferredText !== undefined) throw duparg('preferred_lft', w);
      preferredText = args.take();
      preferred = lifetime('preferred_lft value', preferredText);
    } else if (ADDRESS_FLAG_DATA.some((d) => d.name === w)) {
      const data = ADDRESS_FLAG_DATA.find((d) => d.name === w) as (typeof ADDRESS_FLAG_DATA)[number];
      if (data.readonly) {
        ctx.io.stderr(`Warning: ${data.name} option is not mutable from userspace\n`);
      } else if (data.v6only && family !== AF.INET6) {
        ctx.io.stderr(`Warning: ${data.name} option can be set only for IPv6 addresses\n`);
      } else if (!(flagBits & data.mask)) {
        flagBits |= data.mask;
        flags.push(data.name as AddressConfigFlag);
      }
    } else {
      const v = w === 'local' ? args.take() : w;
      if (matches(v, 'help')) throw usage();
      if (local) throw duparg2('local', v);
      local = getPrefix(v, family);
      localText = v;
      learn(local);
    }
  }
  if (dev === undefined) throw new CliError('Not enough information: "dev" argument is required.\n', 1);
  if (!local) throw new CliError('nlink-ip address needs a local address (IFADDR).\n', 1);
  if (!peer && del && local.family === AF.INET && !local.specified) {
    ctx.io.stderr(
      'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
        `         Explicitly specify the prefix length (${localText}/${local.bytes.length * 8}) to avoid this warning.\n` +
        '         This special behaviour is likely to disappear in further releases,\n' +
        '         fix your scripts!\n',
    );
  }
  if ((c.broadcast === '+' || c.broadcast === '-') && !del && family !== AF.INET) {
    throw new CliError('Broadcast can be set only for IPv4 addresses\n', 1);
  }
  const cache = new LinkCache(await ctx.connection());
  const index = await cache.indexOf(dev);
  if (!index) throw new CliError(`Cannot find device "${dev}"\n`, 1);
  if (validText !== undefined || preferredText !== undefined) {
    if (valid === 0) throw new CliError('valid_lft is zero\n', 1);
    const v = valid === 'forever' ? 0xffffffff : valid;
    const p = preferred === 'forever' ? 0xffffffff : preferred;
    if (v < p) throw new CliError('preferred_lft is greater than valid_lft\n', 1);
    c.validLifetime = valid;
    c.preferredLifetime = preferred;
  }
  if (flagBits & IFA_F.MCAUTOJOIN && !isMulticast(local)) {
    throw new CliError('autojoin needs multicast address\n', 1);
  }
  // With a peer, the prefix length is the peer's (iproute2 ignores the local one).
  c.address = peer || !local.specified ? local.text : `${local.text}/${local.bitlen}`;
  if (flags.length) c.flags = flags;
  c.dev = index;
  const req = addressRequest(c as AddressConfig, del, index);
  return {
    out: {
      type: del ? RTM.DELADDR : RTM.NEWADDR,
      flags: CHANGE_FLAGS[change],
      schema: addressMessage,
      value: req.value,
    },
    context: { operation: `${change} address`, object: `${c.address} dev ${dev}` },
  };
}

// --- show, flush ---

interface ListRequest {
  readonly addr: AddressFilter;
  readonly link: LinkFilter;
  readonly up: boolean;
  readonly dev: string | undefined;
}

async function parseList(args: Args, ctx: IpContext, cache: LinkCache): Promise<ListRequest> {
  const addr = noAddressFilter(ctx.options.family);
  const link: LinkFilterDraft = { ...NO_FILTER };
  let dev: string | undefined;
  while (!args.done) {
    const w = args.take();
    if (w === 'to') {
      const v = args.take();
      const pfx = getPrefix(v, addr.family);
      addr.pfx = pfx;
      if (addr.family === AF.UNSPEC) addr.family = pfx.family;
    } else if (w === 'scope') {
      const v = args.take();
      addr.scopemask = -1;
      let scope = scopeId(v);
      if (scope === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
        scope = 255;
        addr.scopemask = 0;
      }
      addr.scope = scope;
    } else if (await parseLinkFilterWord(w, args, cache, link)) {
      // A link filter word.
    } else if (addFlagFilter(addr, w)) {
      // A flag.
    } else if (w === 'label') {
      addr.label = args.take();
    } else {
      const v = w === 'dev' ? args.take() : w;
      if (w !== 'dev' && matches(w, 'help')) throw usage();
      if (dev !== undefined) throw duparg2('dev', v);
      dev = v;
    }
  }
  if (dev !== undefined) link.index = await showDevIndex(cache, dev);
  addr.ifindex = link.index;
  return { addr, link, up: link.up, dev };
}

/** The `RTM_GETADDR` dump `ip` sends (`rtnl_addrdump_req` with the filter's family and ifindex). */
function addressDump(conn: Connection<Route>, f: AddressFilter): AsyncGenerator<ReceivedMessage> {
  return conn.dump(
    { type: RTM.GETADDR, schema: addressMessage, value: { header: { family: f.family, index: f.ifindex } } },
    { context: { operation: 'dump addresses', object: '' } },
  );
}

async function dumpAddresses(conn: Connection<Route>, f: AddressFilter): Promise<AddressMessage[]> {
  const out: AddressMessage[] = [];
  for await (const m of addressDump(conn, f)) {
    if (m.type === RTM.NEWADDR) out.push(addressMessage.decode(m.buf, m.offset, m.length));
  }
  return out;
}

/** `ipaddr_link_get`: one link, asked for with the filter's family (and its counters only with `-s`). */
async function getLink(ctx: IpContext, index: number, family: number): Promise<LinkMessage[]> {
  const conn = await ctx.connection();
  const extMask = RTEXT_FILTER.VF | (ctx.options.stats ? 0 : RTEXT_FILTER.SKIP_STATS);
  const replies = await conn.request(
    { type: RTM.GETLINK, schema: linkMessage, value: { header: { family, index }, attrs: { extMask } } },
    { context: { operation: 'get link', object: `if${index}` } },
  );
  return replies.filter((m) => m.type === RTM.NEWLINK).map((m) => linkMessage.decode(m.buf, m.offset, m.length));
}

/** `ipaddr_filter`: keeps the links with an address the filter keeps, or (for all families) with none at all. */
function linksWithAddresses(
  links: readonly LinkMessage[],
  addrs: readonly AddressMessage[],
  f: AddressFilter,
  cache: LinkCache,
): LinkMessage[] {
  return links.filter((l) => {
    let missing = true;
    for (const a of addrs) {
      if (a.header.index !== l.header.index) continue;
      missing = false;
      if (addressPasses(a, f, (i) => cache.name(i))) return true;
    }
    return missing && (f.family === AF.UNSPEC || f.family === AF.PACKET);
  });
}

/** `IPSTATS_MIB_*` counters `ip -s` shows for the IPv6 dump's links. */
const IPSTATS = { inPkts: 1, inOctets: 2, outPkts: 5, outOctets: 6, inDiscards: 13, outDiscards: 14, inMcastPkts: 23 };
const IPSTATS_CSUMERRORS = 31;
const IFLA_INET6_STATS = 3;

/**
 * The counters of a link from another family's dump (`get_snmp_counters`):
 * the IPv6 MIB in `IFLA_PROTINFO`'s `IFLA_INET6_STATS`, as link counters.
 */
function inet6Stats(protinfo: Uint8Array | undefined): LinkStats64 | undefined {
  if (protinfo === undefined) return undefined;
  const buf = Buffer.from(protinfo.buffer, protinfo.byteOffset, protinfo.byteLength);
  let mib: ((i: number) => bigint) | undefined;
  forEachAttr(buf, 0, buf.length, (type, _hdr, off, len) => {
    if (type === IFLA_INET6_STATS) mib = (i) => (8 * i + 8 <= len ? buf.readBigUInt64LE(off + 8 * i) : 0n);
  });
  const zero: LinkStats64 = rtnlLinkStats64.read(Buffer.alloc(rtnlLinkStats64.size), 0, rtnlLinkStats64.size);
  if (!mib) return zero;
  return {
    ...zero,
    rxPackets: mib(IPSTATS.inPkts),
    rxBytes: mib(IPSTATS.inOctets),
    txPackets: mib(IPSTATS.outPkts),
    txBytes: mib(IPSTATS.outOctets),
    rxErrors: mib(IPSTATS.inDiscards),
    txErrors: mib(IPSTATS.outDiscards),
    multicast: mib(IPSTATS.inMcastPkts),
    rxFrameErrors: mib(IPSTATS_CSUMERRORS),
  };
}

/** The queue lengths of the links whose messages lack one (another family's dump), from their full messages. */
async function queueLengths(conn: Connection<Route>, links: readonly LinkMessage[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const l of links) {
    if (l.attrs.txqlen !== undefined) continue;
    const full = await conn.getLinkByIndex(l.header.index);
    const qlen = full?.message.attrs.txqlen;
    if (qlen !== undefined) out.set(l.header.index, qlen);
  }
  return out;
}

function passesIndexAndUp(l: LinkMessage, req: ListRequest): boolean {
  return (!req.addr.ifindex || l.header.index === req.addr.ifindex) && (!req.up || (l.header.flags & IFF.UP) !== 0);
}

/** `ip address show|flush` (iproute2's `ipaddr_list_flush_or_save`). */
async function list(args: Args, ctx: IpContext, flush: boolean): Promise<number> {
  const o = ctx.options;
  if (flush) {
    if (args.done) throw new CliError('Flush requires arguments.\n', 1);
    if (o.family === AF.PACKET) throw new CliError('Cannot flush link addresses.\n', 1);
  }
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const req = await parseList(args, ctx, cache);
  if (flush) return flushAddresses(ctx, conn, req.addr, cache);
  const f = req.addr;
  // As iproute2: one link is asked for in the filter's family, a dump in the global one.
  let links = f.ifindex ? await getLink(ctx, f.ifindex, f.family) : await dumpLinks(conn, req.link, cache, o.family);
  for (const l of links) cache.remember(l);
  const noLink = f.family !== AF.PACKET && o.oneline;
  let addrs: AddressMessage[] = [];
  if (f.family !== AF.PACKET) {
    addrs = await dumpAddresses(conn, f);
    links = linksWithAddresses(links, addrs, f, cache);
  }
  if (o.details) await loadKinds();
  const txqlens = await queueLengths(conn, links);
  const env = {
    ...(await printEnv(ctx, links, req.link, cache)),
    addressFamily: f.family,
    txqlen: (i: number) => txqlens.get(i),
  };
  const addrEnv = {
    filter: f,
    brief: o.brief,
    oneline: o.oneline,
    numeric: o.numeric,
    linkName: (i: number) => cache.name(i),
  };
  const out = ctx.output();
  out.begin();
  for (const l of links) {
    out.openObject();
    let res = 0;
    if (o.brief || !noLink) {
      // With a label, iproute2 prints no link, only its addresses.
      if (f.label !== undefined) res = passesIndexAndUp(l, req) ? 0 : -1;
      else res = printLink(out, l, env) ? 1 : -1;
    }
    if (res >= 0 && f.family !== AF.PACKET) {
      out.openArray('json', 'addr_info');
      for (const a of addrs) {
        if (a.header.index !== l.header.index || (f.family && f.family !== a.header.family)) continue;
        if (req.up && !(l.header.flags & IFF.UP)) continue;
        out.openObject();
        printAddress(out, a, addrEnv);
        out.closeObject();
      }
      out.closeArray('json', '');
      if (o.brief) out.text('\n');
    }
    if (res > 0 && o.stats) {
      const s = l.attrs.stats64 ?? inet6Stats(l.attrs.protinfo);
      if (s) printStats64(out, s, l.attrs.carrierChanges, 'stats64', { level: o.stats, human: o.human, iec: o.iec });
      out.nl();
    }
    out.closeObject();
    out.flush();
  }
  out.end();
  out.flush();
  return 0;
}

/** How many rounds a flush tries (iproute2's default `-loops`). */
const MAX_FLUSH_ROUNDS = 10;

/**
 * `ipaddr_flush`: deletes what the filter keeps, round after round (deleting
 * a primary IPv4 address may promote a secondary), the kernel's own
 * messages sent back as `RTM_DELADDR`, packed in batches.
 */
async function flushAddresses(ctx: IpContext, conn: Connection<Route>, f: AddressFilter, cache: LinkCache) {
  const stats = ctx.options.stats;
  const say = (text: string) => ctx.io.stdout(text);
  for (let round = 0; round < MAX_FLUSH_ROUNDS; ) {
    const batch = conn.batch();
    for await (const m of addressDump(conn, f)) {
      if (m.type !== RTM.NEWADDR) continue;
      const a = addressMessage.decode(m.buf, m.offset, m.length);
      if ((f.ifindex && a.header.index !== f.ifindex) || !addressPasses(a, f, (i) => cache.name(i))) continue;
      batch.add(deletionOf(RTM.DELADDR, m), {
        operation: 'flush address',
        object: `${a.attrs.local ?? a.attrs.address ?? ''}/${a.header.prefixlen}`,
      });
    }
    if (batch.size === 0) {
      if (stats) say(flushComplete(round));
      return 0;
    }
    round++;
    for (const r of await batch.execute()) {
      if (!r.ok && !(r.error instanceof KernelError && r.error.errnoName === 'EADDRNOTAVAIL')) throw r.error;
    }
    if (stats) say(`\n*** Round ${round}, deleting ${batch.size} addresses ***\n`);
    if (!(f.flags & IFA_F.SECONDARY) && f.flagmask & IFA_F.SECONDARY) {
      if (stats) say(flushComplete(round));
      return 0;
    }
  }
  ctx.io.stderr(`*** Flush remains incomplete after ${MAX_FLUSH_ROUNDS} rounds. ***\n`);
  return 1;
}
