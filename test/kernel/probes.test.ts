/** The feature probes of nlink/testing answer both ways, on any kernel (root only). */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/index.js';
import { requireRoot } from '../../src/testing/gates.js';
import { probeGenlFamily, probeLinkKind, probeQdisc } from '../../src/testing/probes.js';

test('probeLinkKind: veth yes, an unknown kind no, an incomplete request throws unless kindOnly', async (t) => {
  if (!requireRoot(t)) return;
  assert.equal(await probeLinkKind('veth')(), true);
  assert.equal(await probeLinkKind('nlink-nokind')(), false);
  assert.equal(await probeLinkKind('nlink-nokind', { kindOnly: true })(), false);
  // vxlan without its mandatory id: EINVAL, so the kind exists but the probe cannot create it.
  if (await probeLinkKind('vxlan', { kindOnly: true })()) {
    await assert.rejects(probeLinkKind('vxlan')(), /probe link kind vxlan/);
  }
});

test('probeQdisc: pfifo yes, an unknown kind no', async (t) => {
  if (!requireRoot(t)) return;
  assert.equal(await probeQdisc('pfifo')(), true);
  assert.equal(await probeQdisc('nlink-noqdisc')(), false);
});

test('probeGenlFamily: nlctrl yes, an unknown family no, in the current or a throwaway namespace', async (t) => {
  if (!requireRoot(t)) return;
  assert.equal(await probeGenlFamily('nlctrl')(), true);
  assert.equal(await probeGenlFamily('nlctrl', { inNamespace: true })(), true);
  assert.equal(await probeGenlFamily('nlink-nofamily')(), false);
});
