/**
 * Child of event-exit.test.ts: uses event streams in the namespaces named on
 * its command line, ends them, and must then exit on its own (no
 * `process.exit`): a socket left open would keep it alive.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { MultiNamespaceEvents } from '../../src/events/multi.js';
import '../../src/index.js';
import { RtnetlinkGroup } from '../../src/route/events.js';
import { Connection } from '../../src/session/connection.js';
import { Route } from '../../src/session/protocol.js';

const names = process.argv.slice(2);
const [a, b] = names;
assert.ok(a !== undefined && b !== undefined && names.length === 3);
const addVeth = (ns: string, name: string) =>
  execFileSync('ip', ['-n', ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}-p`]);

// An owning stream: leaving the loop closes the connection.
const owned = new Connection(Route, { namespace: { name: a } });
owned.subscribe([RtnetlinkGroup.Link]);
const stream = owned.intoEvents();
const first = stream.next();
addVeth(a, 'owned');
assert.equal((await first).done, false);
await stream.return();
assert.equal(owned.closed, true);

// An owning resync stream, left after its initial sync.
const resynced = new Connection(Route, { namespace: { name: b } });
for await (const item of resynced.intoEventsWithResync({ groups: [RtnetlinkGroup.Link] })) {
  if (item.kind === 'resyncEnd') break;
}
assert.equal(resynced.closed, true);

// A borrowing stream: the connection stays open until closed.
const borrowed = new Connection(Route, { namespace: { name: a } });
borrowed.subscribe([RtnetlinkGroup.Link]);
const events = borrowed.events();
const pending = events.next();
addVeth(a, 'borrowed');
assert.equal((await pending).done, false);
await events.return();
assert.equal(borrowed.closed, false);
borrowed.close();

// Three namespaces merged: every event tagged with its own; one removed, then all closed.
const merged = new MultiNamespaceEvents();
const conns = names.map((name) => {
  const conn = new Connection(Route, { namespace: { name } });
  conn.subscribe([RtnetlinkGroup.Link]);
  merged.add(name, conn);
  return conn;
});
const it = merged[Symbol.asyncIterator]();
const next = it.next();
for (const [i, ns] of names.entries()) addVeth(ns, `merged${i}`);
const tags = new Set<string>();
for (let r = await next; !r.done; r = await it.next()) {
  const e = r.value.event;
  if (e.type !== 'NewLink' || !e.link.name?.startsWith('merged')) continue;
  assert.equal(names[Number(e.link.name.slice(6, 7))], r.value.namespace);
  tags.add(r.value.namespace);
  if (tags.size === 3) break;
}
merged.remove(b);
assert.equal(conns[1]?.closed, true);
merged.close();
assert.equal((await it.next()).done, true);
assert.ok(conns.every((c) => c.closed));
process.stdout.write('done\n');
