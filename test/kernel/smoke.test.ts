/**
 * The kernel lane's smoke test: link kinds this machine's kernel lacks (dummy, vlan), created with
 * raw requests and read back through the library and through `ip`. On a kernel without them the
 * tests skip with a reason; in the lane (`npm run test:kernel`) they must run.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { IFLA, IFLA_INFO, NLM_F, RTM } from '../../src/core/constants.js';
import { Writer } from '../../src/core/writer.js';
import '../../src/index.js';
import { linkMessage } from '../../src/route/link/schema.js';
import type { Connection } from '../../src/session/connection.js';
import type { Route } from '../../src/session/protocol.js';
import { requireFeature } from '../../src/testing/gates.js';
import { withNamespace } from '../../src/testing/lab.js';
import { probeGenlFamily, probeLinkKind, probeQdisc } from '../../src/testing/probes.js';

/** `ip -j -d -n NS link show DEV`, parsed. */
function ipLinkShow(
  ns: string,
  dev: string,
): { ifname: string; linkinfo?: { info_kind?: string; info_data?: { id?: number } } } {
  const out = execFileSync('ip', ['-j', '-d', '-n', ns, 'link', 'show', dev], { encoding: 'utf8' });
  const [link] = JSON.parse(out);
  return link;
}

/** Creates a link of `kind` with a raw RTM_NEWLINK built from `linkMessage` (no link-kind module involved). */
async function addRawLink(conn: Connection<Route>, ifname: string, kind: string): Promise<void> {
  await conn.ack(
    {
      type: RTM.NEWLINK,
      flags: NLM_F.CREATE | NLM_F.EXCL,
      schema: linkMessage,
      value: { attrs: { ifname, linkinfo: { kind } } },
    },
    { context: { operation: 'add link', object: ifname } },
  );
}

test('a dummy link made with a raw RTM_NEWLINK reads back as kind dummy', async (t) => {
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await addRawLink(conn, 'dummy0', 'dummy');
    const link = await conn.getLinkByName('dummy0');
    assert.ok(link, 'dummy0 exists');
    assert.equal(link.kind, 'dummy');
    assert.equal(ipLinkShow(ns.name, 'dummy0').linkinfo?.info_kind, 'dummy');
  });
});

test('a vlan on top of a dummy link, raw bytes end to end', async (t) => {
  if (!(await requireFeature(t, 'dummy link', probeLinkKind('dummy')))) return;
  if (!(await requireFeature(t, '802.1Q vlan link', probeLinkKind('vlan', { kindOnly: true })))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await addRawLink(conn, 'dummy0', 'dummy');
    const parent = await conn.getLinkByName('dummy0');
    assert.ok(parent);
    // Raw bytes, independent of any vlan codec: ifinfomsg, IFLA_LINK, IFLA_IFNAME,
    // IFLA_LINKINFO { IFLA_INFO_KIND "vlan", IFLA_INFO_DATA { IFLA_VLAN_ID 5 } }.
    const w = new Writer(128);
    w.zeros(16);
    let a = w.beginAttr(IFLA.LINK);
    w.u32(parent.ifindex);
    w.endAttr(a);
    a = w.beginAttr(IFLA.IFNAME);
    w.string('dummy0.5');
    w.endAttr(a);
    const info = w.beginAttr(IFLA.LINKINFO);
    a = w.beginAttr(IFLA_INFO.KIND);
    w.string('vlan');
    w.endAttr(a);
    const data = w.beginAttr(IFLA_INFO.DATA);
    a = w.beginAttr(1 /* IFLA_VLAN_ID */);
    w.u16(5);
    w.endAttr(a);
    w.endAttr(data);
    w.endAttr(info);
    await conn.ack(
      { type: RTM.NEWLINK, flags: NLM_F.CREATE | NLM_F.EXCL, payload: w.finish() },
      { context: { operation: 'add link', object: 'dummy0.5' } },
    );
    const vlan = await conn.getLinkByName('dummy0.5');
    assert.equal(vlan?.kind, 'vlan');
    const shown = ipLinkShow(ns.name, 'dummy0.5');
    assert.equal(shown.linkinfo?.info_kind, 'vlan');
    assert.equal(shown.linkinfo?.info_data?.id, 5);
  });
});

test('generic netlink families and qdiscs load on demand (wireguard, netem)', async (t) => {
  if (!(await requireFeature(t, 'wireguard generic netlink family', probeGenlFamily('wireguard')))) return;
  // struct tc_netem_qopt: latency, limit, loss, gap, duplicate, jitter.
  const qopt = Buffer.alloc(24);
  qopt.writeUInt32LE(1000, 4);
  if (!(await requireFeature(t, 'netem qdisc', probeQdisc('netem', { options: qopt })))) return;
  await withNamespace((ns) => {
    execFileSync('tc', ['-n', ns.name, 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '10ms']);
    const [qdisc] = JSON.parse(
      execFileSync('tc', ['-j', '-n', ns.name, 'qdisc', 'show', 'dev', 'lo'], { encoding: 'utf8' }),
    );
    assert.equal(qdisc.kind, 'netem');
  });
});

// Declared newer than the lane's 6.1 kernel: skips there with a reason saying so, and skips on any
// kernel without it; runs where the kernel has netkit.
test('a netkit link (Linux 6.7+) reads back as kind netkit', async (t) => {
  if (!(await requireFeature(t, 'netkit link', probeLinkKind('netkit'), { minKernel: '6.7' }))) return;
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await addRawLink(conn, 'nk0', 'netkit');
    assert.equal((await conn.getLinkByName('nk0'))?.kind, 'netkit');
  });
});
