/**
 * `ifb`: Intermediate Functional Block, a device traffic is redirected to
 * for ingress shaping (`ip link add NAME type ifb`).
 * It has no options of its own.
 *
 * @module
 */

import { defineDatalessKind, type NoKindOptions } from './codecs.js';

declare module '../kind.js' {
  interface LinkKindMap {
    ifb: NoKindOptions;
  }
}

/** The ifb kind. */
export const ifb = defineDatalessKind('ifb');
