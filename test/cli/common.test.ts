import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Args,
  CliError,
  getInteger,
  getU8,
  getU16,
  getU32,
  getU64,
  matches,
  parseCInteger,
  parseOnOff,
} from '../../src/cli/common/args.js';
import { Output } from '../../src/cli/common/output.js';
import { cFormat } from '../../src/cli/common/printf.js';

test('cFormat formats like C printf', () => {
  const cases: [string, (string | number | bigint)[], string][] = [
    ['%d: ', [7], '7: '],
    ['mtu %u ', [1500], 'mtu 1500 '],
    ['%-16s ', ['v1@v0'], 'v1@v0            '],
    ['%-14s ', ['UP'], 'UP             '],
    ['%*s|', [5, 'ab'], '   ab|'],
    ['%*llu ', [10, 1234n], '      1234 '],
    ['%#llx', [0], '0'],
    ['%#llx', [0x8001], '0x8001'],
    ['%x', [255], 'ff'],
    ['%.4x.', [0x8000], '8000.'],
    ['%4i.%.2i', [3, 5], '   3.05'],
    ['%02x', [10], '0a'],
    ['%.2f', [1.005], '1.00'],
    ['%.*f%c%s', [1, 1.25, 'k', 'i'], '1.2ki'],
    ['%g', [0.5], '0.5'],
    ['%g', [1e-5], '1e-05'],
    ['%g', [123456789], '1.23457e+08'],
    ['%hhu', [257], '1'],
    ['%u', [-1], '4294967295'],
    ['%d', [-1], '-1'],
    ['100%%', [], '100%'],
  ];
  for (const [fmt, args, want] of cases) assert.equal(cFormat(fmt, ...args), want, `${fmt} ${args.join(',')}`);
});

test('matches() is iproute2 prefix matching', () => {
  assert.equal(matches('sh', 'show'), true);
  assert.equal(matches('show', 'show'), true);
  assert.equal(matches('showx', 'show'), false);
  assert.equal(matches('', 'show'), false);
  assert.equal(matches('a', 'add'), true);
});

test('numbers parse like strtoul(s, 0)', () => {
  assert.equal(parseCInteger('0x10'), 16n);
  assert.equal(parseCInteger('010'), 8n);
  assert.equal(parseCInteger(' 42'), 42n);
  assert.equal(parseCInteger('-1'), -1n);
  assert.equal(parseCInteger('12abc'), undefined);
  assert.equal(parseCInteger(''), undefined);
  assert.equal(parseCInteger('ff', 16), 255n);
  assert.equal(getU8('255'), 255);
  assert.equal(getU8('256'), undefined);
  assert.equal(getU16('0xffff'), 65535);
  assert.equal(getU32('4294967296'), undefined);
  assert.equal(getU32('-1'), undefined, 'a negative wraps past 2^32');
  assert.equal(getU64('-1'), 0xffffffffffffffffn, 'strtoull wraps -1');
  assert.equal(getInteger('-5'), -5);
  assert.equal(getInteger('2147483648'), undefined);
});

test("on/off take prefixes; anything else is parse_one_of's error", () => {
  assert.equal(parseOnOff('carrier', 'on'), true);
  assert.equal(parseOnOff('carrier', 'of'), false);
  assert.throws(
    () => parseOnOff('carrier', 'maybe', 22),
    (e: unknown) =>
      e instanceof CliError &&
      e.exitCode === 22 &&
      e.message === 'Error: argument of "carrier" must be one of "off", "on", not "maybe"\n',
  );
});

test('Args takes words and reports a missing one as an incomplete command', () => {
  const a = new Args(['dev', 'x']);
  assert.equal(a.take(), 'dev');
  assert.equal(a.peek(), 'x');
  assert.deepEqual(a.rest(), ['x']);
  assert.equal(a.done, true);
  assert.throws(
    () => a.take(),
    (e: unknown) => e instanceof CliError && e.exitCode === 255 && e.message.startsWith('Command line is not complete'),
  );
});

function printSample(json: boolean, pretty: boolean): string {
  let text = '';
  const out = new Output(
    (t) => {
      text += t;
    },
    { json, pretty },
  );
  out.begin();
  out.openObject();
  out.int('any', 'ifindex', '%d: ', 1);
  out.string('any', 'ifname', '%s: ', 'lo');
  out.openArray('any', json ? 'flags' : '<');
  out.string('any', null, '%s,', 'LOOPBACK');
  out.string('any', null, '%s', 'UP');
  out.closeArray('any', '> ');
  out.openObject('linkinfo');
  out.rawJson('hello_timer', '0.00');
  out.closeObject();
  out.openArray('json', 'empty');
  out.closeArray('json', '');
  out.string('fp', null, '%s', '\n');
  out.closeObject();
  out.openObject();
  out.closeObject();
  out.end();
  out.flush();
  return text;
}

test("JSON output is byte for byte what iproute2's json_writer prints", () => {
  assert.equal(
    printSample(true, false),
    '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"linkinfo":{"hello_timer":0.00},"empty":[]},{}]\n',
  );
  assert.equal(
    printSample(true, true),
    [
      '[ {',
      '        "ifindex": 1,',
      '        "ifname": "lo",',
      '        "flags": [ "LOOPBACK","UP" ],',
      '        "linkinfo": {',
      '            "hello_timer": 0.00',
      '        },',
      '        "empty": [ ]',
      '    },{} ]',
      '',
    ].join('\n'),
  );
  assert.equal(printSample(false, false), '1: lo: <LOOPBACK,UP> \n');
});

test('JSON strings are escaped with C escapes only', () => {
  let text = '';
  const out = new Output(
    (t) => {
      text += t;
    },
    { json: true },
  );
  out.begin();
  out.string('json', null, null, 'a"b\\c\td\n');
  out.end();
  out.flush();
  assert.equal(text, '["a\\"b\\\\c\\td\\n"]\n');
});
