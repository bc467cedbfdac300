/** Feature probes of the bridge kernel tests. */

import { spawnSync } from 'node:child_process';
import { withNamespace } from '../../../src/testing/lab.js';

/** The feature name the VLAN-filtering tests require. */
export const FEATURE = 'bridge vlan filtering';

/** Probes by trying: a bridge with VLAN filtering in a throwaway namespace (EOPNOTSUPP: absent). */
export function probeVlanFiltering(): Promise<boolean> {
  return withNamespace(
    (ns) => {
      const r = spawnSync('ip', ['-n', ns.name, 'link', 'add', 'b0', 'type', 'bridge', 'vlan_filtering', '1'], {
        encoding: 'utf8',
      });
      if (r.status === 0) return true;
      if (/Operation not supported/.test(r.stderr)) return false;
      throw new Error(`ip link add b0 type bridge vlan_filtering 1: ${r.stderr.trim()}`);
    },
    { prefix: 'probe' },
  );
}
