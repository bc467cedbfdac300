/**
 * `virt_wifi`: a simulated Wi-Fi interface on top of an Ethernet device
 * (`ip link add link ETH name NAME type virt_wifi`).
 *
 * @module
 */

import type { InterfaceRef } from '../../../core/ifname.js';
import { defineLinkKind, type KindContribution } from '../kind.js';

/** Options of `virt_wifi` links. */
export interface VirtWifiOptions {
  /** The Ethernet device it runs on (`link`). */
  readonly link: InterfaceRef;
}

declare module '../kind.js' {
  interface LinkKindMap {
    virt_wifi: VirtWifiOptions;
  }
}

/** The `virt_wifi` kind. */
export const virtWifi = defineLinkKind<VirtWifiOptions>({
  kind: 'virt_wifi',
  async build(o, ctx): Promise<KindContribution> {
    return { attrs: { link: await ctx.index(o.link, 'link') } };
  },
});
