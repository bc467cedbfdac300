/**
 * The attribute numbers, enums and structs of the bridge, vxlan, macvlan,
 * ipvlan, vlan, bond and vrf kinds against the installed UAPI headers, and
 * every attribute of the headers declared in the kinds' attribute sets.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BOND_LINK,
  BOND_MODE,
  BOND_STATE,
  BOND_XMIT_POLICY,
  bondAdInfoAttrs,
  bondAttrs,
  bondPortAttrs,
  IFLA_BOND,
  IFLA_BOND_AD_INFO,
  IFLA_BOND_SLAVE,
} from '../../../src/route/link/kinds/bond.js';
import {
  BR_BOOLOPT,
  BR_STATE,
  BRIDGE_QUERIER,
  bridgeAttrs,
  bridgePortAttrs,
  bridgeQuerierAttrs,
  IFLA_BR,
  IFLA_BR_NEWER,
  IFLA_BRPORT,
  IFLA_BRPORT_NEWER,
} from '../../../src/route/link/kinds/bridge.js';
import { ETH_P_VLAN } from '../../../src/route/link/kinds/codecs.js';
import { IFLA_IPVLAN, IPVLAN_F, IPVLAN_MODE, ipvlanAttrs } from '../../../src/route/link/kinds/ipvlan.js';
import {
  IFLA_MACVLAN,
  IFLA_MACVLAN_NEWER,
  MACVLAN_FLAG,
  MACVLAN_MACADDR,
  MACVLAN_MODE,
  macvlanAttrs,
} from '../../../src/route/link/kinds/macvlan.js';
import { IFLA_VLAN, IFLA_VLAN_QOS, VLAN_FLAG, vlanAttrs, vlanQosAttrs } from '../../../src/route/link/kinds/vlan.js';
import { IFLA_VRF, IFLA_VRF_PORT, vrfAttrs, vrfPortAttrs } from '../../../src/route/link/kinds/vrf.js';
import { IFLA_VXLAN, IFLA_VXLAN_NEWER, VXLAN_DF, vxlanAttrs } from '../../../src/route/link/kinds/vxlan.js';
import type { AttrSet, Fields } from '../../../src/schema/attrs.js';
import { UAPI_STRUCTS } from '../../../src/uapi-structs.js';
import { type ConstantTable, formatMismatches, runAudit } from '../../uapi/audit.js';

const IF_LINK = ['linux/if_link.h'];
const IF_BRIDGE = ['linux/if_bridge.h'];

const CONSTANTS: readonly ConstantTable[] = [
  { prefix: 'IFLA_BR_', table: IFLA_BR, headers: IF_LINK },
  { prefix: 'IFLA_BRPORT_', table: IFLA_BRPORT, headers: IF_LINK },
  { prefix: 'BR_BOOLOPT_', table: BR_BOOLOPT, headers: IF_BRIDGE },
  { prefix: 'BRIDGE_QUERIER_', table: BRIDGE_QUERIER, headers: IF_BRIDGE },
  { prefix: 'BR_STATE_', table: BR_STATE, headers: IF_BRIDGE },
  { prefix: 'IFLA_VXLAN_', table: IFLA_VXLAN, headers: IF_LINK },
  { prefix: 'VXLAN_DF_', table: VXLAN_DF, headers: IF_LINK },
  { prefix: 'IFLA_MACVLAN_', table: IFLA_MACVLAN, headers: IF_LINK },
  { prefix: 'MACVLAN_MODE_', table: MACVLAN_MODE, headers: IF_LINK },
  { prefix: 'MACVLAN_MACADDR_', table: MACVLAN_MACADDR, headers: IF_LINK },
  { prefix: 'MACVLAN_FLAG_', table: MACVLAN_FLAG, headers: IF_LINK },
  { prefix: 'IFLA_IPVLAN_', table: IFLA_IPVLAN, headers: IF_LINK },
  { prefix: 'IPVLAN_MODE_', table: IPVLAN_MODE, headers: IF_LINK },
  { prefix: 'IPVLAN_F_', table: IPVLAN_F, headers: IF_LINK },
  { prefix: 'IFLA_VLAN_', table: IFLA_VLAN, headers: IF_LINK },
  { prefix: 'IFLA_VLAN_QOS_', table: IFLA_VLAN_QOS, headers: IF_LINK },
  { prefix: 'VLAN_FLAG_', table: VLAN_FLAG, headers: ['linux/if_vlan.h'] },
  { prefix: 'ETH_P_', table: ETH_P_VLAN, headers: ['linux/if_ether.h'] },
  { prefix: 'IFLA_BOND_', table: IFLA_BOND, headers: IF_LINK },
  { prefix: 'IFLA_BOND_AD_INFO_', table: IFLA_BOND_AD_INFO, headers: IF_LINK },
  { prefix: 'IFLA_BOND_SLAVE_', table: IFLA_BOND_SLAVE, headers: IF_LINK },
  { prefix: 'BOND_MODE_', table: BOND_MODE, headers: ['linux/if_bonding.h'] },
  { prefix: 'BOND_XMIT_POLICY_', table: BOND_XMIT_POLICY, headers: ['linux/if_bonding.h'] },
  { prefix: 'BOND_STATE_', table: BOND_STATE, headers: ['linux/if_bonding.h'] },
  { prefix: 'BOND_LINK_', table: BOND_LINK, headers: ['linux/if_bonding.h'] },
  { prefix: 'IFLA_VRF_', table: IFLA_VRF, headers: IF_LINK },
  { prefix: 'IFLA_VRF_PORT_', table: IFLA_VRF_PORT, headers: IF_LINK },
  // The attributes newer than the installed headers continue their enums exactly where the headers end.
  {
    prefix: '__IFLA_',
    table: {
      BR_MAX: Math.min(...Object.values(IFLA_BR_NEWER)),
      BRPORT_MAX: Math.min(...Object.values(IFLA_BRPORT_NEWER)),
      VXLAN_MAX: Math.min(...Object.values(IFLA_VXLAN_NEWER)),
      MACVLAN_MAX: Math.min(...Object.values(IFLA_MACVLAN_NEWER)),
      BOND_MAX: Math.max(...Object.values(IFLA_BOND)) + 1,
      BOND_SLAVE_MAX: Math.max(...Object.values(IFLA_BOND_SLAVE)) + 1,
      BOND_AD_INFO_MAX: Math.max(...Object.values(IFLA_BOND_AD_INFO)) + 1,
      IPVLAN_MAX: Math.max(...Object.values(IFLA_IPVLAN)) + 1,
      VLAN_MAX: Math.max(...Object.values(IFLA_VLAN)) + 1,
      VRF_MAX: Math.max(...Object.values(IFLA_VRF)) + 1,
    },
    headers: IF_LINK,
  },
];

test('link-kind constants match the installed UAPI headers', () => {
  const result = runAudit({ constants: CONSTANTS });
  assert.deepEqual(result.mismatches, [], formatMismatches(result.mismatches));
  assert.equal(
    result.checked,
    CONSTANTS.reduce((n, t) => n + Object.keys(t.table).length, 0),
  );
});

test('the kinds declare every attribute of their UAPI enums (padding aside), and nothing else', () => {
  const cases: [string, AttrSet<Fields>, Readonly<Record<string, number>>[]][] = [
    ['bridge', bridgeAttrs as unknown as AttrSet<Fields>, [IFLA_BR, IFLA_BR_NEWER]],
    ['bridge port', bridgePortAttrs as unknown as AttrSet<Fields>, [IFLA_BRPORT, IFLA_BRPORT_NEWER]],
    ['bridge querier', bridgeQuerierAttrs as unknown as AttrSet<Fields>, [BRIDGE_QUERIER]],
    ['vxlan', vxlanAttrs as unknown as AttrSet<Fields>, [IFLA_VXLAN, IFLA_VXLAN_NEWER]],
    ['macvlan', macvlanAttrs as unknown as AttrSet<Fields>, [IFLA_MACVLAN, IFLA_MACVLAN_NEWER]],
    ['ipvlan', ipvlanAttrs as unknown as AttrSet<Fields>, [IFLA_IPVLAN]],
    ['vlan', vlanAttrs as unknown as AttrSet<Fields>, [IFLA_VLAN]],
    ['vlan qos', vlanQosAttrs as unknown as AttrSet<Fields>, [IFLA_VLAN_QOS]],
    ['bond', bondAttrs as unknown as AttrSet<Fields>, [IFLA_BOND]],
    ['bond ad info', bondAdInfoAttrs as unknown as AttrSet<Fields>, [IFLA_BOND_AD_INFO]],
    ['bond port', bondPortAttrs as unknown as AttrSet<Fields>, [IFLA_BOND_SLAVE]],
    ['vrf', vrfAttrs as unknown as AttrSet<Fields>, [IFLA_VRF]],
    ['vrf port', vrfPortAttrs as unknown as AttrSet<Fields>, [IFLA_VRF_PORT]],
  ];
  for (const [what, set, tables] of cases) {
    const wanted = tables.flatMap((t) =>
      Object.entries(t)
        .filter(([name]) => name !== 'PAD')
        .map(([, v]) => v),
    );
    assert.deepEqual(
      set.entries.map((e) => e.type).sort((a, b) => a - b),
      wanted.sort((a, b) => a - b),
      what,
    );
  }
});

test("the kinds' structs are in the UAPI audit registry", () => {
  const names = new Set(UAPI_STRUCTS.map((s) => s.struct.name));
  for (const name of [
    'ifla_bridge_id',
    'br_boolopt_multi',
    'ifla_vxlan_port_range',
    'ifla_vlan_flags',
    'ifla_vlan_qos_mapping',
  ]) {
    assert.ok(names.has(name), name);
  }
});
