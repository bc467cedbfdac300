import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addonAvailable, type NativeSystemError } from '../../src/socket/addon.js';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { addNamedNetns, deleteNamedNetns, NETNS_RUN_DIR } from '../../src/socket/netns.js';

const isRoot = process.getuid?.() === 0;
const skip: string | false = !isRoot
  ? 'needs root (network namespaces)'
  : !addonAvailable()
    ? 'native addon not built'
    : false;
const OPTS = { skip, timeout: 20_000 };

function uniqueName(): string {
  return `nlink-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function netnsList(): string[] {
  return ip(['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((n) => n !== '');
}

/** Deletes the namespace if it is still there (cleanup after a failed assertion). */
function cleanup(name: string, dir: string = NETNS_RUN_DIR): void {
  if (existsSync(join(dir, name))) deleteNamedNetns(name, dir);
}

function isMountPoint(path: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === path);
}

test('addNamedNetns creates a namespace that ip netns sees; delete removes it', OPTS, () => {
  const name = uniqueName();
  const path = join(NETNS_RUN_DIR, name);
  const ownNetns = readlinkSync('/proc/self/ns/net');
  try {
    addNamedNetns(name);
    assert.ok(existsSync(path));
    assert.ok(isMountPoint(path), 'the file is a bind mount');
    assert.notEqual(statSync(path).ino, statSync('/proc/self/ns/net').ino, 'a new namespace');
    assert.ok(netnsList().includes(name), 'listed by ip netns list');
    const links = ip(['-n', name, '-o', 'link', 'show']);
    const names = links
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(':')[1]?.trim());
    assert.deepEqual(names, ['lo']);
    assert.equal(readlinkSync('/proc/self/ns/net'), ownNetns, 'own netns unchanged');
    assert.equal(readlinkSync('/proc/thread-self/ns/net'), ownNetns);

    assert.throws(
      () => addNamedNetns(name),
      (e) => {
        const err = e as NativeSystemError;
        assert.equal(err.code, 'EEXIST');
        assert.equal(err.errno, -17);
        assert.equal(err.syscall, 'open');
        assert.equal(err.path, path);
        return true;
      },
    );
    assert.ok(isMountPoint(path), 'a failed duplicate add leaves the original alone');

    deleteNamedNetns(name);
    assert.equal(existsSync(path), false);
    assert.equal(isMountPoint(path), false);
    assert.equal(netnsList().includes(name), false);

    assert.throws(
      () => deleteNamedNetns(name),
      (e) => {
        const err = e as NativeSystemError;
        assert.equal(err.code, 'ENOENT');
        assert.equal(err.errno, -2);
        assert.equal(err.syscall, 'unlink');
        return true;
      },
    );
  } finally {
    cleanup(name);
  }
});

test('a namespace created with ip netns add is usable by NetlinkSocket', OPTS, () => {
  const name = uniqueName();
  try {
    ip(['netns', 'add', name]);
    const sock = new NetlinkSocket({ protocol: 0, netnsPath: join(NETNS_RUN_DIR, name) });
    assert.ok(sock.portId > 0);
    sock.close();
  } finally {
    cleanup(name);
  }
  assert.equal(netnsList().includes(name), false);
});

test('two namespaces are isolated from each other', OPTS, () => {
  const a = uniqueName();
  const b = uniqueName();
  try {
    addNamedNetns(a);
    addNamedNetns(b);
    ip(['-n', a, 'link', 'set', 'lo', 'up']);
    assert.match(ip(['-n', a, '-o', 'link', 'show', 'lo']), /[<,]UP[,>]/);
    assert.doesNotMatch(ip(['-n', b, '-o', 'link', 'show', 'lo']), /[<,]UP[,>]/);
  } finally {
    cleanup(a);
    cleanup(b);
  }
});

test('a failing add leaves nothing behind', OPTS, () => {
  const name = `${uniqueName()}/missing-subdir`;
  assert.throws(
    () => addNamedNetns(`${name}/x`),
    (e) => (e as NativeSystemError).code === 'ENOENT' && (e as NativeSystemError).syscall === 'open',
  );
  assert.equal(existsSync(join(NETNS_RUN_DIR, name)), false);
});

test('a custom directory is created and made a shared mount', OPTS, () => {
  const base = mkdtempSync(join(tmpdir(), 'nlink-netns-'));
  const dir = join(base, 'netns');
  const name = uniqueName();
  try {
    addNamedNetns(name, dir);
    assert.ok(isMountPoint(dir), 'dir became a mount point');
    assert.ok(isMountPoint(join(dir, name)));
    const sock = new NetlinkSocket({ protocol: 0, netnsPath: join(dir, name) });
    assert.ok(sock.portId > 0);
    sock.close();
    deleteNamedNetns(name, dir);
    assert.equal(existsSync(join(dir, name)), false);
  } finally {
    cleanup(name, dir);
    // Undo the bind mount of the directory onto itself, then remove it.
    while (isMountPoint(dir)) execFileSync('umount', [dir]);
    rmdirSync(dir);
    rmdirSync(base);
  }
});
