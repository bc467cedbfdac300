/**
 * Every `ip link add/set` request captured from iproute2 under
 * test/fixtures/iproute2 (by the link-kind work and ours): `nlink-ip` with
 * the same arguments must send the same request, attribute for attribute.
 * The few commands nlink-ip rejects on purpose are listed with the reason.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RTM } from '../../src/core/constants.js';
import { repoRoot } from '../helpers.js';
import { diffWithFixture, type FakeLink, fakeKernel, lastCliRequest, nlinkIp } from './helpers.js';

const DIR = join(repoRoot, 'test', 'fixtures', 'iproute2');

/** Commands nlink-ip refuses, with the start of its message. */
const REFUSED: Readonly<Record<string, string>> = {
  'macvlan-add': 'macvlan: "macaddr add" is not supported by nlink-ip',
};

/** The links the setup commands of a fixture created: veth peers first, as the kernel numbers them. */
function linksOf(setups: readonly string[]): Record<string, FakeLink> {
  const links: Record<string, FakeLink> = { lo: { index: 1 } };
  let next = 2;
  const mac = (i: number) => `02:00:00:00:00:${i.toString(16).padStart(2, '0')}`;
  for (const line of setups) {
    const m = /^ip link add (\S+) (?:.* )?type (\S+)(?: peer name (\S+))?/.exec(line);
    if (!m?.[1]) continue;
    if (m[3]) {
      links[m[3]] = { index: next, address: mac(next) };
      next++;
    }
    links[m[1]] = { index: next, address: mac(next), ...(m[2] ? { kind: m[2] } : {}) };
    next++;
  }
  return links;
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.hex') && !f.startsWith('cli-'))
  .map((f) => {
    const lines = readFileSync(join(DIR, f), 'utf8').split('\n');
    const command = /^# ip (link (?:add|set) .*)$/.exec(lines[0] ?? '')?.[1];
    const setups = lines.filter((l) => l.startsWith('# setup: ')).map((l) => l.slice('# setup: '.length));
    return { name: f.slice(0, -'.hex'.length), command, setups };
  })
  .filter((f): f is { name: string; command: string; setups: string[] } => f.command !== undefined);

test('the captured requests include every kind nlink-ip parses', () => {
  const kinds = new Set(fixtures.map((f) => /type (\S+)/.exec(f.command)?.[1]));
  for (const kind of ['bridge', 'bridge_slave', 'vxlan', 'macvlan', 'vlan', 'veth']) assert.ok(kinds.has(kind), kind);
});

for (const { name, command, setups } of fixtures) {
  test(`nlink-ip ${command}: as iproute2 (${name})`, async () => {
    const argv = command.split(' ');
    const refused = REFUSED[name];
    if (refused !== undefined) {
      const fake = fakeKernel(linksOf(setups));
      const run = await nlinkIp(argv, fake);
      assert.equal(run.code, 1);
      assert.ok(run.err.startsWith(refused), run.err);
      assert.ok(
        fake.sent.every((m) => m.header.type === RTM.GETLINK),
        'nothing but lookups is sent',
      );
      return;
    }
    const { run, request } = await lastCliRequest(argv, linksOf(setups));
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(diffWithFixture(request, name), []);
  });
}
