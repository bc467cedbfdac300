/**
 * Codecs and helpers shared by the link-kind modules: booleans the kernel
 * carries as a `u8`, named enums, `clock_t` centiseconds shown as seconds,
 * bit sets by name, and the checks every kind runs before anything is sent.
 *
 * Each codec decodes to the same type its options take, so a link's
 * `kindData` reads back with the names and units it was configured with.
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { Writer } from '../../../core/writer.js';
import { InvalidArgumentError } from '../../../errors.js';
import { type AttrSet, type Decoded, type Fields, type Input, nest } from '../../../schema/attrs.js';
import { type AnyCodec, type AttrCodec, be16, mac, u8, u32, u64 } from '../../../schema/codec.js';
import { defineLinkKind, type LinkKind } from '../kind.js';
import type { Link } from '../link.js';

/** A boolean carried as a `u8` (0 or 1), the kernel's usual on/off attribute. */
export const bool8: AttrCodec<boolean> = {
  kind: 'u8',
  decode: (buf, off, len, parent, name) => u8.decode(buf, off, len, parent, name) !== 0,
  encode(w, value, where) {
    if (typeof value !== 'boolean') throw new InvalidArgumentError(where, `expected boolean, got ${String(value)}`);
    u8.encode(w, value ? 1 : 0, where);
  },
};

/**
 * A number the kernel knows by name: encodes one of `names`, decodes to the
 * name (or to the number when the kernel sends a value this library does not
 * know yet).
 */
export function enumCodec<N extends string>(
  base: AttrCodec<number>,
  names: Readonly<Record<N, number>>,
): AttrCodec<N | number, N> {
  const byValue = new Map<number, N>();
  for (const [name, value] of Object.entries(names) as [N, number][]) {
    if (!byValue.has(value)) byValue.set(value, name);
  }
  const choices = Object.keys(names).join(', ');
  return {
    kind: base.kind,
    decode(buf, off, len, parent, name) {
      const v = base.decode(buf, off, len, parent, name);
      return byValue.get(v) ?? v;
    },
    encode(w, value, where) {
      if (typeof value !== 'string' || !Object.hasOwn(names, value)) {
        throw new InvalidArgumentError(where, `expected one of ${choices}, got ${String(value)}`);
      }
      base.encode(w, names[value], where);
    },
  };
}

/**
 * A set of named bits: encodes a list of names as their OR, decodes to the
 * names of the bits set (unknown bits come back as numbers, so nothing is lost).
 */
export function bitsCodec<N extends string>(
  base: AttrCodec<number>,
  bits: Readonly<Record<N, number>>,
): AttrCodec<(N | number)[], readonly N[]> {
  const entries = Object.entries(bits) as [N, number][];
  const choices = Object.keys(bits).join(', ');
  return {
    kind: base.kind,
    decode(buf, off, len, parent, name) {
      let v = base.decode(buf, off, len, parent, name);
      const out: (N | number)[] = [];
      for (const [n, bit] of entries) {
        if ((v & bit) === bit) {
          out.push(n);
          v &= ~bit;
        }
      }
      for (let bit = 1; v !== 0 && bit <= 0x80000000; bit *= 2) {
        if (v & bit) {
          out.push(bit);
          v &= ~bit;
        }
      }
      return out;
    },
    encode(w, value, where) {
      if (!Array.isArray(value)) throw new InvalidArgumentError(where, `expected a list of ${choices}`);
      let v = 0;
      for (const n of value as unknown[]) {
        if (typeof n !== 'string' || !Object.hasOwn(bits, n)) {
          throw new InvalidArgumentError(where, `expected a list of ${choices}, got ${String(n)}`);
        }
        v |= bits[n as N];
      }
      base.encode(w, v >>> 0, where);
    },
  };
}

function toCentiseconds(value: unknown, max: number, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(where, `expected a non-negative number of seconds, got ${String(value)}`);
  }
  const cs = Math.round(value * 100);
  if (cs > max) throw new InvalidArgumentError(where, `${value} s is more than ${max / 100} s`);
  return cs;
}

/**
 * A duration the kernel carries as `clock_t` (hundredths of a second, USER_HZ
 * 100) in a `u32`, shown here in seconds (fractions allowed, rounded to the
 * hundredth).
 */
export const centiseconds32: AttrCodec<number> = {
  kind: 'u32',
  decode: (buf, off, len, parent, name) => u32.decode(buf, off, len, parent, name) / 100,
  encode(w, value, where) {
    u32.encode(w, toCentiseconds(value, 0xffffffff, where), where);
  },
};

/** {@link centiseconds32} in a `u64` (bridge multicast intervals and timers). */
export const centiseconds64: AttrCodec<number> = {
  kind: 'u64',
  decode: (buf, off, len, parent, name) => Number(u64.decode(buf, off, len, parent, name)) / 100,
  encode(w, value, where) {
    u64.encode(w, toCentiseconds(value, Number.MAX_SAFE_INTEGER, where), where);
  },
};

/** A 6-byte Ethernet address (`aa:bb:cc:dd:ee:ff`); other lengths are refused. */
export const ethAddr: AttrCodec<string> = {
  kind: 'mac',
  decode: mac.decode,
  encode(w, value, where) {
    const start = w.length;
    mac.encode(w, value, where);
    if (w.length - start !== 6) {
      throw new InvalidArgumentError(where, `expected a 6-byte Ethernet address, got ${String(value)}`);
    }
  },
};

/**
 * Checks that `options` is an object whose keys are all in `allowed`.
 * @throws {InvalidArgumentError}
 */
export function checkKeys(options: object, allowed: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(where, 'expected an object');
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new InvalidArgumentError(`${where}.${key}`, `unknown option ${key}`);
  }
}

/**
 * Encodes `value` with `codec` into scratch memory and throws what the codec
 * throws: kinds call it to reject bad options before resolving interface
 * names, so that nothing at all is sent for a bad request.
 * @throws {InvalidArgumentError}
 */
export function validate(codec: AnyCodec, value: unknown, where: string): void {
  codec.encode(new Writer(256), value, where);
}

/** The entries of `options` named in `keys` whose value is not `undefined`. */
export function pick<T extends object, K extends keyof T>(options: T, keys: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) {
    if (options[k] !== undefined) out[k] = options[k];
  }
  return out as Pick<T, K>;
}

/**
 * Folds boolean options into a value and a mask of bits to change (the
 * `struct { flags; mask; }` pairs of vlan flags and bridge boolean options):
 * `bits` maps option names to their bit; options left out stay out of the mask.
 * Returns `undefined` when none is given.
 * @throws {InvalidArgumentError} for a non-boolean option.
 */
export function maskedBits<O extends object>(
  options: O,
  bits: readonly (readonly [keyof O & string, number])[],
  where: string,
): { readonly value: number; readonly mask: number } | undefined {
  let value = 0;
  let mask = 0;
  for (const [key, bit] of bits) {
    const v: unknown = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new InvalidArgumentError(`${where}.${key}`, `expected boolean, got ${String(v)}`);
    mask |= bit;
    if (v) value |= bit;
  }
  return mask === 0 ? undefined : { value: value >>> 0, mask: mask >>> 0 };
}

/** `data` when at least one of its values is defined, else `undefined` (no `IFLA_INFO_DATA` at all, like iproute2). */
export function nonEmpty<T extends object>(data: T): T | undefined {
  return Object.values(data).some((v) => v !== undefined) ? data : undefined;
}

/**
 * Checks that `value` (when given) is an integer in `[min, max]`.
 * @throws {InvalidArgumentError}
 */
export function checkRange(value: number | undefined, min: number, max: number, where: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(where, `expected an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

/** VLAN ethertypes (`ETH_P_*`, linux/if_ether.h). */
export const ETH_P_VLAN = { '8021Q': 0x8100, '8021AD': 0x88a8 } as const;

/** A VLAN protocol by name, carried as a big-endian ethertype (bridge `vlan_protocol`, vlan `protocol`). */
export const vlanProtocol = enumCodec(be16, { '802.1Q': ETH_P_VLAN['8021Q'], '802.1ad': ETH_P_VLAN['8021AD'] });

/** Names of {@link vlanProtocol}. */
export type VlanProtocol = '802.1Q' | '802.1ad';

/**
 * The decoded `IFLA_INFO_DATA` of `link`, typed by `set`, when the link is of
 * one of `kinds`; otherwise `undefined`.
 */
export function kindDataOf<F extends Fields>(
  link: Link,
  kinds: readonly string[],
  _set: AttrSet<F>,
): Decoded<F> | undefined {
  const kind = link.kind;
  return kind !== undefined && kinds.includes(kind) ? (link.kindData as Decoded<F>) : undefined;
}

/**
 * The decoded `IFLA_INFO_SLAVE_DATA` of `link`, typed by `set`, when the link
 * is a port of a master of kind `kind` (`bridge`, `bond`, `vrf`); otherwise `undefined`.
 */
export function portDataOf<F extends Fields>(link: Link, kind: string, _set: AttrSet<F>): Decoded<F> | undefined {
  const info = link.message.attrs.linkinfo;
  return info?.portKind === kind ? (info.portData as Decoded<F>) : undefined;
}

/**
 * Defines a kind stacked on a parent device (vlan, macvlan, ipvlan, ...): the
 * parent from the `link` option goes into the top-level `IFLA_LINK`, the rest
 * through `toData` into `IFLA_INFO_DATA` (left out when empty). `toData` may
 * throw {@link InvalidArgumentError}; the data is checked before the parent's
 * name is looked up, so a bad request sends nothing.
 */
export function defineStackedKind<O extends { readonly link: InterfaceRef }, F extends Fields>(
  kind: string,
  set: AttrSet<F>,
  toData: (options: O) => Input<F>,
): LinkKind<O> {
  const data = nest(set);
  return defineLinkKind<O>({
    kind,
    data,
    async build(o, ctx) {
      if (o.link === undefined) throw new InvalidArgumentError(`${kind}.link`, 'the parent device is required');
      const value = toData(o);
      validate(data, value, kind);
      return { data: nonEmpty(value), attrs: { link: await ctx.index(o.link, `${kind} parent`) } };
    },
  });
}

/** Options of a kind that has none of its own (dummy, ifb, nlmon): only the common ones. */
export type NoKindOptions = Record<never, never>;

/** Defines a kind without `IFLA_INFO_DATA`: `IFLA_LINKINFO` carries only its name. */
export function defineDatalessKind(kind: string): LinkKind<NoKindOptions> {
  return defineLinkKind<NoKindOptions>({ kind, build: () => ({}) });
}
