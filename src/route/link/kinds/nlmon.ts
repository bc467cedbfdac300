/**
 * `nlmon`: a device that shows the netlink traffic of its namespace to
 * packet capture (`ip link add NAME type nlmon`).
 * It has no options of its own.
 *
 * @module
 */

import { defineDatalessKind, type NoKindOptions } from './codecs.js';

declare module '../kind.js' {
  interface LinkKindMap {
    nlmon: NoKindOptions;
  }
}

/** The nlmon kind. */
export const nlmon = defineDatalessKind('nlmon');
