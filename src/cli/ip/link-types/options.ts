/**
 * Table-driven parsing of a kind's arguments, the shape every iproute2
 * `*_parse_opt` has: a chain of keywords (matched by prefix unless exact),
 * each reading its value, then `help` or `KIND: unknown command "X"?` and
 * the kind's usage.
 *
 * @module
 */

import { type Args, CliError, duparg2, invarg, matches, parseOnOff } from '../../common/args.js';
import type { KindParseContext } from './types.js';

/** Options of type `O` (the library kind's options interface) being built. */
export type OptionBag<O> = { -readonly [K in keyof O]?: O[K] };

/** One keyword of a kind whose options are `O`. */
export interface KindOption<O> {
  /** The keyword. */
  readonly word: string;
  /** Match it exactly (`strcmp`) rather than by prefix (`matches`). */
  readonly exact?: boolean;
  /** Reads the keyword's value(s) from `args` into `options`; `word` is the keyword as typed. */
  apply(args: Args, options: OptionBag<O>, ctx: KindParseContext, word: string): void | Promise<void>;
}

/**
 * How a kind reports an unknown word: `KIND: unknown command "X"?` (most
 * kinds), `... option ...`, or only its usage (the tunnels).
 */
export interface KindSyntax {
  readonly kind: string;
  readonly usage: string;
  readonly unknown?: 'command' | 'option' | 'usage';
}

/**
 * Parses every word left in `args` with `table`, in iproute2's order.
 * @throws {CliError} the usage for `help` (exit 1), or the unknown-word message with the usage (exit 1).
 */
export async function parseKindArgs<O>(
  args: Args,
  syntax: KindSyntax,
  table: readonly KindOption<O>[],
  ctx: KindParseContext,
): Promise<CheckedBag<O>> {
  const options: CheckedBag<O> = {};
  while (!args.done) {
    const w = args.take();
    const option = table.find((o) => (o.exact ? w === o.word : matches(w, o.word)));
    if (option) {
      await option.apply(args, options, ctx, w);
      continue;
    }
    if (matches(w, 'help') || syntax.unknown === 'usage') throw new CliError(syntax.usage, 1);
    throw new CliError(`${syntax.kind}: unknown ${syntax.unknown ?? 'command'} "${w}"?\n${syntax.usage}`, 1);
  }
  return options;
}

/**
 * A keyword taking a number: `parse` returns `undefined` for a bad value,
 * reported as `invarg(message)`; `map` turns the number into the option's value.
 */
export function numberOption<O, T extends number | bigint>(
  word: string,
  option: keyof O,
  parse: (text: string) => T | undefined,
  message: string,
  map: (value: T) => unknown = (v) => v,
): KindOption<O> {
  return {
    word,
    apply(args, options) {
      const text = args.take();
      const value = parse(text);
      if (value === undefined) throw invarg(message, text);
      (options as Record<keyof O, unknown>)[option] = map(value);
    },
  };
}

/** A keyword taking `on`/`off` (`parse_on_off`, prefixes allowed) into a boolean option. */
export function onOffOption<O>(word: string, option: keyof O): KindOption<O> {
  return {
    word,
    apply(args, options) {
      (options as Record<keyof O, unknown>)[option] = parseOnOff(word, args.take());
    },
  };
}

/** A keyword without a value that sets `option` to `value`. */
export function flagOption<O, K extends keyof O>(word: string, option: K, value: O[K], exact = false): KindOption<O> {
  return {
    word,
    exact,
    apply(_args, options) {
      options[option] = value;
    },
  };
}

/** Where a kind's parse remembers the attributes given (iproute2's `attrs` bit set, for `check_duparg`). */
export const SEEN: unique symbol = Symbol('nlink.seen');

/** Options being built, with the attributes seen so far. */
export type CheckedBag<O> = OptionBag<O> & { [SEEN]?: Set<string> };

/** `check_duparg`: an attribute may be given once; again is `duparg2(key, arg)`. */
export function once<O>(options: CheckedBag<O>, attr: string, key: string, arg: string): void {
  const seen = options[SEEN] ?? new Set<string>();
  options[SEEN] = seen;
  if (seen.has(attr)) throw duparg2(key, arg);
  seen.add(attr);
}

/** The options without the bookkeeping of {@link once}. */
export function withoutSeen<O>(options: CheckedBag<O>): OptionBag<O> {
  const { [SEEN]: _seen, ...rest } = options;
  return rest as OptionBag<O>;
}

/** Keywords taking a value, checked once under `attr` (reported as `key`); `parse` gets the value. */
export function valued<O>(
  words: readonly string[],
  attr: string,
  key: string,
  parse: (text: string, options: CheckedBag<O>) => void | Promise<void>,
): KindOption<O>[] {
  return words.map((word) => ({
    word,
    async apply(args, options) {
      const text = args.take();
      once(options, attr, key, text);
      await parse(text, options);
    },
  }));
}

/** A keyword without a value (`proxy`, `noproxy`), checked once under `attr`. */
export function toggle<O>(
  word: string,
  attr: string,
  set: (options: CheckedBag<O>) => void,
  exact = false,
): KindOption<O> {
  return {
    word,
    exact,
    apply(_args, options, _ctx, typed) {
      once(options, attr, typed, typed);
      set(options);
    },
  };
}

/** `learning`/`nolearning`-style pairs setting a boolean option, in iproute2's order (`no` first unless `yesFirst`). */
export function pair<O>(name: string, attr: string, option: keyof O, yesFirst = false): KindOption<O>[] {
  const set = (value: boolean) => (o: CheckedBag<O>) => {
    (o as Record<keyof O, unknown>)[option] = value;
  };
  const yes = toggle<O>(name, attr, set(true));
  const no = toggle<O>(`no${name}`, attr, set(false));
  return yesFirst ? [yes, no] : [no, yes];
}
