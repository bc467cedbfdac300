/** runInNamespace, spawnInNamespace and the namespace watcher, in throwaway namespaces. */

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import '../../src/index.js';
import { NamespaceNotFoundError } from '../../src/errors.js';
import {
  create,
  type NamespaceEvent,
  NETNS_EXEC_STATUS,
  namespace,
  netnsExecHelper,
  removeIfExists,
  runInNamespace,
  spawnInNamespace,
  watchNamespaces,
} from '../../src/namespace/index.js';
import type { Connection } from '../../src/session/connection.js';
import type { Route } from '../../src/session/protocol.js';
import { skipUnlessIntegration } from '../../src/testing/gates.js';
import { uniqueNamespaceName, withNamespace } from '../../src/testing/lab.js';

const skip = skipUnlessIntegration();

function helperSkip(): string | false {
  try {
    netnsExecHelper();
    return skip;
  } catch (err) {
    return skip || (err as Error).message;
  }
}

/** Collects a child's output and exit status. */
function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Interface names listed in /proc/net/dev text. */
function procNetDevNames(text: string): string[] {
  return text
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name !== '')
    .sort();
}

/** The next event of `it` accepted by `accept`, or a rejection after `ms`. */
async function nextEvent(
  it: AsyncIterator<NamespaceEvent>,
  accept: (e: NamespaceEvent) => boolean,
  ms = 5000,
): Promise<NamespaceEvent> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('no matching namespace event in time');
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no matching namespace event in time')), left);
      }),
    ]).finally(() => clearTimeout(timer));
    if (r.done) throw new Error('the watcher ended');
    if (accept(r.value)) return r.value;
  }
}

test('runInNamespace: a Route connection inside the namespace, closed afterwards', { skip }, async () => {
  await withNamespace(async (ns) => {
    let seen: Connection<Route> | undefined;
    const names = await runInNamespace(ns.name, async (conn) => {
      seen = conn;
      await conn.addLink({ name: 'v0', kind: 'veth', peer: { name: 'v1' } });
      return [...(await conn.getInterfaceNames()).values()].sort();
    });
    assert.deepEqual(names, ['lo', 'v0', 'v1']);
    assert.equal(seen?.closed, true);

    await assert.rejects(
      namespace.run({ path: ns.path }, async (conn) => {
        seen = conn;
        throw new Error('body failed');
      }),
      /body failed/,
    );
    assert.equal(seen?.closed, true, 'closed when the body throws too');

    let ran = false;
    await assert.rejects(
      runInNamespace(uniqueNamespaceName('missing'), () => {
        ran = true;
      }),
      NamespaceNotFoundError,
    );
    assert.equal(ran, false);
  });
});

test('spawnInNamespace: the child sees only the namespace links', { skip: helperSkip() }, async () => {
  await withNamespace(async (ns) => {
    const conn = ns.connection();
    await conn.addLink({ name: 'nsx0', kind: 'veth', peer: { name: 'nsx1' } });
    const dev = await finished(spawnInNamespace(ns.name, 'cat', ['/proc/net/dev']));
    assert.equal(dev.code, 0, dev.stderr);
    assert.deepEqual(procNetDevNames(dev.stdout), ['lo', 'nsx0', 'nsx1']);
    const expected = [...(await conn.getInterfaceNames()).values()].sort();
    assert.deepEqual(procNetDevNames(dev.stdout), expected);

    // iproute2 inside, by pid-less path spec and through the namespace object.
    const ipOut = await finished(namespace.spawn({ path: ns.path }, 'ip', ['-j', 'link', 'show']));
    assert.equal(ipOut.code, 0, ipOut.stderr);
    const shown = (JSON.parse(ipOut.stdout) as { ifname: string }[]).map((l) => l.ifname).sort();
    assert.deepEqual(shown, expected);
  });
});

test('spawnInNamespace: stdio, exit statuses and a missing namespace', { skip: helperSkip() }, async () => {
  await withNamespace(async (ns) => {
    const cat = spawnInNamespace(ns.name, 'cat', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = finished(cat);
    cat.stdin?.end('through stdin and back\n');
    assert.deepEqual(await done, { code: 0, stdout: 'through stdin and back\n', stderr: '' });

    const fail = await finished(spawnInNamespace(ns.name, 'sh', ['-c', 'echo oops >&2; exit 3']));
    assert.equal(fail.code, 3);
    assert.equal(fail.stderr, 'oops\n');

    const env = await finished(
      spawnInNamespace(ns.name, 'sh', ['-c', 'echo "$NLINK_TEST_VAR"'], {
        env: { NLINK_TEST_VAR: 'x1', PATH: process.env.PATH },
      }),
    );
    assert.equal(env.stdout, 'x1\n');

    const missing = await finished(spawnInNamespace(ns.name, 'nlink-no-such-command'));
    assert.equal(missing.code, NETNS_EXEC_STATUS.NOT_FOUND);
    assert.match(missing.stderr, /nlink-no-such-command/);

    // Not a namespace file: the helper cannot join it.
    const notNs = await finished(spawnInNamespace({ path: '/proc/self/status' }, 'true'));
    assert.equal(notNs.code, NETNS_EXEC_STATUS.SETUP_FAILED);
    assert.match(notNs.stderr, /setns/);
  });
  assert.throws(() => spawnInNamespace(uniqueNamespaceName('missing'), 'true'), NamespaceNotFoundError);
  assert.throws(() => spawnInNamespace('bad/name', 'true'), /invalid namespace name/);
  assert.throws(() => spawnInNamespace({ pid: 0 }, 'true'), /invalid pid/);
  assert.throws(() => spawnInNamespace('x', ''), /invalid command/);
});

test('watchNamespaces: sees a uniquely named namespace created and deleted', { skip }, async () => {
  const name = uniqueNamespaceName('watch');
  const watcher = watchNamespaces();
  const it = watcher[Symbol.asyncIterator]();
  try {
    create(name);
    assert.deepEqual(await nextEvent(it, (e) => e.name === name), { type: 'created', name });
    namespace.remove(name);
    assert.deepEqual(await nextEvent(it, (e) => e.name === name), { type: 'deleted', name });
  } finally {
    removeIfExists(name);
    watcher.close();
  }
  assert.equal((await it.next()).done, true, 'closing ends the iteration');
});

test('NamespaceWatcher: a directory that does not exist yet, existing names, close and abort', async () => {
  const base = mkdtempSync(join(tmpdir(), 'nlink-watch-'));
  try {
    const dir = join(base, 'netns');
    const watcher = watchNamespaces({ dir });
    const it = watcher[Symbol.asyncIterator]();
    mkdirSync(dir);
    writeFileSync(join(dir, 'a'), '');
    assert.deepEqual(await nextEvent(it, () => true), { type: 'created', name: 'a' });
    writeFileSync(join(dir, 'b'), '');
    assert.deepEqual(await nextEvent(it, () => true), { type: 'created', name: 'b' });
    rmSync(join(dir, 'a'));
    assert.deepEqual(await nextEvent(it, () => true), { type: 'deleted', name: 'a' });
    // The directory goes away and comes back.
    rmSync(join(dir, 'b'));
    assert.deepEqual(await nextEvent(it, () => true), { type: 'deleted', name: 'b' });
    rmdirSync(dir);
    mkdirSync(dir);
    writeFileSync(join(dir, 'c'), '');
    assert.deepEqual(await nextEvent(it, () => true), { type: 'created', name: 'c' });
    watcher.close();
    assert.equal(watcher.closed, true);
    assert.equal((await it.next()).done, true);

    // Existing names first, then a for-await loop left through an abort.
    const ac = new AbortController();
    const seen: NamespaceEvent[] = [];
    const later = watchNamespaces({ dir, existing: true, signal: ac.signal });
    for await (const e of later) {
      seen.push(e);
      if (e.name === 'c') writeFileSync(join(dir, 'd'), '');
      if (e.name === 'd') ac.abort();
    }
    assert.deepEqual(seen, [
      { type: 'created', name: 'c' },
      { type: 'created', name: 'd' },
    ]);
    assert.equal(later.closed, true);
    assert.throws(() => watchNamespaces({ dir, signal: ac.signal }), /aborted/);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
