/**
 * `nlink/namespaces`: network namespaces: create and remove them, open
 * connections in them, run code or spawn processes inside, watch them come
 * and go.
 *
 * @module
 */

export {
  type NamespaceEvent,
  NamespaceWatcher,
  namespace,
  runInNamespace,
  type SpawnInNamespaceOptions,
  spawnInNamespace,
  type WatchNamespacesOptions,
  watchNamespaces,
} from '../namespace/index.js';
