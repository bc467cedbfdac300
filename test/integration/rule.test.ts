/** Policy rules: rules made with ip rule read through the library, and the library's read back through ip rule. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import type { Rule } from '../../src/route/rule/rule.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { ip, ipJson } from '../helpers.js';

const skip = skipUnlessIntegration();

const TABLE_NAMES: Readonly<Record<number, string>> = { 253: 'default', 254: 'main', 255: 'local' };
const PROTOCOLS: Readonly<Record<number, string>> = { 6: 'tcp', 17: 'udp' };
const RTPROT: Readonly<Record<number, string>> = { 2: 'kernel', 3: 'boot', 4: 'static' };

/** A decoded rule in the shape of `ip -j rule show`. */
function asIp(r: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = { priority: r.priority };
  if (r.invert) out.not = null;
  const [src, srclen] = (r.from ?? 'all').split('/');
  out.src = src;
  if (srclen !== undefined) out.srclen = Number(srclen);
  if (r.to !== undefined) {
    const [dst, dstlen] = r.to.split('/');
    out.dst = dst;
    out.dstlen = Number(dstlen);
  }
  if (r.fwmark !== undefined) out.fwmark = `0x${r.fwmark.toString(16)}`;
  if (r.fwmask !== undefined) out.fwmask = `0x${r.fwmask.toString(16)}`;
  if (r.iif !== undefined) out.iif = r.iif;
  if (r.oif !== undefined) out.oif = r.oif;
  if (r.l3mdev) out.l3mdev = null;
  if (r.uidRange) {
    out.uid_start = r.uidRange.start;
    out.uid_end = r.uidRange.end;
  }
  if (r.ipProto !== undefined) out.ipproto = PROTOCOLS[r.ipProto] ?? r.ipProto;
  for (const [name, range] of [
    ['sport', r.sport],
    ['dport', r.dport],
  ] as const) {
    if (!range) continue;
    if (range.start === range.end) out[name] = range.start;
    else {
      out[`${name}_start`] = range.start;
      out[`${name}_end`] = range.end;
    }
  }
  if (r.tunId !== undefined) out.tun_id = Number(r.tunId);
  if (r.action === 'to_tbl' && !r.l3mdev) out.table = TABLE_NAMES[r.table] ?? String(r.table);
  if (r.suppressPrefixlength !== undefined) out.suppress_prefixlen = r.suppressPrefixlength;
  if (r.suppressIfgroup !== undefined) out.suppress_ifgroup = String(r.suppressIfgroup);
  if (r.protocol !== undefined && r.protocol !== 0 && r.protocol !== 2) out.protocol = RTPROT[r.protocol] ?? r.protocol;
  if (r.action === 'goto') out.goto = r.goto;
  if (r.action === 'nop') out.nop = null;
  if (r.action === 'blackhole' || r.action === 'unreachable' || r.action === 'prohibit') out.action = r.action;
  return out;
}

/** `ip -j rule show`, without the keys this comparison leaves out (`unresolved` of a goto to a missing rule). */
function ipRules(ns: string, ...family: string[]): Record<string, unknown>[] {
  return (ipJson(ns, ...family, 'rule', 'show') as Record<string, unknown>[]).map(({ unresolved: _, ...rest }) => rest);
}

test('rules made with ip rule decode to what ip -j rule show prints', { skip }, async () => {
  await withNamespace(async (ns) => {
    const add = (...args: string[]) => ip(ns.name, 'rule', 'add', ...args);
    add('from', '10.0.0.0/8', 'table', '100', 'pref', '100');
    add('not', 'to', '192.168.0.0/24', 'fwmark', '0x10/0xff', 'iif', 'lo', 'oif', 'lo', 'ipproto', 'tcp', 'pref', '99');
    add(
      'sport',
      '1000-2000',
      'dport',
      '80',
      'uidrange',
      '100-200',
      'table',
      '1000',
      'pref',
      '200',
      'protocol',
      'static',
    );
    add('pref', '300', 'goto', '400');
    add('tun_id', '5', 'blackhole', 'pref', '500');
    add('from', '192.168.98.0/24', 'unreachable', 'pref', '501');
    add('nop', 'pref', '502');
    add('l3mdev', 'pref', '1000');
    add('table', 'main', 'suppress_prefixlength', '0', 'suppress_ifgroup', '3', 'pref', '50');
    ip(ns.name, '-6', 'rule', 'add', 'from', '2001:db8::/32', 'table', '200', 'pref', '80');
    const conn = ns.connection();
    assert.deepEqual((await conn.getRules({ family: 'inet' })).map(asIp), ipRules(ns.name));
    assert.deepEqual((await conn.getRules({ family: 'inet6' })).map(asIp), ipRules(ns.name, '-6'));
    // Without a family, the kernel dumps every family: IPv4, IPv6, and the multicast routing ones (ipFamily undefined).
    const all = await conn.getRules();
    const ipOnes = all.filter((r) => r.ipFamily !== undefined);
    assert.equal(ipOnes.length, ipRules(ns.name).length + ipRules(ns.name, '-6').length);
  });
});

test('rules made through the library read back through ip -j rule show', { skip }, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addRule({ from: '10.0.0.0/8', table: 100, priority: 100 });
    await conn.addRule({
      priority: 200,
      not: true,
      to: '192.168.0.0/24',
      fwmark: 0x10,
      fwmask: 0xff,
      iif: 'lo',
      ipProto: 'udp',
      sport: 53,
      dport: { start: 1000, end: 2000 },
      uidRange: { start: 1, end: 2 },
      table: 'main',
      protocol: 4,
    });
    await conn.addRule({ priority: 300, goto: 400 });
    await conn.addRule({ priority: 400, action: 'prohibit', tunId: 7n });
    await conn.addRule({ priority: 50, table: 'main', suppressPrefixlength: 0 });
    await conn.addRule({ priority: 60, l3mdev: true });
    await conn.addRule({ from: '2001:db8::/32', table: 300, priority: 70 });
    const byPref = new Map(ipRules(ns.name).map((r) => [r.priority, r]));
    assert.deepEqual(byPref.get(100), { priority: 100, src: '10.0.0.0', srclen: 8, table: '100' });
    assert.deepEqual(byPref.get(200), {
      priority: 200,
      not: null,
      src: 'all',
      dst: '192.168.0.0',
      dstlen: 24,
      fwmark: '0x10',
      fwmask: '0xff',
      iif: 'lo',
      uid_start: 1,
      uid_end: 2,
      ipproto: 'udp',
      sport: 53,
      dport_start: 1000,
      dport_end: 2000,
      table: 'main',
      protocol: 'static',
    });
    assert.deepEqual(byPref.get(300), { priority: 300, src: 'all', goto: 400 });
    assert.deepEqual(byPref.get(400), { priority: 400, src: 'all', tun_id: 7, action: 'prohibit' });
    assert.deepEqual(byPref.get(50), { priority: 50, src: 'all', table: 'main', suppress_prefixlen: 0 });
    assert.deepEqual(byPref.get(60), { priority: 60, src: 'all', l3mdev: null });
    assert.deepEqual(
      ipRules(ns.name, '-6').find((r) => r.priority === 70),
      { priority: 70, src: '2001:db8::', srclen: 32, table: '300' },
    );
    await assert.rejects(conn.addRule({ from: '10.0.0.0/8', table: 100, priority: 100 }), { errnoName: 'EEXIST' });

    // Deleting by selector, by a decoded rule, and when it is gone.
    await conn.delRule({ priority: 100 });
    assert.equal(byPrefNow(ns.name, 100), undefined);
    const r200 = (await conn.getRules({ family: 'inet' })).find((r) => r.priority === 200);
    assert.ok(r200);
    await conn.delRule(r200);
    assert.equal(byPrefNow(ns.name, 200), undefined);
    assert.equal(await conn.delRuleIfExists({ priority: 200 }), false);
    assert.equal(await conn.delRuleIfExists({ priority: 70, family: 'inet6' }), true);
    assert.equal(
      ipRules(ns.name, '-6').find((r) => r.priority === 70),
      undefined,
    );
  });
});

function byPrefNow(ns: string, priority: number): Record<string, unknown> | undefined {
  return ipRules(ns).find((r) => r.priority === priority);
}
