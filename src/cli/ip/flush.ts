/**
 * What the `flush` commands of `nlink-ip` share: the kernel's own
 * description of an object sent back as the request that deletes it, and
 * iproute2's words for how a flush ended.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import type { ReceivedMessage } from '../../session/engine.js';

/** The request deleting what `m` describes: `type` (`RTM_DEL*`) with `m`'s payload as the kernel sent it. */
export function deletionOf(
  type: number,
  m: Pick<ReceivedMessage, 'buf' | 'offset' | 'length'>,
): { type: number; payload: Buffer } {
  return { type, payload: Buffer.from(m.buf.subarray(m.offset, m.offset + m.length)) };
}

/** `*** Flush is complete after N round(s) ***` (with `-s`), or `Nothing to flush.` when no round was needed. */
export function flushComplete(rounds: number): string {
  if (rounds === 0) return 'Nothing to flush.\n';
  return `*** Flush is complete after ${rounds} round${rounds > 1 ? 's' : ''} ***\n`;
}
