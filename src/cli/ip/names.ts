/**
 * The name tables `ip` prints with: link-layer types (`link/ether`), device
 * groups (`/etc/iproute2/group`), operational states, link modes, and the
 * owners of TUN/TAP devices (`/etc/passwd`, `/etc/group`).
 *
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs';
import { formatIpv4, formatIpv6 } from '../../schema/address.js';
import { getInteger, getU8, getU32 } from '../common/args.js';

/** `ARPHRD_*` types iproute2 knows by name (lib/ll_types.c), in its order. */
const ARPHRD_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'netrom'],
  [1, 'ether'],
  [2, 'eether'],
  [3, 'ax25'],
  [4, 'pronet'],
  [5, 'chaos'],
  [6, 'ieee802'],
  [7, 'arcnet'],
  [8, 'atalk'],
  [15, 'dlci'],
  [19, 'atm'],
  [23, 'metricom'],
  [24, 'ieee1394'],
  [32, 'infiniband'],
  [256, 'slip'],
  [257, 'cslip'],
  [258, 'slip6'],
  [259, 'cslip6'],
  [260, 'rsrvd'],
  [264, 'adapt'],
  [270, 'rose'],
  [271, 'x25'],
  [272, 'hwx25'],
  [280, 'can'],
  [512, 'ppp'],
  [513, 'hdlc'],
  [516, 'lapb'],
  [517, 'ddcmp'],
  [518, 'rawhdlc'],
  [768, 'ipip'],
  [769, 'tunnel6'],
  [770, 'frad'],
  [771, 'skip'],
  [772, 'loopback'],
  [773, 'ltalk'],
  [774, 'fddi'],
  [775, 'bif'],
  [776, 'sit'],
  [777, 'ip/ddp'],
  [778, 'gre'],
  [779, 'pimreg'],
  [780, 'hippi'],
  [781, 'ash'],
  [782, 'econet'],
  [783, 'irda'],
  [784, 'fcpp'],
  [785, 'fcal'],
  [786, 'fcpl'],
  ...Array.from({ length: 13 }, (_, i): [number, string] => [787 + i, `fcfb${i}`]),
  [800, 'tr'],
  [801, 'ieee802.11'],
  [802, 'ieee802.11/prism'],
  [803, 'ieee802.11/radiotap'],
  [804, 'ieee802.15.4'],
  [805, 'ieee802.15.4/monitor'],
  [820, 'phonet'],
  [821, 'phonet_pipe'],
  [822, 'caif'],
  [823, 'gre6'],
  [824, 'netlink'],
  [825, '6lowpan'],
  [0xfffe, 'none'],
  [0xffff, 'void'],
]);

/** `ARPHRD_*` values whose addresses are IP addresses (lib/ll_addr.c). */
const ARPHRD = { TUNNEL: 768, TUNNEL6: 769, SIT: 776, IPGRE: 778, IP6GRE: 823 } as const;

/** The name of a link-layer type as `ip` prints it after `link/` (`ll_type_n2a`). */
export function linkTypeName(type: number, numeric: boolean): string {
  const name = numeric ? undefined : ARPHRD_NAMES.get(type);
  return name ?? `[${type}]`;
}

/**
 * A link-layer address as `ip` prints it (`ll_addr_n2a`): colon-separated hex,
 * or an IP address for IPv4/IPv6 tunnels. `mac` is the schema's colon-hex text.
 */
export function linkAddress(mac: string, type: number): string {
  const bytes = mac === '' ? [] : mac.split(':').map((h) => Number.parseInt(h, 16));
  const b = Uint8Array.from(bytes);
  if (b.length === 4 && (type === ARPHRD.TUNNEL || type === ARPHRD.SIT || type === ARPHRD.IPGRE)) {
    return formatIpv4(b);
  }
  if (b.length === 16 && (type === ARPHRD.TUNNEL6 || type === ARPHRD.IP6GRE)) return formatIpv6(b);
  return mac;
}

/** RFC 2863 operational states, by `IF_OPER_*` value. */
export const OPER_STATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;

/** Link modes, by `IF_LINK_MODE_*` value. */
export const LINK_MODES = ['DEFAULT', 'DORMANT'] as const;

/** The `IF_OPER_*` value of a state name, any case (`get_operstate`); -1 when unknown. */
export function operstateValue(name: string): number {
  return OPER_STATES.findIndex((s) => s.toLowerCase() === name.toLowerCase());
}

/** Reads a `NUMBER NAME` table of iproute2's (`fread_id_name`): hex or decimal ids, `#` comments. */
function readIdNames(path: string): [number, string][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: [number, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^[ \t]*(0x[0-9a-fA-F]+|-?\d+)[ \t]+([^\s#]+)/.exec(line);
    if (!m) continue;
    const id = m[1]?.startsWith('0x') ? Number.parseInt(m[1].slice(2), 16) : Number(m[1]);
    if (id >= 0 && m[2]) out.push([id, m[2]]);
  }
  return out;
}

let groups: [number, string][] | undefined;

function groupTable(): [number, string][] {
  groups ??= [[0, 'default'], ...readIdNames('/etc/iproute2/group')];
  return groups;
}

/** A device group as `ip` prints it: its name from `/etc/iproute2/group`, else the number (`rtnl_group_n2a`). */
export function groupName(id: number, numeric: boolean): string {
  const signed = id | 0;
  if (!numeric) {
    for (const [gid, name] of groupTable()) if (gid === signed) return name;
  }
  return String(signed);
}

/** A device group by name or number (`rtnl_group_a2n`); `undefined` when neither. */
export function groupId(arg: string): number | undefined {
  for (const [gid, name] of groupTable()) if (name === arg) return gid;
  const n = getInteger(arg);
  return n === undefined || n < 0 ? undefined : n;
}

function accountName(path: string, id: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && Number(fields[2]) === id && fields[2] !== '') return fields[0];
  }
  return undefined;
}

/** The user name of `uid` from `/etc/passwd` (`getpwuid`), if any. */
export function userNameOf(uid: number): string | undefined {
  return accountName('/etc/passwd', uid);
}

/** The group name of `gid` from `/etc/group` (`getgrgid`), if any. */
export function groupNameOf(gid: number): string | undefined {
  return accountName('/etc/group', gid);
}

let dsfields: Map<number, string> | undefined;

function dsfieldNames(): Map<number, string> {
  dsfields ??= new Map(readIdNames('/etc/iproute2/rt_dsfield').filter(([id]) => id < 256));
  return dsfields;
}

/**
 * A DS field (TOS) value by name from `/etc/iproute2/rt_dsfield` or as hex
 * (`rtnl_dsfield_a2n`: `tos 10` is 0x10); `undefined` when neither.
 */
export function dsfieldValue(arg: string): number | undefined {
  const names = dsfieldNames();
  for (let id = 0; id < 256; id++) if (names.get(id) === arg) return id;
  return getU8(arg, 16);
}

/** `FILE` and the `.conf` files of `FILE.d` (iproute2's drop-in directories), in directory order. */
function withDropIns(file: string): string[] {
  const dir = `${file}.d`;
  let extra: string[] = [];
  try {
    extra = readdirSync(dir)
      .filter((f) => f.endsWith('.conf') && f.length > 5 && !f.startsWith('.'))
      .map((f) => `${dir}/${f}`);
  } catch {
    // No drop-in directory.
  }
  return [file, ...extra];
}

let tables: [number, string][] | undefined;

function tableEntries(): [number, string][] {
  tables ??= [
    [255, 'local'],
    [254, 'main'],
    [253, 'default'],
    [0, 'unspec'],
    ...withDropIns('/etc/iproute2/rt_tables').flatMap(readIdNames),
  ];
  return tables;
}

/**
 * A routing table by name (`/etc/iproute2/rt_tables`, `rt_tables.d/*.conf`,
 * and the built-in `local`, `main`, `default`, `unspec`) or number
 * (`rtnl_rttable_a2n`); `undefined` when neither.
 */
export function tableId(arg: string): number | undefined {
  for (const [id, name] of tableEntries()) if (name === arg) return id;
  return getU32(arg);
}

/** A routing table's name (the last one the tables give it, as `rtnl_rttable_n2a` finds it), else its number. */
export function tableName(id: number, numeric: boolean): string {
  if (!numeric) {
    const entries = tableEntries();
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry?.[0] === id) return entry[1];
    }
  }
  return String(id >>> 0);
}

/** A 256-entry name table (`rtnl_tab_initialize`): built-in names, overridden by the files'. */
class IdTable {
  readonly #builtin: readonly (readonly [number, string])[];
  readonly #files: () => string[];
  #names: (string | undefined)[] | undefined;

  constructor(builtin: readonly (readonly [number, string])[], files: () => string[]) {
    this.#builtin = builtin;
    this.#files = files;
  }

  #table(): (string | undefined)[] {
    if (this.#names === undefined) {
      const names = new Array<string | undefined>(256);
      for (const [id, name] of this.#builtin) names[id] = name;
      for (const [id, name] of this.#files().flatMap(readIdNames)) if (id < 256) names[id] = name;
      this.#names = names;
    }
    return this.#names;
  }

  /** The name of `id`, or `undefined` (`numeric`: always `undefined`). */
  name(id: number, numeric: boolean): string | undefined {
    return numeric || id < 0 || id > 255 ? undefined : this.#table()[id];
  }

  /** The id of a name, else the number `arg` is (0-255, `strtoul(arg, 0)`), else `undefined`. */
  id(arg: string): number | undefined {
    const i = this.#table().indexOf(arg);
    return i >= 0 ? i : getU8(arg);
  }
}

const PROTOCOLS = new IdTable(
  [
    [0, 'unspec'],
    [1, 'redirect'],
    [2, 'kernel'],
    [3, 'boot'],
    [4, 'static'],
    [8, 'gated'],
    [9, 'ra'],
    [10, 'mrt'],
    [11, 'zebra'],
    [12, 'bird'],
    [42, 'babel'],
    [13, 'dnrouted'],
    [14, 'xorp'],
    [15, 'ntk'],
    [16, 'dhcp'],
    [18, 'keepalived'],
    [186, 'bgp'],
    [187, 'isis'],
    [188, 'ospf'],
    [189, 'rip'],
    [192, 'eigrp'],
  ],
  () => withDropIns('/etc/iproute2/rt_protos'),
);

const SCOPES = new IdTable(
  [
    [0, 'global'],
    [255, 'nowhere'],
    [254, 'host'],
    [253, 'link'],
    [200, 'site'],
  ],
  () => ['/etc/iproute2/rt_scopes'],
);

const REALMS = new IdTable([[0, 'unknown']], () => ['/etc/iproute2/rt_realms']);

/** A route protocol's name (`/etc/iproute2/rt_protos`), else its number (`rtnl_rtprot_n2a`). */
export function protocolName(id: number, numeric: boolean): string {
  return PROTOCOLS.name(id, numeric) ?? String(id);
}

/** A route protocol by name or number 0-255 (`rtnl_rtprot_a2n`). */
export function protocolId(arg: string): number | undefined {
  return PROTOCOLS.id(arg);
}

/** A scope's name (`/etc/iproute2/rt_scopes`), else its number (`rtnl_rtscope_n2a`). */
export function scopeName(id: number, numeric: boolean): string {
  return SCOPES.name(id, numeric) ?? String(id);
}

/** A scope by name or number 0-255 (`rtnl_rtscope_a2n`). */
export function scopeId(arg: string): number | undefined {
  return SCOPES.id(arg);
}

/** A realm's name (`/etc/iproute2/rt_realms`), else its number (`rtnl_rtrealm_n2a`). */
export function realmName(id: number, numeric: boolean): string {
  return REALMS.name(id, numeric) ?? String(id);
}

/**
 * Realms `[FROM/]TO` by name or number (`get_rt_realms_or_raw`): the
 * `RTA_FLOW` value (`FROM << 16 | TO`), or a raw 32-bit number.
 */
export function realmsValue(arg: string): number | undefined {
  const slash = arg.indexOf('/');
  let from = 0;
  let to = 0;
  let rest = arg;
  if (slash >= 0) {
    const f = REALMS.id(arg.slice(0, slash));
    if (f === undefined) return getU32(arg);
    from = f;
    rest = arg.slice(slash + 1);
  }
  if (rest !== '') {
    const t = REALMS.id(rest);
    if (t === undefined) return getU32(arg);
    to = t;
  }
  return ((from << 16) | to) >>> 0;
}

/** Route types by `RTN_*` value, as `rtnl_rtntype_n2a` names them. */
const ROUTE_TYPE_NAMES = [
  'none',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
] as const;

/** A route type's name (`rtnl_rtntype_n2a`), else its number. */
export function routeTypeName(id: number, numeric: boolean): string {
  return (numeric ? undefined : ROUTE_TYPE_NAMES[id]) ?? String(id);
}

/**
 * A route type by name, abbreviation or number (`rtnl_rtntype_a2n`):
 * `local`, `nat`, `throw` whole; the others by any prefix, `brd` too.
 */
export function routeTypeId(arg: string): number | undefined {
  if (arg === 'local') return 2;
  if (arg === 'nat') return 10;
  if (arg === 'brd') return 3;
  if (arg === 'throw') return 9;
  const prefixed: readonly [string, number][] = [
    ['broadcast', 3],
    ['anycast', 4],
    ['multicast', 5],
    ['prohibit', 8],
    ['unreachable', 7],
    ['blackhole', 6],
    ['xresolve', 11],
    ['unicast', 1],
  ];
  for (const [name, id] of prefixed) if (arg.length > 0 && name.startsWith(arg)) return id;
  return getU8(arg);
}

/** A DS field (TOS) value as `ip` prints it: its name from `/etc/iproute2/rt_dsfield`, else `0x%02x` (`rtnl_dsfield_n2a`). */
export function dsfieldName(id: number, numeric: boolean): string {
  const name = numeric ? undefined : (dsfieldNames().get(id) ?? (id === 0 ? '0' : undefined));
  return name ?? `0x${id.toString(16).padStart(2, '0')}`;
}

/** `/etc/protocols` entries: a number and its names (the official one first, then the aliases). */
let ipProtocols: (readonly [number, readonly string[]])[] | undefined;

function ipProtocolEntries(): (readonly [number, readonly string[]])[] {
  if (ipProtocols === undefined) {
    let text = '';
    try {
      text = readFileSync('/etc/protocols', 'utf8');
    } catch {
      // No protocol database: numbers only.
    }
    ipProtocols = [];
    for (const line of text.split('\n')) {
      const [name, num, ...aliases] = (line.split('#')[0] ?? '').trim().split(/\s+/);
      if (name && num && /^\d+$/.test(num)) ipProtocols.push([Number(num), [name, ...aliases]]);
    }
  }
  return ipProtocols;
}

/** An IP protocol's name (`getprotobynumber`), else `ipproto-N` (`inet_proto_n2a`). */
export function ipProtocolName(id: number, numeric: boolean): string {
  const entry = numeric ? undefined : ipProtocolEntries().find(([n]) => n === id);
  return entry?.[1][0] ?? `ipproto-${id}`;
}

/** An IP protocol by decimal number 0-255 or name or alias (`inet_proto_a2n`); `undefined` when neither. */
export function ipProtocolId(arg: string): number | undefined {
  const n = getU8(arg, 10);
  if (n !== undefined) return n;
  const entry = ipProtocolEntries().find(([, names]) => names.includes(arg));
  return entry === undefined || entry[0] > 255 ? undefined : entry[0];
}
