/**
 * The one place that loads the native binary (`nlink_native.node`).
 *
 * The binary is found lazily by `node-gyp-build` (a local `build/Release`
 * build, or a prebuild) relative to the package root, and cached.
 *
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * An opaque native socket handle returned by {@link NativeAddon.open}.
 *
 * It owns the descriptor: closing it (or letting it be garbage collected)
 * closes the descriptor.
 */
export interface NativeHandle {
  /** Brand: handles are only made by the addon. */
  readonly __nlinkNativeHandle?: never;
}

/** An `Error` shaped like Node's `SystemError`, as thrown by the addon. */
export interface NativeSystemError extends Error {
  /** Error name, e.g. `'ENOBUFS'`. */
  readonly code: string;
  /** Negative errno, as Node reports it, e.g. `-105`. */
  readonly errno: number;
  /** The failing system call, e.g. `'recvmsg'`. */
  readonly syscall: string;
  /** The path involved, for path-based calls. */
  readonly path?: string;
}

/** The functions exported by the native addon. Only syscalls and readiness. */
export interface NativeAddon {
  /** Free bytes `recv` requires before reading another datagram (64 KiB). */
  readonly SLOT_SIZE: number;
  /** Int32 fields per datagram in the `recv` meta array (5). */
  readonly META_STRIDE: number;
  /** Int32 fields before the first datagram in the `recv` meta array (1). */
  readonly META_HEADER: number;

  /**
   * Opens a non-blocking, close-on-exec `AF_NETLINK` raw socket. With a
   * namespace path, the socket is created on a throw-away thread that joined
   * that network namespace.
   */
  open(protocol: number, netnsPath: string | null): NativeHandle;
  /** bind(2) with the multicast group mask; returns the port id the kernel assigned. */
  bind(handle: NativeHandle, groups: number): number;
  /** setsockopt(2) with an int value. */
  setsockopt(handle: NativeHandle, level: number, name: number, value: number): void;
  /** getsockopt(2) of an int value. */
  getsockopt(handle: NativeHandle, level: number, name: number): number;
  /** One sendto(2) of the whole buffer to the kernel (port 0). */
  send(handle: NativeHandle, data: Uint8Array): void;
  /**
   * Reads pending datagrams into `data` without waiting; returns how many.
   *
   * `meta[0]` is set to the errno that ended the read loop: `EAGAIN` (11)
   * when the socket was drained, `0` when the loop stopped for lack of room
   * or because `maxCount` was reached, any other value is a socket error to
   * raise after the datagrams read. Datagram `i` is described by
   * `meta[META_HEADER + META_STRIDE * i + k]`, k = 0..4: offset in `data`,
   * stored length, truncated (0/1), sender port, groups (u32 bits).
   */
  recv(handle: NativeHandle, data: Uint8Array, meta: Int32Array, maxCount: number): number;
  /**
   * Starts the read-ahead thread: it reads as {@link NativeAddon.recv} does,
   * in turn into the `slots` buffers (2 to 16) and equal parts of `meta`,
   * while JavaScript handles the slots already filled; `wake` runs from the
   * event loop after it filled some. A slot's part of `meta` is `[state,
   * count, ...recv's meta]`; state 0 is free, 1 filled, 2 filled and last:
   * the thread ended after it (the socket was drained or failed, or the next
   * datagram is larger than a slot: it reads only datagrams that fit). Read
   * states with `Atomics.load`; give a slot back with
   * {@link NativeAddon.readerFree}. Until {@link NativeAddon.readerStop},
   * `recv` and `readerStart` throw `EBUSY`.
   */
  readerStart(handle: NativeHandle, meta: Int32Array, slots: readonly Uint8Array[], wake: () => void): void;
  /** Gives slot `slot`, handed over, back to the read-ahead thread. */
  readerFree(handle: NativeHandle, slot: number): void;
  /**
   * Whether the read-ahead thread keeps the process alive (as a readiness
   * watch does): off when it starts. No-op when none runs.
   */
  readerRef(handle: NativeHandle, on: boolean): void;
  /** Ends the read-ahead thread (joins it). No-op when none runs; `close` does it too. */
  readerStop(handle: NativeHandle): void;
  /** Starts (or re-targets) the readiness watch; `callback` runs from the event loop. */
  pollStart(handle: NativeHandle, callback: () => void): void;
  /** Stops the readiness watch. No-op when not watching or closed. */
  pollStop(handle: NativeHandle): void;
  /** Stops watching and closes the descriptor. Idempotent. */
  close(handle: NativeHandle): void;
  /** False once {@link NativeAddon.close} ran. */
  isOpen(handle: NativeHandle): boolean;
  /** Builds (does not throw) the error the addon would throw for `errno`. */
  systemError(errno: number, syscall: string, path?: string): NativeSystemError;
  /** `ip netns add`: creates `dir/name` bound to a new network namespace. */
  netnsAdd(dir: string, name: string): void;
  /** `ip netns del`: detaches the mount of `dir/name` and removes the file. */
  netnsDel(dir: string, name: string): void;
}

const FUNCTIONS = [
  'open',
  'bind',
  'setsockopt',
  'getsockopt',
  'send',
  'recv',
  'readerStart',
  'readerFree',
  'readerRef',
  'readerStop',
  'pollStart',
  'pollStop',
  'close',
  'isOpen',
  'systemError',
  'netnsAdd',
  'netnsDel',
] as const;

let cached: NativeAddon | undefined;
let loadError: Error | undefined;

/** Walks up from this file to the package root (the dir with nlink's package.json). */
function findPackageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  let fallback: string | undefined;
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      fallback ??= dir;
      try {
        const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'nlink') {
          return dir;
        }
      } catch {
        // Not a readable manifest: keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (fallback !== undefined) return fallback;
  throw new Error(`nlink: cannot find the package root above ${start}`);
}

function isNativeAddon(value: unknown): value is NativeAddon {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return FUNCTIONS.every((name) => typeof record[name] === 'function');
}

function load(): NativeAddon {
  const root = findPackageRoot();
  const require = createRequire(import.meta.url);
  const loader: unknown = require('node-gyp-build');
  if (typeof loader !== 'function') {
    throw new Error('nlink: node-gyp-build did not export a function');
  }
  let binding: unknown;
  try {
    binding = (loader as (dir: string) => unknown)(root);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `nlink: the native addon is not built or cannot be loaded from ${root} ` +
        `(run \`npm install\` or \`npx node-gyp rebuild\`): ${detail}`,
      { cause },
    );
  }
  if (!isNativeAddon(binding)) {
    throw new Error(`nlink: the native addon in ${root} does not export the expected functions (stale build?)`);
  }
  return binding;
}

/**
 * Loads the native addon on first use and returns it (cached).
 *
 * @throws Error with a clear message when the binary is missing or stale.
 */
export function loadAddon(): NativeAddon {
  if (cached !== undefined) return cached;
  if (loadError !== undefined) throw loadError;
  try {
    cached = load();
    return cached;
  } catch (error) {
    loadError = error instanceof Error ? error : new Error(String(error));
    throw loadError;
  }
}

/** True when the native addon can be loaded. Never throws. */
export function addonAvailable(): boolean {
  try {
    loadAddon();
    return true;
  } catch {
    return false;
  }
}
