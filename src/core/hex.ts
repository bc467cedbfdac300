/**
 * Hex helpers: the debug frame dump and test fixtures.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { InvalidArgumentError } from '../errors.js';

/** Parses hex text (whitespace, `:` and `#` comments to end of line are ignored) into bytes. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/#[^\n]*/g, '').replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new InvalidArgumentError('hex', 'not an even run of hex digits');
  return Buffer.from(clean, 'hex');
}

/** Formats bytes as lines of 16 hex bytes with offsets. */
export function toHexDump(data: Uint8Array): string {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const lines: string[] = [];
  for (let off = 0; off < buf.length; off += 16) {
    const chunk = buf.subarray(off, off + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${off.toString(16).padStart(4, '0')}  ${hex}`);
  }
  return lines.join('\n');
}
