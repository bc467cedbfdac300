/** The attribute numbers and constants of the tunnel-group link kinds against the installed UAPI headers. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bareudpAttrs } from '../../../src/route/link/kinds/bareudp.js';
import { GENEVE_DF, geneveAttrs } from '../../../src/route/link/kinds/geneve.js';
import { greAttrs } from '../../../src/route/link/kinds/gre.js';
import { ip6tnlAttrs, SIT_FLAG } from '../../../src/route/link/kinds/ipip.js';
import { MACSEC_OFFLOAD, MACSEC_VALIDATE, macsecAttrs } from '../../../src/route/link/kinds/macsec.js';
import { IP6_TNL_F, TUNNEL_ENCAP, TUNNEL_ENCAP_FLAG } from '../../../src/route/link/kinds/tunnel.js';
import { vtiAttrs } from '../../../src/route/link/kinds/vti.js';
import type { AttrSet, Fields } from '../../../src/schema/attrs.js';
import { type ConstantTable, formatMismatches, runAudit, snakeCase } from '../../uapi/audit.js';

/** `encapLimit` → `ENCAP_LIMIT`; `ip6rdPrefix` → `6RD_PREFIX` (C names cannot start a JS identifier). */
function cName(name: string): string {
  return snakeCase(name)
    .toUpperCase()
    .replace(/^IP6RD/, '6RD');
}

function names(table: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [cName(k), v]));
}

/** The attribute sets by their C enum's name, with the header declaring it. */
const SETS = [
  ['GRE', greAttrs, 'linux/if_tunnel.h'],
  ['IPTUN', ip6tnlAttrs, 'linux/if_tunnel.h'],
  ['VTI', vtiAttrs, 'linux/if_tunnel.h'],
  ['GENEVE', geneveAttrs, 'linux/if_link.h'],
  ['BAREUDP', bareudpAttrs, 'linux/if_link.h'],
  ['MACSEC', macsecAttrs, 'linux/if_link.h'],
] as unknown as readonly (readonly [string, AttrSet<Fields>, string])[];

function attrTable(prefix: string, set: AttrSet<Fields>, header: string): ConstantTable {
  return { prefix, table: Object.fromEntries(set.entries.map((e) => [cName(e.name), e.type])), headers: [header] };
}

test('tunnel, geneve, bareudp and macsec attribute numbers and constants match the kernel headers', () => {
  const constants: ConstantTable[] = [
    ...SETS.map(([c, set, header]) => attrTable(`IFLA_${c}_`, set, header)),
    { prefix: 'TUNNEL_ENCAP_', table: names(TUNNEL_ENCAP), headers: ['linux/if_tunnel.h'] },
    { prefix: 'TUNNEL_ENCAP_FLAG_', table: names(TUNNEL_ENCAP_FLAG), headers: ['linux/if_tunnel.h'] },
    { prefix: 'IP6_TNL_F_', table: names(IP6_TNL_F), headers: ['linux/ip6_tunnel.h'] },
    { prefix: 'SIT_', table: names(SIT_FLAG), headers: ['linux/if_tunnel.h'] },
    { prefix: 'GENEVE_DF_', table: names(GENEVE_DF), headers: ['linux/if_link.h'] },
    { prefix: 'MACSEC_VALIDATE_', table: names(MACSEC_VALIDATE), headers: ['linux/if_link.h'] },
    { prefix: 'MACSEC_OFFLOAD_', table: names(MACSEC_OFFLOAD), headers: ['linux/if_link.h'] },
    // Every attribute of the headers is declared: the enums end right after the last one.
    {
      prefix: '__IFLA_',
      table: Object.fromEntries(SETS.map(([c, set]) => [`${c}_MAX`, set.maxType + 1])),
      headers: ['linux/if_link.h', 'linux/if_tunnel.h'],
    },
  ];
  const result = runAudit({ constants });
  assert.deepEqual(result.mismatches, [], formatMismatches(result.mismatches));
  assert.equal(
    result.checked,
    constants.reduce((n, t) => n + Object.keys(t.table).length, 0),
  );
  assert.ok(result.checked > 100);
  // No gaps: every number from 1 to the last is declared (IFLA_MACSEC_PAD aside).
  for (const [c, set] of SETS) assert.equal(set.entries.length, set.maxType - (c === 'MACSEC' ? 1 : 0), c);
});
