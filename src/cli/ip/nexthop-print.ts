/**
 * Nexthop objects and resilient-group buckets the way `ip nexthop` prints
 * them (iproute2 6.1's `__print_nexthop_entry`, `print_nexthop_bucket`),
 * and the route/nexthop flags (`print_rt_flags`) both share.
 *
 * @module
 */

import { RTM_F, RTNH_F } from '../../core/constants.js';
import type { NexthopMessage } from '../../route/nexthop/nexthop.js';
import type { Output } from '../common/output.js';
import { type EncapPrintEnv, printEncap } from './lwtunnel.js';
import { protocolName, scopeName } from './names.js';

/** The flags `print_rt_flags` names, in its order. */
const RT_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [RTNH_F.DEAD, 'dead'],
  [RTNH_F.ONLINK, 'onlink'],
  [RTNH_F.PERVASIVE, 'pervasive'],
  [RTNH_F.OFFLOAD, 'offload'],
  [RTNH_F.TRAP, 'trap'],
  [RTM_F.NOTIFY, 'notify'],
  [RTNH_F.LINKDOWN, 'linkdown'],
  [RTNH_F.UNRESOLVED, 'unresolved'],
  [RTM_F.OFFLOAD, 'rt_offload'],
  [RTM_F.TRAP, 'rt_trap'],
  [RTM_F.OFFLOAD_FAILED, 'rt_offload_failed'],
];

/** Every bit of {@link RT_FLAG_NAMES}. */
const RT_FLAG_BITS = RT_FLAG_NAMES.reduce((all, [bit]) => all | bit, 0);

/** `print_rt_flags`: the `flags` JSON array, or `dead onlink ...` in text. */
export function printRtFlags(out: Output, flags: number): void {
  out.openArray('json', 'flags');
  if (flags & RT_FLAG_BITS) {
    for (const [bit, name] of RT_FLAG_NAMES) if (flags & bit) out.string('any', null, '%s ', name);
  }
  out.closeArray('json', '');
}

/** A gateway: `gateway` in JSON, `via ADDR ` in text (`__print_rta_gateway`). */
export function printGateway(out: Output, gateway: string): void {
  out.string('json', 'gateway', null, gateway);
  out.text('via %s ', gateway);
}

/** An interface: `KEY` in JSON, `KEY NAME ` in text (`print_rta_ifidx`). */
export function printIfindex(out: Output, key: string, name: string): void {
  out.string('json', key, null, name);
  out.text('%s %s ', key, name);
}

/** What printing a nexthop needs besides the nexthop. */
export interface NexthopPrintEnv extends EncapPrintEnv {
  /** `-d`. */
  readonly details: boolean;
}

const GROUP_TYPE_MPATH = 0;

function groupTypeName(t: string | number): string {
  if (t === 'mpath' || t === 'resilient') return t;
  return t === 1 ? 'resilient' : '<unknown type>';
}

/**
 * `__print_nexthop_entry`: one nexthop object in a JSON object named `key`
 * (`null` for an element of the list), without the text line's end.
 */
export function printNexthopEntry(out: Output, m: NexthopMessage, env: NexthopPrintEnv, key: string | null): void {
  const a = m.attrs;
  const h = m.header;
  out.openObject(key);
  out.uint('any', 'id', 'id %u ', a.id ?? 0);
  if (a.group) {
    out.openArray('json', 'group');
    out.text('%s', 'group ');
    a.group.forEach((g, i) => {
      out.openObject();
      if (i) out.text('%s', '/');
      out.uint('any', 'id', '%u', g.id);
      if (g.weight) out.uint('any', 'weight', ',%u', g.weight + 1);
      out.closeObject();
    });
    out.text('%s', ' ');
    out.closeArray('json', '');
  }
  const type = a.groupType ?? GROUP_TYPE_MPATH;
  if (type !== 'mpath' && type !== GROUP_TYPE_MPATH) out.string('any', 'type', 'type %s ', groupTypeName(type));
  const res = a.resGroup;
  if (res) {
    out.openObject('resilient_args');
    out.uint('any', 'buckets', 'buckets %u ', res.buckets ?? 0);
    out.float('any', 'idle_timer', 'idle_timer %g ', res.idleTimer ?? 0);
    out.float('any', 'unbalanced_timer', 'unbalanced_timer %g ', res.unbalancedTimer ?? 0);
    out.float('any', 'unbalanced_time', 'unbalanced_time %g ', res.unbalancedTime ?? 0);
    out.closeObject();
  }
  if (a.encap !== undefined) printEncap(out, a.encapType, a.encap, env);
  if (a.gateway !== undefined) printGateway(out, a.gateway);
  if (a.oif) printIfindex(out, 'dev', env.linkName(a.oif));
  if (h.scope !== 0 || env.details) out.string('any', 'scope', 'scope %s ', scopeName(h.scope, env.numeric));
  if (a.blackhole) out.null('any', 'blackhole', 'blackhole ', '');
  if (h.protocol !== 0 || env.details)
    out.string('any', 'protocol', 'proto %s ', protocolName(h.protocol, env.numeric));
  printRtFlags(out, h.flags);
  if (a.fdb) out.null('any', 'fdb', 'fdb', '');
  out.closeObject();
}

/** `print_nexthop_bucket`: one bucket of a resilient group, its line ended. */
export function printNexthopBucket(out: Output, m: NexthopMessage): void {
  const a = m.attrs;
  out.openObject();
  if (a.id !== undefined) out.uint('any', 'id', 'id %u ', a.id);
  const b = a.resBucket;
  if (b) {
    out.openObject('bucket');
    if (b.index !== undefined) out.uint('any', 'index', 'index %u ', b.index);
    if (b.idleTime !== undefined) out.float('any', 'idle_time', 'idle_time %g ', b.idleTime);
    if (b.nhId !== undefined) out.uint('any', 'nhid', 'nhid %u ', b.nhId);
    out.closeObject();
  }
  printRtFlags(out, m.header.flags);
  out.text('\n');
  out.closeObject();
}
