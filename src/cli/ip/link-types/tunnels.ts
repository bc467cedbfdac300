/**
 * IP tunnels: `gre`, `gretap`, `erspan` (link_gre.c), `ip6gre`, `ip6gretap`,
 * `ip6erspan` (link_gre6.c), `ipip`, `sit` (link_iptnl.c), `ip6tnl`
 * (link_ip6tnl.c), `vti` and `vti6` (link_vti*.c): their arguments as
 * iproute2 6.1 parses them, into the options of the library's kinds.
 *
 * iproute2 reads an existing tunnel's settings before changing them
 * (`ip link set ... type gre ...`); nlink-ip does not, so tunnel arguments
 * are taken when creating only.
 *
 * @module
 */

import type { TunnelEncap } from '../../../route/link/kinds/tunnel.js';
import { isIpv4, isIpv6 } from '../../../schema/address.js';
import { type Args, CliError, getU8, getU16, getU32, invarg } from '../../common/args.js';
import { type KindOption, parseKindArgs } from './options.js';
import type { LinkTypeCli } from './types.js';
import { parseTos } from './values.js';

/** The options being collected, by the library's option names (checked by the requests tests). */
type Bag = Record<string, unknown>;
type Opt = KindOption<Bag>;

/** `GRE_KEY`, `GRE_SEQ`, `GRE_CSUM` of iproute2's `iflags`/`oflags`. */
interface GreState {
  ikey?: number | string;
  okey?: number | string;
  iseq?: boolean;
  oseq?: boolean;
  icsum?: boolean;
  ocsum?: boolean;
}

const GRE: unique symbol = Symbol('gre');
const ENCAP: unique symbol = Symbol('encap');
type State = Bag & { [GRE]?: GreState; [ENCAP]?: { -readonly [K in keyof TunnelEncap]?: TunnelEncap[K] } };

function word(text: string, apply: Opt['apply'], exact = true): Opt {
  return { word: text, exact, apply };
}

/** `get_addr`: an address of the tunnel's family; `any` leaves the endpoint unset. */
function endpoint(name: 'remote' | 'local', v6: boolean, exact: boolean): Opt {
  return word(
    name,
    (args, o) => {
      const text = args.take();
      if (text === 'any' || text === 'default' || text === 'all') {
        delete o[name];
        return;
      }
      if (v6 ? !isIpv6(text) : !isIpv4(text)) {
        throw new CliError(`Error: ${v6 ? 'inet6' : 'inet'} address is expected rather than "${text}".\n`, 1);
      }
      o[name] = text;
    },
    exact,
  );
}

const dev = (exact: boolean): Opt =>
  word(
    'dev',
    async (args, o, ctx) => {
      const text = args.take();
      const index = await ctx.index(text);
      if (!index) throw new CliError(`Cannot find device "${text}"\n`);
      o.dev = index;
    },
    exact,
  );

function ttlWords(words: readonly string[], message: string, exact: boolean): Opt[] {
  return words.map((w) =>
    word(
      w,
      (args, o) => {
        const text = args.take();
        if (text === 'inherit') {
          o.ttl = 'inherit';
          return;
        }
        const ttl = getU8(text);
        if (ttl === undefined) throw invarg(message, text);
        o.ttl = ttl;
      },
      exact,
    ),
  );
}

/** IPv4 `tos`: `inherit` or a DS field (hex or a name of rt_dsfield). */
function tosWords(words: readonly string[], exact: (w: string) => boolean): Opt[] {
  return words.map((w) =>
    word(
      w,
      (args, o) => {
        o.tos = parseTos(args.take());
      },
      exact(w),
    ),
  );
}

function fwmark(inherit: boolean): Opt {
  return word('fwmark', (args, o) => {
    const text = args.take();
    if (inherit && text === 'inherit') {
      o.fwmark = 'inherit';
      return;
    }
    const mark = getU32(text);
    if (mark === undefined) throw invarg('invalid fwmark\n', text);
    o.fwmark = mark;
  });
}

function encapOf(o: State) {
  o[ENCAP] ??= {};
  return o[ENCAP];
}

/** `noencap`, `encap TYPE`, `encap-sport`, ...: the UDP encapsulation (FOU/GUE). */
const ENCAP_WORDS: readonly Opt[] = [
  word('noencap', (_a, o) => {
    encapOf(o).type = 'none';
  }),
  word('encap', (args, o) => {
    const text = args.take();
    if (text !== 'fou' && text !== 'gue' && text !== 'none') throw invarg('Invalid encap type.', text);
    encapOf(o).type = text;
  }),
  word('encap-sport', (args, o) => {
    const text = args.take();
    const port = text === 'auto' ? 0 : getU16(text);
    if (port === undefined) throw invarg('Invalid source port.', text);
    encapOf(o).sport = port;
  }),
  word('encap-dport', (args, o) => {
    const text = args.take();
    const port = getU16(text);
    if (port === undefined) throw invarg('Invalid destination port.', text);
    encapOf(o).dport = port;
  }),
  ...(
    [
      ['encap-csum', 'csum'],
      ['encap-udp6-csum', 'csum6'],
      ['encap-remcsum', 'remcsum'],
    ] as const
  ).flatMap(([w, flag]) => [
    word(w, (_a, o) => {
      encapOf(o)[flag] = true;
    }),
    word(`no${w}`, (_a, o) => {
      encapOf(o)[flag] = false;
    }),
  ]),
];

const external = word('external', (_a, o) => {
  o.external = true;
});

/** `tnl_parse_key`: a dotted quad or an unsigned number. */
function key(name: string, text: string): number | string {
  if (text.includes('.')) {
    if (!isIpv4(text)) throw new CliError(`Error: inet address is expected rather than "${text}".\n`, 1);
    return text;
  }
  const n = getU32(text);
  if (n === undefined) {
    throw new CliError(`invalid value for "${name}": "${text}"; it should be an unsigned integer\n`);
  }
  return n;
}

function greOf(o: State): GreState {
  o[GRE] ??= {};
  return o[GRE];
}

/** GRE keys, sequence numbers and checksums, both ways or one (`[no][i|o]key`, `[no][i|o]seq`, `[no][i|o]csum`). */
const GRE_WORDS: readonly Opt[] = [
  ...(['', 'i', 'o'] as const).flatMap((dir): Opt[] => {
    const keys: ('ikey' | 'okey')[] = dir === '' ? ['ikey', 'okey'] : [`${dir}key`];
    return [
      word(
        `${dir}key`,
        (args, o) => {
          const value = key(`${dir}key`, args.take());
          for (const k of keys) greOf(o)[k] = value;
        },
        false,
      ),
      word(
        `no${dir}key`,
        (_a, o) => {
          for (const k of keys) delete greOf(o)[k];
        },
        false,
      ),
    ];
  }),
  ...(['seq', 'csum'] as const).flatMap((what) =>
    (['', 'i', 'o'] as const).flatMap((dir): Opt[] => {
      const fields = (dir === '' ? ['i', 'o'] : [dir]).map((d) => `${d}${what}` as keyof GreState);
      const set = (o: State, on: boolean) => {
        for (const f of fields) (greOf(o) as Record<string, unknown>)[f] = on;
      };
      return [
        word(`${dir}${what}`, (_a, o) => set(o, true), false),
        word(`no${dir}${what}`, (_a, o) => set(o, false), false),
      ];
    }),
  ),
];

/** GRE's order of keywords: key forms, seq forms, csum forms (`key`, `nokey`, `ikey`, ...). */
function greWordsInOrder(): Opt[] {
  const byWord = new Map(GRE_WORDS.map((o) => [o.word, o]));
  const order = ['key', 'nokey', 'ikey', 'noikey', 'okey', 'nookey'];
  for (const what of ['seq', 'csum']) {
    order.push(what, `no${what}`, `i${what}`, `noi${what}`, `o${what}`, `noo${what}`);
  }
  return order.map((w) => byWord.get(w)).filter((o): o is Opt => o !== undefined);
}

const pmtudisc: readonly Opt[] = [
  word('nopmtudisc', (_a, o) => {
    o.pmtudisc = false;
  }),
  word('pmtudisc', (_a, o) => {
    o.pmtudisc = true;
  }),
];

/** IPv6 tunnels: hop limit, encapsulation limit, traffic class, flow label, DSCP, fwmark, local=remote. */
function ip6Words(exactTclass: boolean): Opt[] {
  return [
    word('encaplimit', (args, o) => {
      const text = args.take();
      if (text === 'none') {
        o.encapLimit = 'none';
        return;
      }
      const limit = getU8(text);
      if (limit === undefined) throw invarg('invalid ELIM', text);
      o.encapLimit = limit;
    }),
    ...['tos', 'tclass', ...(exactTclass ? ['tc'] : []), 'dsfield'].map((w) =>
      word(
        w,
        (args, o) => {
          const text = args.take();
          if (text === 'inherit') {
            o.tclass = 'inherit';
            return;
          }
          const tclass = getU8(text, 16);
          if (tclass === undefined) throw invarg('invalid TClass', text);
          o.tclass = tclass;
        },
        exactTclass && w !== 'dsfield',
      ),
    ),
    ...['flowlabel', 'fl'].map((w) =>
      word(w, (args, o) => {
        const text = args.take();
        if (text === 'inherit') {
          o.flowLabel = 'inherit';
          return;
        }
        const label = getU32(text, 16);
        if (label === undefined || label > 0xfffff) throw invarg('invalid Flowlabel', text);
        o.flowLabel = label;
      }),
    ),
    word('dscp', (args, o) => {
      const text = args.take();
      if (text !== 'inherit') throw invarg('not inherit', text);
      o.dscpInherit = true;
    }),
    fwmark(true),
    word('allow-localremote', (_a, o) => {
      o.allowLocalRemote = true;
    }),
    word('noallow-localremote', (_a, o) => {
      o.allowLocalRemote = false;
    }),
  ];
}

/** `erspan_ver`, `erspan IDX`, `erspan_dir`, `erspan_hwid`. */
interface ErspanState {
  version?: number;
  index?: number;
  direction?: 'ingress' | 'egress';
  hwid?: number;
}
const ERSPAN: unique symbol = Symbol('erspan');

function erspanOf(o: State & { [ERSPAN]?: ErspanState }): ErspanState {
  o[ERSPAN] ??= {};
  return o[ERSPAN];
}

const ERSPAN_WORDS: readonly Opt[] = [
  word('erspan', (args, o) => {
    const text = args.take();
    const index = getU32(text);
    if (index === undefined) throw invarg('invalid erspan index\n', text);
    if (index === 0 || index > 0xfffff) throw invarg('erspan index must be > 0 and <= 20-bit\n', text);
    erspanOf(o).index = index;
  }),
  word('erspan_ver', (args, o) => {
    const text = args.take();
    const version = getU8(text);
    if (version === undefined) throw invarg('invalid erspan version\n', text);
    if (version > 2) throw invarg('erspan version must be 0/1/2\n', text);
    erspanOf(o).version = version;
  }),
  word('erspan_dir', (args, o) => {
    const text = args.take();
    const dir = (['ingress', 'egress'] as const).find((d) => d.startsWith(text) && text !== '');
    if (dir === undefined) throw invarg('Invalid erspan direction.', text);
    erspanOf(o).direction = dir;
  }),
  word('erspan_hwid', (args, o) => {
    const text = args.take();
    const hwid = getU16(text);
    if (hwid === undefined) throw invarg('invalid erspan hwid\n', text);
    erspanOf(o).hwid = hwid;
  }),
];

function modeWord(modes: Readonly<Record<string, string>>): Opt {
  return word('mode', (args, o) => {
    const text = args.take();
    const mode = Object.hasOwn(modes, text) ? modes[text] : undefined;
    if (mode === undefined) throw invarg('Cannot guess tunnel mode.', text);
    o.mode = mode;
  });
}

/** The options of the library's kinds from the collected state. */
function finish(o: State & { [ERSPAN]?: ErspanState }, kind: string): Bag {
  const { [GRE]: gre, [ENCAP]: encap, [ERSPAN]: erspan, ...options } = o;
  if (gre) {
    for (const [k, v] of Object.entries(gre)) if (v !== undefined && v !== false) options[k] = v;
  }
  if (encap) options.encap = { type: 'none', ...encap };
  if (erspan) {
    const version = erspan.version ?? 1;
    if (version === 0) throw new CliError(`${kind}: "erspan_ver 0" is not supported by nlink-ip.\n`, 1);
    options.erspan =
      version === 1
        ? { version, ...(erspan.index === undefined ? {} : { index: erspan.index }) }
        : {
            version,
            ...(erspan.direction === undefined ? {} : { direction: erspan.direction }),
            ...(erspan.hwid === undefined ? {} : { hwid: erspan.hwid }),
          };
  }
  return options;
}

function pad(kind: string, width: number): string {
  return kind.padEnd(width);
}

function greUsage(kind: string, erspan: boolean, v6: boolean): string {
  const head = `Usage: ... ${pad(kind, 9)}\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n`;
  const middle = v6
    ? '\t\t\t[ hoplimit TTL ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ [no]allow-localremote ]\n'
    : '\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ [no]ignore-df ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n';
  const encap =
    '\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n';
  const ers =
    erspan || v6
      ? '\t\t\t[ erspan_ver version ]\n\t\t\t[ erspan IDX ]\n\t\t\t[ erspan_dir { ingress | egress } ]\n\t\t\t[ erspan_hwid hwid ]\n'
      : '';
  const where = v6
    ? '\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tTTL\t  := { 0..255 } (default=64)\n\tKEY\t  := { DOTTED_QUAD | NUMBER }\n\tELIM\t  := { none | 0..255 }(default=4)\n\tTCLASS\t  := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n'
    : '\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n';
  return head + middle + encap + ers + where;
}

function tunnelType(kind: string, table: readonly Opt[], usage: string): LinkTypeCli {
  return {
    kind,
    async parse(args: Args, ctx) {
      if (!ctx.create) {
        throw new CliError(`nlink-ip cannot change the ${kind} options of an existing tunnel.\n`, 1);
      }
      const o = (await parseKindArgs(args, { kind, usage, unknown: 'usage' }, table, ctx)) as State;
      return finish(o, kind);
    },
  };
}

function greType(kind: 'gre' | 'gretap' | 'erspan'): LinkTypeCli {
  const isErspan = kind === 'erspan';
  const table: Opt[] = [
    ...greWordsInOrder(),
    ...pmtudisc,
    endpoint('remote', false, false),
    endpoint('local', false, false),
    dev(false),
    ...ttlWords(['ttl', 'hoplimit', 'hlim'], 'invalid TTL\n', false),
    ...tosWords(['tos', 'tclass', 'dsfield'], () => false),
    ...ENCAP_WORDS,
    external,
    word('ignore-df', (_a, o) => {
      o.ignoreDf = true;
    }),
    word('noignore-df', (_a, o) => {
      o.ignoreDf = false;
    }),
    fwmark(false),
    ...(isErspan ? ERSPAN_WORDS : []),
  ];
  return tunnelType(kind, table, greUsage(kind, isErspan, false));
}

function gre6Type(kind: 'ip6gre' | 'ip6gretap' | 'ip6erspan'): LinkTypeCli {
  const table: Opt[] = [
    ...greWordsInOrder(),
    endpoint('remote', true, false),
    endpoint('local', true, false),
    dev(false),
    ...ttlWords(['ttl', 'hoplimit', 'hlim'], 'invalid HLIM\n', false),
    ...ip6Words(false).filter((o) => o.word !== 'encaplimit' && !o.word.includes('allow') && o.word !== 'fwmark'),
    ...ENCAP_WORDS,
    external,
    fwmark(true),
    ...ip6Words(false).filter((o) => o.word.includes('allow') || o.word === 'encaplimit'),
    ...(kind === 'ip6erspan' ? ERSPAN_WORDS : []),
  ];
  return tunnelType(kind, table, greUsage(kind, kind === 'ip6erspan', true));
}

function iptnlUsage(kind: string): string {
  const mode = kind === 'sit' ? '{ ip6ip | ipip | mplsip | any } ]\n\t\t\t[ isatap' : '{ ipip | mplsip | any }';
  return `Usage: ... ${pad(kind, 6)}\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ 6rd-prefix ADDR ]\n\t\t\t[ 6rd-relay_prefix ADDR ]\n\t\t\t[ 6rd-reset ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode ${mode} ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tMARK := { 0x0..0xffffffff }\n`;
}

const SIX_RD: unique symbol = Symbol('6rd');

function prefixWord(name: string, v6: boolean, field: 'prefix' | 'relayPrefix'): Opt {
  return word(name, (args, o) => {
    const text = args.take();
    const [addr = '', len] = text.split('/');
    const max = v6 ? 128 : 32;
    const bits = len === undefined ? max : Number(len);
    if ((v6 ? !isIpv6(addr) : !isIpv4(addr)) || !Number.isInteger(bits) || bits < 0 || bits > max) {
      throw invarg(`invalid ${name === '6rd-prefix' ? '6rd_prefix' : name}\n`, text);
    }
    const state = o as State & { [SIX_RD]?: Record<string, string> };
    state[SIX_RD] = { ...state[SIX_RD], [field]: `${addr}/${bits}` };
  });
}

function iptnlType(kind: 'ipip' | 'sit'): LinkTypeCli {
  const modes: Record<string, string> = kind === 'sit' ? { 'ipv6/ipv4': 'ip6ip', ip6ip: 'ip6ip' } : {};
  Object.assign(modes, {
    'ipv4/ipv4': 'ipip',
    ipip: 'ipip',
    ip4ip4: 'ipip',
    'mpls/ipv4': 'mplsip',
    mplsip: 'mplsip',
    'any/ipv4': 'any',
    any: 'any',
  });
  const table: Opt[] = [
    modeWord(modes),
    endpoint('remote', false, true),
    endpoint('local', false, true),
    dev(false),
    ...ttlWords(['ttl', 'hoplimit', 'hlim'], 'invalid TTL\n', true),
    ...tosWords(['tos', 'tclass', 'tc', 'dsfield'], (w) => w !== 'dsfield'),
    ...pmtudisc,
    ...(kind === 'sit'
      ? [
          word('isatap', (_a, o) => {
            o.isatap = true;
          }),
        ]
      : []),
    ...ENCAP_WORDS,
    external,
    prefixWord('6rd-prefix', true, 'prefix'),
    prefixWord('6rd-relay_prefix', false, 'relayPrefix'),
    word('6rd-reset', (_a, o) => {
      (o as State & { [SIX_RD]?: Record<string, string> })[SIX_RD] = { prefix: '2002::/16' };
    }),
    fwmark(false),
  ];
  const base = tunnelType(kind, table, iptnlUsage(kind));
  return {
    ...base,
    async parse(args, ctx) {
      const o = (await base.parse?.(args, ctx)) as Bag & { [SIX_RD]?: Record<string, string> };
      const { [SIX_RD]: rd, ...rest } = o;
      if (typeof rest.ttl === 'number' && rest.ttl !== 0 && rest.pmtudisc === false) {
        throw new CliError('ttl != 0 and nopmtudisc are incompatible\n');
      }
      if (rd?.prefix !== undefined) {
        if (kind !== 'sit') throw new CliError(`${kind}: 6rd settings only apply to sit tunnels.\n`, 1);
        rest.ip6rd = { prefix: rd.prefix, ...(rd.relayPrefix === undefined ? {} : { relayPrefix: rd.relayPrefix }) };
      }
      return rest;
    },
  };
}

const ip6tnlUsage =
  'Usage: ... ip6tnl\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ hoplimit HLIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ [no]allow-localremote ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ip6ip6 | ipip6 | any } ]\n\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tELIM\t  := { none | 0..255 }(default=4)\n\tHLIM\t  := 0..255 (default=64)\n\tTCLASS    := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n';

const ip6tnlType = (): LinkTypeCli =>
  tunnelType(
    'ip6tnl',
    [
      modeWord({
        'ipv6/ipv6': 'ip6ip6',
        ip6ip6: 'ip6ip6',
        'ip/ipv6': 'ipip6',
        'ipv4/ipv6': 'ipip6',
        ipip6: 'ipip6',
        ip4ip6: 'ipip6',
        'any/ipv6': 'any',
        any: 'any',
      }),
      endpoint('remote', true, true),
      endpoint('local', true, true),
      dev(false),
      ...ttlWords(['ttl', 'hoplimit', 'hlim'], 'invalid HLIM\n', true),
      ...ip6Words(true),
      ...ENCAP_WORDS,
      external,
    ],
    ip6tnlUsage,
  );

function vtiType(kind: 'vti' | 'vti6'): LinkTypeCli {
  const v6 = kind === 'vti6';
  const usage = `Usage: ... ${pad(kind, 4)}\t[ remote ADDR ]\n\t\t[ local ADDR ]\n\t\t[ [i|o]key KEY ]\n\t\t[ dev PHYS_DEV ]\n\t\t[ fwmark MARK ]\n\nWhere:\tADDR := { ${v6 ? 'IPV6_ADDRESS' : 'IP_ADDRESS'} }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n`;
  const keyWord = (name: 'key' | 'ikey' | 'okey'): Opt =>
    word(
      name,
      (args, o) => {
        o[name] = key(name, args.take());
      },
      false,
    );
  return tunnelType(
    kind,
    [
      keyWord('key'),
      keyWord('ikey'),
      keyWord('okey'),
      endpoint('remote', v6, false),
      endpoint('local', v6, false),
      dev(false),
      fwmark(false),
    ],
    usage,
  );
}

/** The tunnel kinds, by name. */
export const TUNNELS: Readonly<Record<string, () => LinkTypeCli>> = {
  gre: () => greType('gre'),
  gretap: () => greType('gretap'),
  erspan: () => greType('erspan'),
  ip6gre: () => gre6Type('ip6gre'),
  ip6gretap: () => gre6Type('ip6gretap'),
  ip6erspan: () => gre6Type('ip6erspan'),
  ipip: () => iptnlType('ipip'),
  sit: () => iptnlType('sit'),
  ip6tnl: ip6tnlType,
  vti: () => vtiType('vti'),
  vti6: () => vtiType('vti6'),
};
