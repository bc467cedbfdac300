/**
 * `dummy`: a device that drops everything it is sent (`ip link add NAME type dummy`),
 * for addresses and routes without real hardware.
 * It has no options of its own.
 *
 * @module
 */

import { defineDatalessKind, type NoKindOptions } from './codecs.js';

declare module '../kind.js' {
  interface LinkKindMap {
    dummy: NoKindOptions;
  }
}

/** The dummy kind. */
export const dummy = defineDatalessKind('dummy');
