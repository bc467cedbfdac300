import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF, RTM } from '../../../src/core/constants.js';
import { InvalidArgumentError, KernelError } from '../../../src/errors.js';
import { FIB_RULE, FR_ACT, ruleMessage } from '../../../src/route/rule/schema.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import * as frames from '../../../src/testing/frames.js';
import { diffIproute2, dumpReply, fakeRoute, lastSent, recorded } from '../neigh/kernel.js';

const SAME_AS_IPROUTE2: readonly [string, (c: Connection<Route>) => Promise<unknown>, boolean?][] = [
  ['rule-basic', (c) => c.addRule({ from: '10.0.0.0/8', table: 100, priority: 100 })],
  [
    'rule-many',
    (c) =>
      c.addRule({
        not: true,
        from: '10.1.0.0/16',
        to: '192.168.0.0/24',
        iif: 'lo',
        oif: 'lo',
        fwmark: 0x10,
        fwmask: 0xff,
        ipProto: 'tcp',
        sport: { start: 1000, end: 2000 },
        dport: 80,
        priority: 200,
        table: 1000,
        protocol: 4,
        uidRange: { start: 100, end: 200 },
        tos: 0x10,
      }),
  ],
  ['rule-goto', (c) => c.addRule({ priority: 300, goto: 400 })],
  ['rule-blackhole', (c) => c.addRule({ to: '192.168.99.0/24', action: 'blackhole', priority: 500 })],
  ['rule-unreachable', (c) => c.addRule({ from: '192.168.98.0/24', action: 'unreachable', priority: 501 })],
  ['rule-prohibit', (c) => c.addRule({ from: '192.168.97.0/24', action: 'prohibit', priority: 502 })],
  ['rule-nop', (c) => c.addRule({ action: 'nop', priority: 5 })],
  ['rule-l3mdev', (c) => c.addRule({ l3mdev: true, priority: 1000 })],
  ['rule-suppress', (c) => c.addRule({ table: 'main', suppressPrefixlength: 0, suppressIfgroup: 3, priority: 50 })],
  ['rule-tunid', (c) => c.addRule({ tunId: 5n, table: 10, priority: 60 })],
  ['rule-v6', (c) => c.addRule({ from: '2001:db8::/32', table: 200, priority: 70 })],
  ['rule-sport', (c) => c.addRule({ sport: 53, dport: { start: 1000, end: 2000 }, ipProto: 'udp', table: 5 })],
  ['rule-table-small', (c) => c.addRule({ fwmark: 7, table: 5, priority: 80 })],
  ['rule-noaction', (c) => c.addRule({ from: '10.2.0.0/16', priority: 7 })],
  ['rule-iif', (c) => c.addRule({ iif: 'lo', table: 5, priority: 8 })],
  ['rule-del', (c) => c.delRule({ priority: 100 })],
  ['rule-del-full', (c) => c.delRule({ from: '10.0.0.0/8', table: 100, priority: 100 })],
  ['rule-show', (c) => c.getRules({ family: 'inet' }), true],
  ['rule-show6', (c) => c.getRules({ family: 'inet6' }), true],
];

for (const [name, body, ackless] of SAME_AS_IPROUTE2) {
  test(`${name}: the same request as iproute2 sends`, async () => {
    const ours = await lastSent(body);
    assert.deepEqual(diffIproute2(ours, name, ruleMessage, { ackless: ackless ?? false }), []);
  });
}

test('the comparison sees a wrong table, port range or flag', async () => {
  const ours = await lastSent((c) =>
    c.addRule({ sport: 54, dport: { start: 1000, end: 2000 }, ipProto: 'udp', table: 6 }),
  );
  assert.deepEqual(diffIproute2(ours, 'rule-sport', ruleMessage), [
    'header: 020000000600000100000000 != 020000000500000100000000',
    'sportRange: 36003600 != 35003500',
  ]);
});

function recordedRules(): { conn: Connection<Route> } {
  return fakeRoute({}, (req) => (req.header.type === RTM.GETRULE ? dumpReply(req, recorded('rule-dump')) : undefined));
}

test('a recorded rule dump decodes to the values ip -j rule show printed', async () => {
  const { conn } = recordedRules();
  const rules = await conn.getRules({ family: 'inet' });
  assert.deepEqual(
    rules.map((r) => r.priority),
    [0, 50, 100, 200, 300, 500, 32766, 32767],
  );
  const byPref = new Map(rules.map((r) => [r.priority, r]));
  const local = byPref.get(0);
  assert.deepEqual(
    [local?.table, local?.action, local?.suppressPrefixlength, local?.from],
    [255, 'to_tbl', undefined, undefined],
  );
  assert.equal(byPref.get(50)?.suppressPrefixlength, 0);
  assert.equal(byPref.get(50)?.table, 254);
  const r100 = byPref.get(100);
  assert.deepEqual([r100?.from, r100?.to, r100?.table, r100?.ipFamily], ['10.0.0.0/8', undefined, 100, 'inet']);
  const r200 = byPref.get(200);
  assert.ok(r200);
  assert.equal(r200.invert, true);
  assert.equal(r200.to, '192.168.0.0/24');
  assert.deepEqual([r200.fwmark, r200.fwmask, r200.iif, r200.ipProto, r200.protocol], [0x10, 0xff, 'd1', 6, 4]);
  assert.deepEqual(r200.sport, { start: 1000, end: 2000 });
  assert.deepEqual(r200.dport, { start: 80, end: 80 });
  assert.deepEqual(r200.uidRange, { start: 100, end: 200 });
  assert.equal(r200.table, 1000);
  const r300 = byPref.get(300);
  assert.deepEqual(
    [r300?.action, r300?.goto, (r300?.flags ?? 0) & FIB_RULE.UNRESOLVED],
    ['goto', 400, FIB_RULE.UNRESOLVED],
  );
  const r500 = byPref.get(500);
  assert.deepEqual([r500?.action, r500?.actionCode, r500?.tunId], ['blackhole', FR_ACT.BLACKHOLE, 5n]);
  assert.equal(byPref.get(32767)?.table, 253);
  assert.equal(JSON.parse(JSON.stringify(r500)).attrs.tunId, 5);
  conn.close();
});

test('streamRules yields the same rules as getRules', async () => {
  const { conn } = recordedRules();
  const prefs: number[] = [];
  for await (const r of conn.streamRules()) prefs.push(r.priority);
  assert.deepEqual(
    prefs,
    (await conn.getRules()).map((r) => r.priority),
  );
  conn.close();
});

test('delRule of a decoded rule sends the rule back exactly as the kernel described it', async () => {
  const { conn } = recordedRules();
  const r200 = (await conn.getRules()).find((r) => r.priority === 200);
  assert.ok(r200);
  conn.close();
  const raw = await lastSent((c) => c.delRule(r200));
  assert.equal(raw.readUInt16LE(4), RTM.DELRULE);
  const original = recorded('rule-dump').find((m) => ruleMessage.decode(m.payload).attrs.priority === 200);
  assert.deepEqual(raw.subarray(16), original?.payload);
});

test('errors name the operation and the rule; bad input is refused before sending', async () => {
  const { conn, fake } = fakeRoute({}, (req) => [frames.error(req, req.header.type === RTM.NEWRULE ? 17 : 2)]);
  await assert.rejects(conn.addRule({ priority: 100, from: '10.0.0.0/8', table: 100 }), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.message, 'add rule pref 100 from 10.0.0.0/8 table 100: File exists (EEXIST)');
    return true;
  });
  await assert.rejects(conn.delRule({ priority: 7 }), {
    message: 'delete rule pref 7: No such file or directory (ENOENT)',
  });
  assert.equal(await conn.delRuleIfExists({ priority: 7 }), false);
  const before = fake.sent.length;
  const bad = [
    { from: '10.0.0.0/33' },
    { family: 'inet6', from: '10.0.0.0/8' },
    { iif: 'a/b' },
    { table: 'nosuch' },
    { sport: { start: 2000, end: 1000 } },
    { dport: 70000 },
    { ipProto: 'nosuch' },
    { tunId: -1 },
    { priority: -1 },
  ] as const;
  for (const config of bad)
    await assert.rejects(conn.addRule(config as never), InvalidArgumentError, JSON.stringify(config));
  assert.equal(fake.sent.length, before);
  conn.close();
});

test('the family follows the prefixes, table ids above 255 travel in FRA_TABLE, all means no prefix', async () => {
  const decode = async (body: (c: Connection<Route>) => Promise<unknown>) =>
    ruleMessage.decode((await lastSent(body)).subarray(16));
  const v6 = await decode((c) => c.addRule({ to: '2001:db8::1', table: 300 }));
  assert.deepEqual(
    [v6.header.family, v6.header.dstLen, v6.header.table, v6.attrs.table, v6.attrs.dst],
    [AF.INET6, 128, 0, 300, '2001:db8::1'],
  );
  const all = await decode((c) => c.addRule({ from: 'all', to: 'all', priority: 9 }));
  assert.deepEqual([all.attrs.src, all.attrs.dst, all.header.srcLen, all.header.table], [undefined, undefined, 0, 254]);
  const del = await decode((c) => c.delRule({ action: 'blackhole', family: 'inet6' }));
  assert.deepEqual([del.header.family, del.header.action, del.header.table], [AF.INET6, FR_ACT.BLACKHOLE, 0]);
});
