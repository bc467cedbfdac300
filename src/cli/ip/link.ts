/**
 * `nlink-ip link`: show, add, set (change), replace and delete links with
 * iproute2's arguments and output.
 *
 * @module
 */

import { closeSync, existsSync, openSync } from 'node:fs';
import { AF, NLM_F, RTEXT_FILTER, RTM } from '../../core/constants.js';
import { validateIfindex } from '../../core/ifname.js';
import { type NamespaceSpec, resolveNamespace } from '../../core/netns-path.js';
import { UnsupportedError } from '../../errors.js';
import { type BuildContext, type LinkAttrsInput, linkKind } from '../../route/link/kind.js';
import type { LinkMessage } from '../../route/link/link.js';
import { linkMessage } from '../../route/link/schema.js';
import type { Connection } from '../../session/connection.js';
import type { Route } from '../../session/protocol.js';
import { type Args, CliError, duparg2, invarg, matches } from '../common/args.js';
import type { IpContext } from './context.js';
import { linkUsage, type ParsedLink, parseLinkArgs } from './link-args.js';
import { LinkCache } from './link-cache.js';
import { type LinkFilter, type LinkPrintEnv, NO_FILTER, printLink } from './link-print.js';
import { loadedLinkType, loadLinkType } from './link-types/index.js';
import type { KindParseContext } from './link-types/types.js';
import { groupId } from './names.js';
import { nsidNames } from './nsid.js';

/** Runs `nlink-ip link ARGS` (iproute2's `do_iplink`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return show(args, ctx);
  args.take();
  if (matches(word, 'add')) return modify(args, ctx, 'add');
  if (matches(word, 'set') || matches(word, 'change')) return modify(args, ctx, 'set');
  if (matches(word, 'replace')) return modify(args, ctx, 'replace');
  if (matches(word, 'delete')) return modify(args, ctx, 'delete');
  if (matches(word, 'show') || matches(word, 'lst') || matches(word, 'list')) return show(args, ctx);
  if (matches(word, 'xstats') || matches(word, 'afstats') || matches(word, 'property')) {
    throw new CliError(`"ip link ${word}" is not supported by nlink-ip.\n`, 1);
  }
  if (matches(word, 'help')) throw linkUsage();
  throw new CliError(`Command "${word}" is unknown, try "nlink-ip link help".\n`);
}

/** Registers the library's link kinds (their codecs and builders), which `-d` and changes need. */
export async function loadKinds(): Promise<void> {
  await import('../../route/link/kinds/index.js');
}

// --- show ---

interface ShowRequest {
  readonly filter: LinkFilter;
  readonly dev: string | undefined;
}

/** A link filter being read from the command line. */
export type LinkFilterDraft = { -readonly [K in keyof LinkFilter]: LinkFilter[K] };

/**
 * Reads `w` into `f` when it is one of the link filter words `ip link show`
 * and `ip address show` share (`up`, `group`, `master`, `vrf`, `nomaster`,
 * `type`), taking its value from `args`; false when it is none of them.
 */
export async function parseLinkFilterWord(
  w: string,
  args: Args,
  cache: LinkCache,
  f: LinkFilterDraft,
): Promise<boolean> {
  if (w === 'up') {
    f.up = true;
  } else if (w === 'group') {
    const v = args.take();
    const id = groupId(v);
    if (id === undefined) throw invarg('Invalid "group" value\n', v);
    f.group = id;
  } else if (w === 'master') {
    const v = args.take();
    f.master = await cache.indexOf(v);
    if (!f.master) throw invarg('Device does not exist\n', v);
  } else if (w === 'vrf') {
    const v = args.take();
    f.master = await cache.vrfIndex(v);
    if (!f.master) throw invarg('Not a valid VRF name\n', v);
  } else if (w === 'nomaster') {
    f.master = -1;
  } else if (w === 'type') {
    const v = args.take();
    if (v.endsWith('_slave')) f.slaveKind = v.slice(0, -6);
    else f.kind = v;
  } else {
    return false;
  }
  return true;
}

/** The ifindex of the `dev` a show command names, or `Device "DEV" does not exist.` */
export async function showDevIndex(cache: LinkCache, dev: string): Promise<number> {
  const index = await cache.indexOf(dev);
  if (index <= 0) throw new CliError(`Device "${dev}" does not exist.\n`, 1);
  return index;
}

async function parseShow(args: Args, cache: LinkCache): Promise<ShowRequest> {
  const filter: LinkFilterDraft = { ...NO_FILTER };
  let dev: string | undefined;
  while (!args.done) {
    const w = args.take();
    if (await parseLinkFilterWord(w, args, cache, filter)) {
      // A link filter word.
    } else if (w === 'to' || w === 'scope' || w === 'label' || w === 'proto') {
      throw new CliError(`"${w}" filters addresses; "nlink-ip link show" does not support it.\n`);
    } else {
      const v = w === 'dev' ? args.take() : w;
      if (w !== 'dev' && matches(w, 'help')) throw linkUsage();
      if (dev !== undefined) throw duparg2('dev', v);
      dev = v;
    }
  }
  if (dev !== undefined) filter.index = await showDevIndex(cache, dev);
  return { filter, dev };
}

/**
 * Dumps the links as `ip` asks for them (`rtnl_linkdump_req_filter_fn`):
 * for `family` unspecified or `AF_PACKET` with the VF mask and the master and
 * kind filters, for another family (`ip -6 address`) a bare request, which
 * that family's own handler answers.
 */
export async function dumpLinks(
  conn: Connection<Route>,
  filter: LinkFilter,
  cache: LinkCache,
  family: number = AF.PACKET,
): Promise<LinkMessage[]> {
  const attrs: Record<string, unknown> = {};
  if (family === AF.UNSPEC || family === AF.PACKET) {
    attrs.extMask = RTEXT_FILTER.VF;
    if (filter.master) attrs.master = filter.master >>> 0;
    if (filter.kind !== undefined) attrs.linkinfo = { kind: filter.kind };
  }
  const out: LinkMessage[] = [];
  const request = {
    type: RTM.GETLINK,
    schema: linkMessage,
    value: { header: { family }, attrs: attrs as LinkAttrsInput },
  };
  for await (const m of conn.dump(request, { context: { operation: 'dump links' } })) {
    if (m.type !== RTM.NEWLINK) continue;
    const link = linkMessage.decode(m.buf, m.offset, m.length);
    cache.remember(link);
    out.push(link);
  }
  return out;
}

/** What printing `links` needs: their masters, lower links and namespace ids looked up, the options of `ctx`. */
export async function printEnv(
  ctx: IpContext,
  links: readonly LinkMessage[],
  filter: LinkFilter,
  cache: LinkCache,
): Promise<LinkPrintEnv> {
  const o = ctx.options;
  const details = o.details > 0;
  const needed = new Set<number | undefined>();
  let nsids = false;
  for (const m of links) {
    const a = m.attrs;
    if (a.linkNetnsid === undefined) needed.add(a.link);
    else nsids = true;
    if (a.newNetnsid !== undefined) nsids = true;
    needed.add(a.master);
    const info = details ? a.linkinfo : undefined;
    if (info?.kind !== undefined) {
      const type = await loadLinkType(info.kind);
      for (const i of (type?.indexes && info.data !== undefined && type.indexes(info.data)) || []) needed.add(i);
    }
    if (info?.portKind !== undefined) {
      const type = await loadLinkType(`${info.portKind}_slave`);
      for (const i of (type?.indexes && info.portData !== undefined && type.indexes(info.portData)) || []) {
        needed.add(i);
      }
    }
  }
  await cache.prefetch(needed);
  const names = nsids && !o.json ? await nsidNames(await ctx.connection()) : new Map<number, string>();
  const env: LinkPrintEnv = {
    filter,
    details,
    stats: o.stats,
    brief: o.brief,
    human: o.human,
    iec: o.iec,
    numeric: o.numeric,
    linkName: (index) => cache.name(index),
    linkFlags: (index) => cache.flags(index),
    nsidName: (id) => names.get(id),
    linkType: (kind) => loadedLinkType(kind),
  };
  return env;
}

/** `ip link show [dev NAME | NAME] [up] [group G] [master M | nomaster] [type KIND]`. */
async function show(args: Args, ctx: IpContext): Promise<number> {
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const { filter, dev } = await parseShow(args, cache);
  let links: LinkMessage[];
  if (dev !== undefined) {
    const link = await cache.byIndex(filter.index);
    links = link ? [link] : [];
  } else {
    links = await dumpLinks(conn, filter, cache);
  }
  if (ctx.options.details) await loadKinds();
  const env = await printEnv(ctx, links, filter, cache);
  const out = ctx.output();
  out.begin();
  for (const m of links) {
    out.openObject();
    printLink(out, m, env);
    out.closeObject();
  }
  out.end();
  out.flush();
  return 0;
}

// --- add, set, replace, delete ---

type ModifyCommand = 'add' | 'set' | 'replace' | 'delete';

const OPERATION: Readonly<Record<ModifyCommand, string>> = {
  add: 'add link',
  set: 'set link',
  replace: 'replace link',
  delete: 'delete link',
};

/** Opens a namespace for `IFLA_NET_NS_FD` (closing it is the caller's), or names a process for `IFLA_NET_NS_PID`. */
function namespaceAttrs(spec: NamespaceSpec, opened: number[]): Pick<LinkAttrsInput, 'netNsFd' | 'netNsPid'> {
  if (typeof spec === 'object' && 'pid' in spec) return { netNsPid: spec.pid >>> 0 };
  const fd = openSync(resolveNamespace(spec).path, 'r');
  opened.push(fd);
  return { netNsFd: fd };
}

function garbage(args: Args): CliError {
  const w = args.peek() ?? '';
  if (matches(w, 'help')) return linkUsage();
  return new CliError(`Garbage instead of arguments "${w} ...". Try "nlink-ip link help".\n`, 1);
}

/** The checks and lookups at the end of `iplink_parse`; fills the header and the name attributes. */
async function finish(
  p: ParsedLink,
  args: Args,
  cache: LinkCache,
  create: boolean,
  header: { index: number },
): Promise<boolean> {
  if (p.dev !== undefined && p.addrLen && !create) {
    const address = (await cache.byName(p.dev))?.attrs.address;
    const halen = address === undefined ? -1 : address.split(':').length;
    if (halen >= 0 && halen !== p.addrLen) {
      throw new CliError(`Invalid address length ${p.addrLen} - must be ${halen} bytes\n`, 1);
    }
  }
  if (p.index && !create && p.netns === undefined) {
    throw new CliError('index can be used only when creating devices or when moving device to another netns.\n');
  }
  if (p.group !== undefined && p.dev === undefined) {
    if (!args.done)
      throw new CliError(`Garbage instead of arguments "${args.peek()} ...". Try "nlink-ip link help".\n`);
    if (create) throw new CliError('group cannot be used when creating devices.\n');
    p.type = undefined;
    return true;
  }
  if (!create) {
    if (p.dev === undefined) throw new CliError('Not enough information: "dev" argument is required.\n');
    header.index = await cache.indexOf(p.dev);
    if (!header.index) throw new CliError(`Cannot find device "${p.dev}"\n`, 1);
    if (p.name === p.dev) p.name = undefined;
    if (p.index) p.attrs.newIfindex = p.index;
  } else {
    if (p.name !== p.dev) throw new CliError('both "name" and "dev" cannot be used when creating devices.\n');
    if (p.link !== undefined) {
      const link = await cache.indexOf(p.link);
      if (!link) throw new CliError(`Cannot find device "${p.link}"\n`, 1);
      p.attrs.link = link;
    }
    header.index = p.index;
  }
  if (p.name !== undefined) p.attrs.ifname = p.name;
  return false;
}

/** `iplink_modify`: one `RTM_NEWLINK`/`RTM_DELLINK` built from the arguments, as iproute2 sends it. */
async function modify(args: Args, ctx: IpContext, cmd: ModifyCommand): Promise<number> {
  const conn = await ctx.connection();
  const cache = new LinkCache(conn);
  const create = cmd === 'add' || cmd === 'replace';
  await loadKinds();
  const parseArgs = (a: Args) => parseLinkArgs(a, { cache, exists: existsSync });
  const p = await parseArgs(args);
  const header = { family: ctx.options.family, index: 0, flags: p.flags, change: p.change };
  const groupMode = await finish(p, args, cache, create, header);
  const attrs = p.attrs;
  const opened: number[] = [];
  try {
    if (p.netns !== undefined) Object.assign(attrs, namespaceAttrs(p.netns, opened));
    const type = p.type;
    if (type !== undefined) {
      const cli = await loadLinkType(type);
      const linkinfo: Record<string, unknown> = { kind: type };
      if (!args.done) {
        if (!cli?.parse) throw garbage(args);
        const parseCtx: KindParseContext = {
          index: (name) => cache.indexOf(name),
          parseLinkArgs: parseArgs,
          link: p.link,
          create,
          warn: (text) => ctx.io.stderr(text),
        };
        const options = await cli.parse(args, parseCtx);
        if (cli.portData) {
          linkinfo.portData = cli.portData(options);
        } else {
          const kind = linkKind(type);
          if (!kind) throw new UnsupportedError(`link kind ${JSON.stringify(type)}`, 'the library has no such kind');
          const build = cli.build ?? ((o: object, c: BuildContext) => Promise.resolve(kind.build(o as never, c)));
          const buildCtx: BuildContext = {
            async index(ref) {
              if (typeof ref === 'number') return validateIfindex(ref);
              const index = await cache.indexOf(ref);
              if (!index) throw new CliError(`Cannot find device "${ref}"\n`, 1);
              return index;
            },
            namespaceAttrs: (spec) => namespaceAttrs(spec, opened),
          };
          const contribution = await build(options, buildCtx);
          Object.assign(attrs, contribution.attrs);
          if (contribution.data !== undefined) linkinfo.data = contribution.data;
        }
      }
      attrs.linkinfo = linkinfo;
    } else if (create) {
      throw new CliError('Not enough information: "type" argument is required\n', 1);
    }
    const object = groupMode
      ? `group ${p.group}`
      : cmd === 'add' || cmd === 'replace'
        ? `${p.name} (${type})`
        : (p.dev ?? '');
    await conn.ack(
      {
        type: cmd === 'delete' ? RTM.DELLINK : RTM.NEWLINK,
        flags: cmd === 'add' ? NLM_F.CREATE | NLM_F.EXCL : cmd === 'replace' ? NLM_F.CREATE | NLM_F.REPLACE : 0,
        schema: linkMessage,
        value: { header, attrs: attrs as LinkAttrsInput },
      },
      { context: { operation: OPERATION[cmd], object } },
    );
  } finally {
    for (const fd of opened) closeSync(fd);
  }
  return 0;
}
