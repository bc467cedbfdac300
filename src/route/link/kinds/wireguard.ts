/**
 * `wireguard`: a WireGuard interface (`ip link add NAME type wireguard`). The
 * link kind has no options; keys and peers are configured over the
 * `wireguard` generic netlink family.
 *
 * @module
 */

import { defineLinkKind } from '../kind.js';

/** Options of `wireguard` links: none at creation. */
// biome-ignore lint/complexity/noBannedTypes: the kind takes no options of its own.
export type WireguardOptions = {};

declare module '../kind.js' {
  interface LinkKindMap {
    wireguard: WireguardOptions;
  }
}

/** The `wireguard` kind. */
export const wireguard = defineLinkKind<WireguardOptions>({
  kind: 'wireguard',
  build: () => ({}),
});
