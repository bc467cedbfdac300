import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NLMSG, UAPI_CONSTANT_TABLES } from '../../src/core/constants.js';
import { ERRNO } from '../../src/core/errno.js';
import { field, struct } from '../../src/schema/codec.js';
import { UAPI_STRUCTS } from '../../src/uapi-structs.js';
import { AuditCompileError, type ConstantTable, cMemberName, formatMismatches, runAudit } from './audit.js';

const ERRNO_TABLE: ConstantTable = { prefix: '', table: ERRNO, headers: ['errno.h'] };

test('constants, errno numbers and struct layouts match the installed kernel UAPI headers', () => {
  const constants = [...UAPI_CONSTANT_TABLES, ERRNO_TABLE];
  const result = runAudit({ constants, structs: UAPI_STRUCTS });
  assert.deepEqual(result.mismatches, [], formatMismatches(result.mismatches));

  // Everything was looked at: each constant once; per struct its size, and offset + size of each field.
  const nConstants = constants.reduce((n, t) => n + Object.keys(t.table).length, 0);
  const nStructs = UAPI_STRUCTS.reduce(
    (n, s) => n + 1 + 2 * s.struct.layout.filter((f) => !('pad' in f.type)).length,
    0,
  );
  assert.equal(result.checked, nConstants + nStructs);
  assert.ok(UAPI_STRUCTS.length >= 2);
});

test('C member names: prefix + snake_case, or the explicit mapping', () => {
  const s = { name: 'x', size: 0, layout: [] };
  assert.equal(cMemberName({ struct: s, header: 'h.h' }, 'rxOtherhostDropped'), 'rx_otherhost_dropped');
  assert.equal(cMemberName({ struct: s, header: 'h.h', prefix: 'ifi_' }, 'family'), 'ifi_family');
  assert.equal(cMemberName({ struct: s, header: 'h.h', prefix: 'ifi_', cFields: { x: 'y' } }, 'x'), 'y');
});

test('the audit reports every wrong value, with ours and the kernel value', () => {
  // Deliberately wrong: NLMSG_DONE is 3, struct ifinfomsg is 16 bytes with ifi_index at 4.
  const wrongStruct = struct('ifinfomsg', {
    family: field.u8,
    pad: field.pad(1),
    type: field.u16,
    index: field.u16,
    flags: field.u32,
  });
  const result = runAudit({
    constants: [{ prefix: 'NLMSG_', table: { ERROR: NLMSG.ERROR, DONE: 4 }, headers: ['linux/netlink.h'] }],
    structs: [{ struct: wrongStruct, header: 'linux/rtnetlink.h', prefix: 'ifi_' }],
  });
  assert.equal(result.checked, 2 + 1 + 2 * 4);
  assert.deepEqual(result.mismatches, [
    { name: 'NLMSG_DONE', ours: 4, kernel: 3n },
    { name: 'sizeof(struct ifinfomsg)', ours: 10, kernel: 16n },
    { name: 'sizeof(struct ifinfomsg.ifi_index) [index]', ours: 2, kernel: 4n },
    { name: 'offsetof(struct ifinfomsg, ifi_flags) [flags]', ours: 6, kernel: 8n },
  ]);
  const message = formatMismatches(result.mismatches);
  assert.match(message, /^4 value\(s\) differ/);
  assert.match(message, /NLMSG_DONE: ours 4 \(0x4\), kernel 3 \(0x3\)/);
});

test('the audit fails on constants and members missing from the headers, showing the compiler output', () => {
  const noField = struct('ifinfomsg', { family: field.u8, bogusField: field.u8 });
  assert.throws(
    () =>
      runAudit({
        constants: [{ prefix: 'NLMSG_', table: { DONE: 3, NO_SUCH_TYPE: 7 }, headers: ['linux/netlink.h'] }],
        structs: [{ struct: noField, header: 'linux/rtnetlink.h', prefix: 'ifi_' }],
      }),
    (err: unknown) => {
      assert.ok(err instanceof AuditCompileError, String(err));
      assert.deepEqual([...err.missing].sort(), ['NLMSG_NO_SUCH_TYPE', 'ifi_bogus_field']);
      assert.match(err.message, /not in the installed headers: /);
      assert.match(err.compilerOutput, /NLMSG_NO_SUCH_TYPE/);
      return true;
    },
  );
});
