/**
 * `nlink-ip monitor [ all | OBJECTS ] [ label ] [ all-nsid ]`: the changes
 * the kernel announces, printed as they come in iproute2 6.1's layout (the
 * same printers as `ip link|address|route|nexthop|neigh|rule show`), with
 * `[LINK]`-style labels for `all` and `label`, `[nsid N]` prefixes for
 * `all-nsid`, a `Timestamp: ...` line (`-t`) or `[DATE-TIME] ` prefix
 * (`-ts`) before each event, and with `-j` one JSON object per event per
 * line (the object `ip -j OBJECT show` prints, after `"object"`,
 * `"timestamp"` with `-t`/`-ts`, `"nsid"` with `all-nsid`, and
 * `"deleted": true` for a removal). `ip` 6.1 itself ignores `-j` here.
 * `-d` prints details as the show commands do, routes with the `nh_info`
 * of their nexthop object (looked up once, then kept up to date by nexthop
 * events when those are watched, as `ip monitor`'s nexthop cache is).
 *
 * Objects: `link`, `address`, `route`, `neigh`, `rule`, `nexthop`, `nsid`.
 * Naming `mroute`, `prefix`, `netconf` or `stats` is an error; `all` leaves
 * those out, saying so on stderr.
 *
 * `all-nsid` merges the events of this namespace (`[nsid current]`) with
 * those of every named namespace that has an id here, as the kernel's
 * `NETLINK_LISTEN_ALL_NSID` would deliver them to `ip monitor all-nsid`.
 *
 * @module
 */

import { AF, RTM, RTM_F } from '../../core/constants.js';
import { MultiNamespaceEvents } from '../../events/multi.js';
import type { Address } from '../../route/addr/address.js';
import '../../events/sources.js';
import { type NetworkEvent, RtnetlinkGroup } from '../../route/events.js';
import type { Link } from '../../route/link/link.js';
import { Neighbor } from '../../route/neigh/neighbor.js';
import type { Nexthop } from '../../route/nexthop/nexthop.js';
import type { RouteEntry } from '../../route/route/route.js';
import type { Rule } from '../../route/rule/rule.js';
import { Connection } from '../../session/connection.js';
import { Route } from '../../session/protocol.js';
import { type Args, CliError, matches } from '../common/args.js';
import { Output } from '../common/output.js';
import { noAddressFilter, printAddress } from './address-print.js';
import type { IpContext } from './context.js';
import { printEnv } from './link.js';
import { LinkCache } from './link-cache.js';
import { NO_FILTER, printLink } from './link-print.js';
import { neighPrintEnv, printNeighbor } from './neigh.js';
import { printNexthopEntry } from './nexthop-print.js';
import { namedNamespaces, nsidNames, nsidOf } from './nsid.js';
import { RoutePrinter } from './route.js';
import { newRouteFilter, printRoute } from './route-print.js';
import { printRule } from './rule.js';

const USAGE =
  'Usage: nlink-ip monitor [ all | OBJECTS ] [ label ] [ all-nsid ]\n' +
  'OBJECTS :=  address | link | neigh | nexthop | nsid | route | rule\n' +
  '(mroute, netconf, prefix and stats are not supported by nlink-ip yet)\n';

type ObjectName = 'link' | 'address' | 'route' | 'neigh' | 'rule' | 'nsid' | 'nexthop';

/**
 * `ip monitor`'s words in its matching order (`stats` only in full), each
 * with its object or, for those nlink-ip lacks, why not.
 */
const WORDS: readonly (readonly [string, ObjectName | string])[] = [
  ['link', 'link'],
  ['address', 'address'],
  ['route', 'route'],
  ['mroute', 'multicast route events are not supported by nlink-ip yet'],
  ['prefix', 'prefix events are not supported by nlink-ip yet'],
  ['neigh', 'neigh'],
  ['netconf', 'netconf events are not supported by nlink-ip yet'],
  ['rule', 'rule'],
  ['nsid', 'nsid'],
  ['nexthop', 'nexthop'],
];

const OBJECTS: readonly ObjectName[] = ['link', 'address', 'route', 'neigh', 'rule', 'nsid', 'nexthop'];
const LEFT_OUT = 'netconf, mroute, prefix and stats events';

interface Request {
  readonly objects: ReadonlySet<ObjectName>;
  /** `label` or `all`: `[LINK]`-style prefixes. */
  readonly label: boolean;
  readonly allNsid: boolean;
  /** No object named: every one. */
  readonly all: boolean;
}

function parse(args: Args): Request {
  const objects = new Set<ObjectName>();
  let label = false;
  let allNsid = false;
  while (!args.done) {
    const w = args.take();
    if (matches(w, 'file') || w === 'dev') {
      throw new CliError(`nlink-ip monitor: "${w}" is not supported by nlink-ip yet.\n`, 1);
    }
    if (matches(w, 'label')) {
      label = true;
      continue;
    }
    if (w === 'stats') throw new CliError('nlink-ip monitor: stats events are not supported by nlink-ip yet.\n', 1);
    const word = WORDS.find(([name]) => matches(w, name));
    if (word) {
      const [, what] = word;
      if (!(OBJECTS as readonly string[]).includes(what)) throw new CliError(`nlink-ip monitor: ${what}.\n`, 1);
      objects.add(what as ObjectName);
    } else if (w === 'all') label = true;
    else if (matches(w, 'all-nsid')) allNsid = true;
    else if (matches(w, 'help')) throw new CliError(USAGE, 255);
    else throw new CliError(`Argument "${w}" is unknown, try "ip monitor help".\n`, 255);
  }
  const all = objects.size === 0;
  return { objects: all ? new Set(OBJECTS) : objects, label, allNsid, all };
}

/** The groups of the requested objects, as `do_ipmonitor` picks them for `-4`/`-6`. */
function groupsOf(objects: ReadonlySet<ObjectName>, family: number): RtnetlinkGroup[] {
  const v4 = family === AF.UNSPEC || family === AF.INET;
  const v6 = family === AF.UNSPEC || family === AF.INET6;
  const groups: RtnetlinkGroup[] = [];
  if (objects.has('link')) groups.push(RtnetlinkGroup.Link);
  if (objects.has('address')) {
    if (v4) groups.push(RtnetlinkGroup.Ipv4Addr);
    if (v6) groups.push(RtnetlinkGroup.Ipv6Addr);
  }
  if (objects.has('route')) {
    if (v4) groups.push(RtnetlinkGroup.Ipv4Route);
    if (v6) groups.push(RtnetlinkGroup.Ipv6Route);
  }
  if (objects.has('neigh')) groups.push(RtnetlinkGroup.Neigh);
  if (objects.has('rule')) {
    if (v4) groups.push(RtnetlinkGroup.Ipv4Rule);
    if (v6) groups.push(RtnetlinkGroup.Ipv6Rule);
  }
  if (objects.has('nsid')) groups.push(RtnetlinkGroup.Nsid);
  if (objects.has('nexthop')) groups.push(RtnetlinkGroup.Nexthop);
  return groups;
}

/** One event, ready to print: its label, whether it is a removal, and how to print the object. */
interface Printable {
  readonly object: ObjectName;
  readonly label: string;
  readonly deleted: boolean;
  /** Prints the object, its text line(s) ended; `wrap`: inside a JSON object of its own. */
  readonly print: (out: Output) => void;
  readonly wrap: boolean;
}

/** What printing events needs across events: the link cache and the namespace names by id. */
class Printer {
  readonly #ctx: IpContext;
  readonly #cache: LinkCache;
  readonly #conn: Connection<Route>;
  readonly #routes: RoutePrinter;
  #nsNames: Map<number, string> | undefined;

  constructor(ctx: IpContext, conn: Connection<Route>) {
    this.#ctx = ctx;
    this.#conn = conn;
    this.#cache = new LinkCache(conn);
    this.#routes = new RoutePrinter(ctx, conn, this.#cache, newRouteFilter(ctx.options.family));
  }

  async #link(link: Link, deleted: boolean): Promise<Printable> {
    this.#cache.remember(link.message);
    const m = link.message;
    // Printed as ip address prints links (do_link off in ip monitor): no link mode, no queue length.
    const env = {
      ...(await printEnv(this.#ctx, [m], NO_FILTER, this.#cache)),
      addressFamily: AF.UNSPEC,
      showQueue: false,
    };
    return { object: 'link', label: 'LINK', deleted, wrap: true, print: (out) => printLink(out, m, env) };
  }

  async #address(address: Address, deleted: boolean): Promise<Printable> {
    const m = address.message;
    await this.#cache.prefetch([m.header.index]);
    const o = this.#ctx.options;
    // ip monitor prints addresses as `ip -o address` starts them (ipaddr_reset_filter(1, 0)).
    const env = {
      filter: noAddressFilter(o.family),
      brief: false,
      oneline: true,
      numeric: o.numeric,
      linkName: (i: number) => this.#cache.name(i),
    };
    return { object: 'address', label: 'ADDR', deleted, wrap: true, print: (out) => printAddress(out, m, env) };
  }

  async #route(route: RouteEntry, deleted: boolean): Promise<Printable | undefined> {
    const m = route.message;
    // ip monitor leaves out cached (cloned) routes.
    if (m.header.flags & RTM_F.CLONED) return undefined;
    // With -d, a route's nexthop object too (nh_info).
    await this.#routes.prefetch([m]);
    const env = this.#routes.env;
    return { object: 'route', label: 'ROUTE', deleted, wrap: false, print: (out) => printRoute(out, m, env) };
  }

  async #nexthop(nexthop: Nexthop, deleted: boolean): Promise<Printable> {
    const m = nexthop.message;
    await this.#cache.prefetch([m.attrs.oif]);
    const o = this.#ctx.options;
    // ip monitor keeps its nexthop cache (what routes' nh_info print with -d) up to date.
    if (o.details) this.#routes.nexthopEvent(m, deleted);
    const env = {
      details: o.details > 0,
      numeric: o.numeric,
      stats: o.stats,
      linkName: (i: number) => this.#cache.name(i),
    };
    return {
      object: 'nexthop',
      label: 'NEXTHOP',
      deleted,
      wrap: false,
      print: (out) => {
        printNexthopEntry(out, m, env, null);
        out.text('%s', '\n');
      },
    };
  }

  /** `print_neigh`; with `-4`/`-6`/`-f`, entries of other families are left out, as `ip monitor` does. */
  async #neighbor(n: Neighbor, deleted: boolean, miss = false): Promise<Printable | undefined> {
    const family = this.#ctx.options.family;
    if (family !== AF.UNSPEC && n.family !== family) return undefined;
    await this.#cache.prefetch([n.ifindex]);
    const env = neighPrintEnv(this.#ctx, 0, this.#cache);
    const type = miss ? RTM.GETNEIGH : RTM.NEWNEIGH;
    return { object: 'neigh', label: 'NEIGH', deleted, wrap: false, print: (out) => printNeighbor(out, n, type, env) };
  }

  #rule(rule: Rule, deleted: boolean): Printable {
    const m = rule.message;
    const env = this.#ctx.options;
    return { object: 'rule', label: 'RULE', deleted, wrap: false, print: (out) => printRule(out, m, env) };
  }

  /** `print_nsid`: the id and, if known, the name of the namespace it names. */
  async #nsid(nsid: number, deleted: boolean): Promise<Printable> {
    // Names stay known after the namespace is gone, as iproute2's map keeps them.
    if (!deleted || !this.#nsNames?.has(nsid)) {
      const fresh = await nsidNames(this.#conn);
      this.#nsNames = new Map([...(this.#nsNames ?? []), ...fresh]);
    }
    const name = this.#nsNames?.get(nsid);
    return {
      object: 'nsid',
      label: 'NSID',
      deleted,
      wrap: true,
      print: (out) => {
        if (nsid < 0) out.string('fp', null, '%s', 'nsid unassigned ');
        else out.int('any', 'nsid', 'nsid %d ', nsid);
        if (name !== undefined) out.string('any', 'name', '(iproute2 netns name: %s)', name);
        out.string('fp', null, '%s', '\n');
      },
    };
  }

  /** The printable form of an event of the requested objects; `undefined` for the others. */
  printable(e: NetworkEvent, objects: ReadonlySet<ObjectName>): Promise<Printable | undefined> | undefined {
    const deleted = e.type.startsWith('Del');
    switch (e.type) {
      case 'NewLink':
      case 'DelLink':
        return objects.has('link') ? this.#link(e.link, deleted) : undefined;
      case 'NewAddress':
      case 'DelAddress':
        return objects.has('address') ? this.#address(e.address, deleted) : undefined;
      case 'NewRoute':
      case 'DelRoute':
        return objects.has('route') ? this.#route(e.route, deleted) : undefined;
      case 'NewNexthop':
      case 'DelNexthop':
        return objects.has('nexthop') ? this.#nexthop(e.nexthop, deleted) : undefined;
      case 'NewNeighbor':
      case 'DelNeighbor':
        return objects.has('neigh') ? this.#neighbor(e.neighbor, deleted) : undefined;
      case 'NewFdb':
      case 'DelFdb':
        // Bridge forwarding entries are neighbour messages too: ip monitor prints them as such.
        return objects.has('neigh') ? this.#neighbor(e.fdb, deleted) : undefined;
      case 'NewRule':
      case 'DelRule':
        return objects.has('rule') ? Promise.resolve(this.#rule(e.rule, deleted)) : undefined;
      case 'NewNsid':
      case 'DelNsid':
        return objects.has('nsid') ? this.#nsid(e.nsid, deleted) : undefined;
      case 'Other':
        // A resolution the kernel asks user space for (`app_probes`): ip monitor prints it with `miss`.
        if (e.message.type === RTM.GETNEIGH && objects.has('neigh')) {
          return this.#neighbor(Neighbor.fromMessage(e.message), false, true);
        }
        return undefined;
      default:
        return undefined;
    }
  }
}

/** The JSON object a printer prints, read back from its output. */
function jsonOf(p: Printable): Record<string, unknown> {
  let text = '';
  const out = new Output(
    (t) => {
      text += t;
    },
    { json: true },
  );
  out.begin();
  if (p.wrap) out.openObject();
  p.print(out);
  if (p.wrap) out.closeObject();
  out.end();
  out.flush();
  return (JSON.parse(text) as Record<string, unknown>[])[0] ?? {};
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall clock in microseconds (`gettimeofday`). */
function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** Local date and time as `strftime("%Y-%m-%dT%H:%M:%S")` and the microseconds, iproute2's `-ts` stamp. */
function shortStamp(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date}T${time}.${pad(us % 1_000_000, 6)}`;
}

/** iproute2's `print_timestamp`: `-t`'s line (`asctime` and microseconds) or `-ts`'s prefix. */
export function timestampText(kind: 'long' | 'short', us: number): string {
  if (kind === 'short') return `[${shortStamp(us)}] `;
  const d = new Date(Math.floor(us / 1000));
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const day = String(d.getDate()).padStart(2, ' ');
  const asctime = `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day} ${time} ${d.getFullYear()}`;
  return `Timestamp: ${asctime} ${us % 1_000_000} usec\n`;
}

/** Writes one event: a JSON line with `-j`, else iproute2's text with its prefixes. */
function write(ctx: IpContext, p: Printable, request: Request, nsid: string | undefined): void {
  const stamp = ctx.options.timestamp;
  const us = nowMicros();
  if (ctx.options.json) {
    const head: Record<string, unknown> = { object: p.object };
    if (stamp !== undefined) head.timestamp = shortStamp(us);
    if (nsid !== undefined) head.nsid = nsid === 'current' ? nsid : Number(nsid);
    if (p.deleted) head.deleted = true;
    ctx.io.stdout(`${JSON.stringify({ ...head, ...jsonOf(p) })}\n`);
    return;
  }
  const out = new Output((t) => ctx.io.stdout(t), { oneline: ctx.options.oneline });
  if (stamp !== undefined) out.text('%s', timestampText(stamp, us));
  if (nsid !== undefined) out.text('[nsid %s]', nsid);
  if (request.label) out.text('[%s]', p.label);
  if (p.deleted) out.text('%s', 'Deleted ');
  p.print(out);
  out.flush();
}

/** A tagged event: `nsid` is `current`, a peer's id, or `undefined` without `all-nsid`. */
interface Tagged {
  readonly nsid: string | undefined;
  readonly event: NetworkEvent;
}

/**
 * The events to watch: of this namespace, or (`all-nsid`) merged with every
 * named peer that has an id here, peers joining and leaving as their ids
 * are given and released.
 */
async function* eventSource(
  ctx: IpContext,
  conn: Connection<Route>,
  groups: readonly RtnetlinkGroup[],
  allNsid: boolean,
): AsyncGenerator<Tagged, void, undefined> {
  if (!allNsid) {
    conn.subscribe(groups);
    for await (const event of conn.events()) yield { nsid: undefined, event };
    return;
  }
  const merged = new MultiNamespaceEvents();
  conn.subscribe([...groups, RtnetlinkGroup.Nsid]);
  merged.add('current', conn);
  const addPeer = (name: string, id: number) => {
    if (name === ctx.options.netns || merged.namespaces.includes(String(id))) return;
    const peer = new Connection(Route, { namespace: { name } });
    peer.subscribe(groups);
    merged.add(String(id), peer);
  };
  for (const name of namedNamespaces()) {
    const id = await nsidOf(conn, name);
    if (id !== undefined) addPeer(name, id);
  }
  for await (const { namespace, event } of merged) {
    if (namespace === 'current' && event.type === 'NewNsid') {
      const name = (await nsidNames(conn)).get(event.nsid);
      if (name !== undefined) addPeer(name, event.nsid);
    } else if (namespace === 'current' && event.type === 'DelNsid') {
      merged.remove(String(event.nsid));
    }
    yield { nsid: namespace, event };
  }
}

/** `ip monitor`: prints events until killed. */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const request = parse(args);
  if (request.all) ctx.io.stderr(`nlink-ip monitor: ${LEFT_OUT} are not shown (not supported by nlink-ip yet)\n`);
  const conn = await ctx.connection();
  const printer = new Printer(ctx, conn);
  const groups = groupsOf(request.objects, ctx.options.family);
  for await (const { nsid, event } of eventSource(ctx, conn, groups, request.allNsid)) {
    if (event.type === 'Overrun') {
      // As ip's rtnl_listen: say so and go on.
      ctx.io.stderr('netlink receive error No buffer space available (105)\n');
      continue;
    }
    const p = await printer.printable(event, request.objects);
    if (p) write(ctx, p, request, nsid);
  }
  return 0;
}
