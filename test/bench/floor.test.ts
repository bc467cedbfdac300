/**
 * Bench a0 (the JavaScript floor of a) must read what a reads: its
 * hand-written parse agrees with RouteEntry on iproute2's IPv4 routes.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainRoute } from '../../bench/scenarios.js';
import { RouteEntry } from '../../src/route/route/route.js';
import { fixtureMessage } from '../route/route/fake.js';

test('the floor of bench a reads the same six fields as RouteEntry', () => {
  const names = [
    'route-table',
    'route-bigtable',
    'route-blackhole',
    'route-default',
    'route-gw',
    'route-dev',
    'route-local',
  ];
  for (const name of names) {
    const raw = fixtureMessage(name);
    const end = raw.readUInt32LE(0);
    const plain = plainRoute(raw, 16, end);
    const entry = new RouteEntry(raw, 16, end - 16);
    const fields = ['dst', 'table', 'type', 'metric', 'oif', 'gateway'] as const;
    assert.deepEqual(
      fields.map((f) => plain[f]),
      fields.map((f) => entry[f]),
      name,
    );
  }
});
