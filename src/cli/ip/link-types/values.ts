/**
 * Values the tunnel kinds parse alike (iproute2 repeats them in each
 * `*_parse_opt`): TTL, TOS, DF and flow label.
 *
 * @module
 */

import { getU32, invarg } from '../../common/args.js';
import { dsfieldValue } from '../names.js';

/** `ttl`: `inherit`, `auto`, or 0..255 (`invalid TTL`, `TTL must be <= 255`). */
export function parseTtl(text: string): number | 'inherit' | 'auto' {
  if (text === 'inherit' || text === 'auto') return text;
  const ttl = getU32(text);
  if (ttl === undefined) throw invarg('invalid TTL', text);
  if (ttl > 255) throw invarg('TTL must be <= 255', text);
  return ttl;
}

/** `tos`: `inherit`, or a DS field as hex or a name of `/etc/iproute2/rt_dsfield` (`bad TOS value`). */
export function parseTos(text: string): number | 'inherit' {
  if (text === 'inherit') return 'inherit';
  const tos = dsfieldValue(text);
  if (tos === undefined) throw invarg('bad TOS value', text);
  return tos;
}

/** `df`: `unset`, `set` or `inherit`. */
export function parseDf(text: string): 'unset' | 'set' | 'inherit' {
  if (text !== 'unset' && text !== 'set' && text !== 'inherit') {
    throw invarg("DF must be 'unset', 'set' or 'inherit'", text);
  }
  return text;
}

/** `flowlabel`: 0..0xfffff (`invalid flowlabel`). */
export function parseFlowLabel(text: string): number {
  const label = getU32(text);
  if (label === undefined || label > 0xfffff) throw invarg('invalid flowlabel', text);
  return label;
}
