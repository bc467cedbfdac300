/**
 * `nlink-ip route` and `nlink-ip nexthop` requests against iproute2's for
 * the same command line: every `route-*` and `nh-*` fixture (captured with
 * scripts/capture-request.mjs; the command is in each fixture's first line)
 * is run through nlink-ip against a fake kernel, and the request it sends
 * must equal iproute2's attribute for attribute. MPLS and SRv6 commands this
 * host's kernel refuses are covered here, by their bytes.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AF, NLM_F, RTM } from '../../src/core/constants.js';
import { nexthopMessage } from '../../src/route/nexthop/schema.js';
import { mplsRouteMessage, routeMessage } from '../../src/route/route/schema.js';
import { diffRequests } from '../../src/testing/compare.js';
import { repoRoot } from '../helpers.js';
import { fixtureMessage } from '../route/route/fake.js';
import { type FakeLink, lastCliRequest } from './helpers.js';

/** The links of the namespace the fixtures were captured in. */
const LINKS: Readonly<Record<string, FakeLink>> = { lo: { index: 1 }, d1: { index: 2 }, d0: { index: 3 } };

const dir = join(repoRoot, 'test', 'fixtures', 'iproute2');
const fixtures = readdirSync(dir)
  .filter((f) => /^(route|nh)-.*\.hex$/.test(f))
  .map((f) => {
    const first = readFileSync(join(dir, f), 'utf8').split('\n')[0] ?? '';
    return { name: f.slice(0, -4), argv: first.replace(/^# ip /, '').split(' ') };
  });

const GET_TYPES: readonly number[] = [RTM.GETROUTE, RTM.GETNEXTHOP, RTM.GETNEXTHOPBUCKET];

for (const { name, argv } of fixtures) {
  test(`nlink-ip ${argv.join(' ')}: the request equals iproute2's (${name})`, async () => {
    const { request } = await lastCliRequest(argv, LINKS);
    const type = request.readUInt16LE(4);
    const theirs = fixtureMessage(name, type);
    // Dumps and lookups: iproute2 asks for no ack, nlink always does.
    if (GET_TYPES.includes(type)) theirs.writeUInt16LE(theirs.readUInt16LE(6) | NLM_F.ACK, 6);
    const nexthop = type >= RTM.NEWNEXTHOP;
    const diff = nexthop
      ? diffRequests(request, theirs, nexthopMessage)
      : request[16] === AF.MPLS
        ? diffRequests(request, theirs, mplsRouteMessage)
        : diffRequests(request, theirs, routeMessage);
    assert.deepEqual(diff, []);
  });
}

test('every route and nexthop fixture was compared', () => {
  assert.ok(fixtures.length >= 89, `${fixtures.length} fixtures`);
});
