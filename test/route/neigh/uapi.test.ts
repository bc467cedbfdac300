import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BRIDGE_CONSTANT_TABLES, brMdbEntry, brMdbEntryLayout } from '../../../src/route/bridge/schema.js';
import { NEIGH_CONSTANT_TABLES } from '../../../src/route/neigh/schema.js';
import { NSID_CONSTANT_TABLES } from '../../../src/route/nsid/schema.js';
import { RULE_CONSTANT_TABLES } from '../../../src/route/rule/schema.js';
import { UAPI_STRUCTS } from '../../../src/uapi-structs.js';
import { formatMismatches, runAudit } from '../../uapi/audit.js';

const TABLES = [...NEIGH_CONSTANT_TABLES, ...RULE_CONSTANT_TABLES, ...BRIDGE_CONSTANT_TABLES, ...NSID_CONSTANT_TABLES];

test('neighbour, rule, bridge and nsid constants match the installed kernel UAPI headers', () => {
  const result = runAudit({ constants: TABLES });
  assert.deepEqual(result.mismatches, [], formatMismatches(result.mismatches));
  assert.equal(
    result.checked,
    TABLES.reduce((n, t) => n + Object.keys(t.table).length, 0),
  );
});

test('the structs of these families are in the UAPI struct registry', () => {
  const names = new Set(UAPI_STRUCTS.map((s) => s.struct.name));
  for (const name of ['ndmsg', 'nda_cacheinfo', 'fib_rule_hdr', 'fib_rule_port_range', 'fib_rule_uid_range']) {
    assert.ok(names.has(name), name);
  }
  for (const name of ['bridge_vlan_info', 'br_vlan_msg', 'br_port_msg', 'br_mdb_entry', 'rtgenmsg']) {
    assert.ok(names.has(name), name);
  }
});

test('struct br_mdb_entry: the flattened addr and proto lie inside the C addr member the audit checks', () => {
  const at = (s: typeof brMdbEntry | typeof brMdbEntryLayout, f: string) => s.layout.find((l) => l.name === f);
  const cAddr = at(brMdbEntryLayout, 'addr');
  assert.equal(brMdbEntry.size, brMdbEntryLayout.size);
  assert.equal(at(brMdbEntry, 'addr')?.offset, cAddr?.offset);
  // union u (16 bytes), then __be16 proto, then 2 bytes of padding: the C member is 20 bytes.
  assert.equal(at(brMdbEntry, 'proto')?.offset, (cAddr?.offset ?? 0) + 16);
  assert.equal(cAddr?.type.size, 20);
});
