/**
 * Values several kinds parse alike (iproute2 repeats them in each
 * `*_parse_opt`): VNI, TTL, TOS, DF, flow label, VLAN protocol.
 *
 * @module
 */

import type { VlanProtocol } from '../../../route/link/kinds/codecs.js';
import { isIp, isMulticastIp } from '../../../schema/address.js';
import { getU32, invarg } from '../../common/args.js';
import { dsfieldValue } from '../names.js';

/** A VXLAN/Geneve network identifier: 0..16777215 (`invalid id`). */
export function parseVni(text: string): number {
  const id = getU32(text);
  if (id === undefined || id >= 1 << 24) throw invarg('invalid id', text);
  return id;
}

/** An IP address, multicast or not as `multicast` says (`invalid WHAT address`). */
export function parseEndpoint(text: string, what: string, multicast: boolean): string {
  if (!isIp(text) || isMulticastIp(text) !== multicast) throw invarg(`invalid ${what} address`, text);
  return text;
}

/** A VLAN protocol by name, any case (`ll_proto_a2n` for the two names the library takes). */
export function parseVlanProtocol(text: string, message: string): VlanProtocol {
  const name = (['802.1Q', '802.1ad'] as const).find((n) => n.toLowerCase() === text.toLowerCase());
  if (name === undefined) throw invarg(message, text);
  return name;
}

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
