/**
 * `nlink/links`: network interfaces. The `ifinfomsg` schema, the {@link Link}
 * class, link kinds (veth, bridge, vxlan, vlan, bond...) with their typed
 * configs, and the `Connection<Route>` operations (`getLinks`, `addLink`,
 * `setLinkUp`...), installed on import.
 *
 * @module
 */

export {
  type BuildContext,
  defineLinkKind,
  type KindContribution,
  type LinkAttrsInput,
  type LinkCommonOptions,
  type LinkConfig,
  type LinkKind,
  type LinkKindMap,
  linkKind,
  linkKindNames,
} from '../route/link/kind.js';
export * from '../route/link/kinds/index.js';
export { Link, type LinkMessage, type OperState } from '../route/link/link.js';
export type { WaitOptions } from '../route/link/ops.js';
export * as linkOps from '../route/link/ops.js';
export {
  ifinfomsg,
  linkAttrs,
  linkInfoAttrs,
  linkKindRegistry,
  linkMessage,
  linkPortKindRegistry,
  rtnlLinkStats64,
} from '../route/link/schema.js';
