/**
 * One address the way `ip address show` prints it (iproute2 6.1's
 * `print_addrinfo`), in text or JSON, and the address filter of `ip address
 * show|flush` (`scope`, flags, `label`, `to`).
 *
 * @module
 */

import { AF, IFA_F } from '../../core/constants.js';
import { parseIpAddress } from '../../core/prefix.js';
import type { AddressMessage } from '../../route/addr/address.js';
import type { Output } from '../common/output.js';
import { familyName, type InetPrefix, prefixMatches } from './inet.js';
import { scopeName } from './names.js';

/** `INFINITY_LIFE_TIME`. */
const FOREVER = 0xffffffff;

/** iproute2's `ifa_flag_data`: the flags by name, in printing order, and which ones `add` may set. */
export const ADDRESS_FLAG_DATA: readonly {
  readonly name: string;
  readonly mask: number;
  readonly readonly: boolean;
  readonly v6only: boolean;
}[] = [
  { name: 'secondary', mask: IFA_F.SECONDARY, readonly: true, v6only: false },
  { name: 'temporary', mask: IFA_F.SECONDARY, readonly: true, v6only: false },
  { name: 'nodad', mask: IFA_F.NODAD, readonly: false, v6only: true },
  { name: 'optimistic', mask: IFA_F.OPTIMISTIC, readonly: false, v6only: true },
  { name: 'dadfailed', mask: IFA_F.DADFAILED, readonly: true, v6only: true },
  { name: 'home', mask: IFA_F.HOMEADDRESS, readonly: false, v6only: true },
  { name: 'deprecated', mask: IFA_F.DEPRECATED, readonly: true, v6only: true },
  { name: 'tentative', mask: IFA_F.TENTATIVE, readonly: true, v6only: true },
  { name: 'permanent', mask: IFA_F.PERMANENT, readonly: true, v6only: true },
  { name: 'mngtmpaddr', mask: IFA_F.MANAGETEMPADDR, readonly: false, v6only: true },
  { name: 'noprefixroute', mask: IFA_F.NOPREFIXROUTE, readonly: false, v6only: false },
  { name: 'autojoin', mask: IFA_F.MCAUTOJOIN, readonly: false, v6only: false },
  { name: 'stable-privacy', mask: IFA_F.STABLE_PRIVACY, readonly: true, v6only: true },
];

/** What `ip address show|flush` keeps (the address part of iproute2's `struct link_filter`). */
export interface AddressFilter {
  /** `AF_*`, 0 for any. */
  family: number;
  /** Only this ifindex (0: any). */
  ifindex: number;
  scope: number;
  scopemask: number;
  /** Flags that must be set (`flags`) among those tested (`flagmask`). */
  flags: number;
  flagmask: number;
  /** A `fnmatch` pattern on the label (or the interface name). */
  label: string | undefined;
  /** `to PREFIX`. */
  pfx: InetPrefix | undefined;
}

/** A filter that keeps every address. */
export function noAddressFilter(family: number): AddressFilter {
  return { family, ifindex: 0, scope: 0, scopemask: 0, flags: 0, flagmask: 0, label: undefined, pfx: undefined };
}

/**
 * Adds a flag word to the filter (`get_filter`): a flag name, `-NAME` for
 * its absence, `dynamic` (not `permanent`), `primary` (not `secondary`).
 * Returns false when the word is no flag.
 */
export function addFlagFilter(f: AddressFilter, word: string): boolean {
  let inv = word.startsWith('-');
  let name = inv ? word.slice(1) : word;
  if (name === 'dynamic') {
    inv = !inv;
    name = 'permanent';
  } else if (name === 'primary') {
    inv = !inv;
    name = 'secondary';
  }
  const data = ADDRESS_FLAG_DATA.find((d) => d.name === name);
  if (!data) return false;
  if (inv) f.flags &= ~data.mask;
  else f.flags |= data.mask;
  f.flagmask |= data.mask;
  return true;
}

/** `fnmatch(pattern, text, 0)`: `*`, `?`, `[...]` (`!` or `^` negates), `\` escapes. */
export function fnmatch(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 's').test(text);
}

/** The flags of an address: `IFA_FLAGS` when present, else the header's 8 bits. */
export function addressFlags(m: AddressMessage): number {
  return m.attrs.flags ?? m.header.flags;
}

/** `IFA_LOCAL`, else `IFA_ADDRESS` (what iproute2 shows as `local`). */
function localOf(m: AddressMessage): string | undefined {
  return m.attrs.local ?? m.attrs.address;
}

/**
 * Whether an address passes the filter's scope, flags, family, label and
 * prefix (the checks of `print_addrinfo` and `ipaddr_filter`); `ifname`
 * names its interface for a label pattern when it has no label.
 */
export function addressPasses(m: AddressMessage, f: AddressFilter, ifname: (index: number) => string): boolean {
  const h = m.header;
  if ((f.scope ^ h.scope) & f.scopemask) return false;
  if ((f.flags ^ addressFlags(m)) & f.flagmask) return false;
  if (f.family && f.family !== h.family) return false;
  if (f.label !== undefined && !fnmatch(f.label, m.attrs.label ?? ifname(h.index))) return false;
  const local = localOf(m);
  if (f.pfx && local !== undefined && !prefixMatches(f.pfx, parseIpAddress(local).bytes)) return false;
  return true;
}

/** What printing an address needs besides the address. */
export interface AddressPrintEnv {
  readonly filter: AddressFilter;
  /** `-br`. */
  readonly brief: boolean;
  /** `-o` (or a flush): each line starts with `INDEX: DEV`. */
  readonly oneline: boolean;
  readonly numeric: boolean;
  /** The name of an ifindex. */
  linkName(index: number): string;
}

function printFlags(out: Output, family: number, flags: number): void {
  let f = flags;
  for (const data of ADDRESS_FLAG_DATA) {
    if (data.mask === IFA_F.PERMANENT) {
      if (!(f & data.mask)) out.bool('any', 'dynamic', 'dynamic ', true);
    } else if (f & data.mask) {
      if (data.mask === IFA_F.SECONDARY && family === AF.INET6) {
        out.bool('any', 'temporary', 'temporary ', true);
      } else {
        out.string('fp', null, '%s ', data.name);
        out.bool('json', data.name, null, true);
      }
    }
    f &= ~data.mask;
  }
  if (f) {
    out.string('json', 'ifa_flags', null, f.toString(16).padStart(2, '0'));
    out.text('flags %02x ', f);
  }
}

function printLifetimes(out: Output, valid: number, preferred: number, flags: number): void {
  out.nl();
  out.text('       valid_lft ');
  if (valid === FOREVER) {
    out.uint('json', 'valid_life_time', null, FOREVER);
    out.text('forever');
  } else {
    out.uint('any', 'valid_life_time', '%usec', valid);
  }
  out.text(' preferred_lft ');
  if (preferred === FOREVER) {
    out.uint('json', 'preferred_life_time', null, FOREVER);
    out.text('forever');
  } else if (flags & IFA_F.DEPRECATED) {
    out.int('any', 'preferred_life_time', '%dsec', preferred | 0);
  } else {
    out.uint('any', 'preferred_life_time', '%usec', preferred);
  }
}

/**
 * Prints one address inside the caller's JSON object, as `print_addrinfo`
 * does; prints nothing when the filter drops it (the caller's JSON object
 * then stays empty, as iproute2's does).
 */
export function printAddress(out: Output, m: AddressMessage, env: AddressPrintEnv): void {
  const h = m.header;
  const a = m.attrs;
  const f = env.filter;
  if (f.ifindex && f.ifindex !== h.index) return;
  if (!addressPasses(m, f, (i) => env.linkName(i))) return;
  const flags = addressFlags(m);
  if (!env.brief) {
    if (env.oneline) {
      const dev = env.linkName(h.index);
      out.int('json', 'index', null, h.index);
      out.string('json', 'dev', null, dev);
      out.text('%u: %s', h.index, dev);
    }
    const name = familyName(h.family);
    if (name !== '???') out.string('any', 'family', '    %s ', name);
    else out.int('any', 'family_index', '    family %d ', h.family);
  }
  const local = localOf(m);
  if (local !== undefined) {
    out.string('any', 'local', '%s', local);
    const peer = a.address ?? local;
    if (peer !== local) {
      out.text(' %s ', 'peer');
      out.string('any', 'address', '%s', peer);
    }
    out.int('any', 'prefixlen', '/%d ', h.prefixlen);
    if (a.rtPriority !== undefined) out.uint('any', 'metric', 'metric %u ', a.rtPriority);
  }
  if (env.brief) return;
  if (a.broadcast !== undefined) {
    out.text('%s ', 'brd');
    out.string('any', 'broadcast', '%s ', a.broadcast);
  }
  if (a.anycast !== undefined) {
    out.text('%s ', 'any');
    out.string('any', 'anycast', '%s ', a.anycast);
  }
  out.string('any', 'scope', 'scope %s ', scopeName(h.scope, env.numeric));
  printFlags(out, h.family, flags);
  if (a.label !== undefined) out.string('any', 'label', '%s', a.label);
  const ci = a.cacheinfo;
  if (ci) printLifetimes(out, ci.valid, ci.preferred, flags);
  out.text('\n');
}
