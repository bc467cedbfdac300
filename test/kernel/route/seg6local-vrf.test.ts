/**
 * SRv6 decapsulation into a VRF (End.DT4, End.DT6 and End.DT46 with
 * `vrftable`): needs VRF devices and `net.vrf.strict_mode`, absent from
 * some kernels (gated, required in the kernel lane). Created through the
 * library, the routes read back through `ip -j` as iproute2's do.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import '../../../src/index.js';
import type { RouteConfig } from '../../../src/route/route/config.js';
import { requireFeature } from '../../../src/testing/gates.js';
import type { LabNamespace } from '../../../src/testing/lab.js';
import { probeLinkKind } from '../../../src/testing/probes.js';
import { ip } from '../../helpers.js';
import { configureTwins, ipState, type Twin, withTwins } from '../../integration/route-lab.js';

function addVrf(ns: LabNamespace): void {
  ip(ns.name, 'link', 'add', 'vrf100', 'type', 'vrf', 'table', '100');
  ip(ns.name, 'link', 'set', 'vrf100', 'up');
  execFileSync('ip', ['netns', 'exec', ns.name, 'sysctl', '-q', '-w', 'net.vrf.strict_mode=1']);
}

const ROUTES: readonly Twin<RouteConfig>[] = (['End.DT4', 'End.DT6', 'End.DT46'] as const).map(
  (action, i) =>
    [
      [
        '-6',
        'route',
        'add',
        `2001:db8:${i + 20}::/64`,
        'encap',
        'seg6local',
        'action',
        action,
        'vrftable',
        '100',
        'dev',
        'vrf100',
      ],
      { dst: `2001:db8:${i + 20}::/64`, encap: { type: 'seg6local', action, vrftable: 100 }, dev: 'vrf100' },
    ] as const,
);

test('SRv6 End.DT4/DT6/DT46 into a VRF created through the library read back as iproute2 creates them', async (t) => {
  if (!(await requireFeature(t, 'vrf link', probeLinkKind('vrf', { kindOnly: true })))) return;
  await withTwins(async (byIp, byLib) => {
    addVrf(byIp);
    addVrf(byLib);
    const conn = await configureTwins(byIp, byLib, ROUTES, (c, route) => c.addRoute(route));
    const state = (ns: string) => ipState(ns, ['-6', '-d', 'route', 'show', 'dev', 'vrf100']);
    assert.deepEqual(state(byLib.name), state(byIp.name));
    const ours = await conn.getRoutes({ family: 'inet6', dev: 'vrf100', table: 'main' });
    assert.deepEqual(
      ours.map((r) => r.encap),
      ROUTES.map(([, r]) => (r as { encap: unknown }).encap),
    );
  });
});
