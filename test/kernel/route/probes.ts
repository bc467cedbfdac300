/** Feature probes of the route-family kernel tests: each asks the kernel by trying, in a throwaway namespace. */

import '../../../src/index.js';
import { KernelError } from '../../../src/errors.js';
import type { RouteConfig } from '../../../src/route/route/config.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import { withNamespace } from '../../../src/testing/lab.js';

const UNSUPPORTED = new Set(['EOPNOTSUPP', 'EAFNOSUPPORT']);

type Attempt = (conn: Connection<Route>) => Promise<unknown>;

/**
 * A probe that runs `attempts` in turn (on a fresh veth `p0` with
 * 10.9.9.1/24 and 2001:db8:9::1/64) and answers `false` when the last says
 * the family or encapsulation is not supported; any other answer (even a
 * refusal of the route itself) means the feature is there.
 */
function probeRoutes(...attempts: Attempt[]): () => Promise<boolean> {
  return () =>
    withNamespace(
      async (ns) => {
        const conn = ns.connection();
        await conn.addLink({ name: 'p0', kind: 'veth', up: true, peer: { name: 'p1' } });
        await conn.addAddress({ dev: 'p0', address: '10.9.9.1/24' });
        await conn.addAddress({ dev: 'p0', address: '2001:db8:9::1/64', flags: ['nodad'] });
        let present = false;
        for (const attempt of attempts) {
          try {
            await attempt(conn);
            present = true;
          } catch (err) {
            if (!(err instanceof KernelError)) throw err;
            present = !UNSUPPORTED.has(err.errnoName);
          }
        }
        return present;
      },
      { prefix: 'probe' },
    );
}

const mplsEncapRoute: RouteConfig = { dst: '10.8.0.0/24', gateway: '10.9.9.2', encap: { type: 'mpls', labels: [100] } };

/** MPLS encapsulation of IP routes (`mpls_iptunnel`, loaded on demand by the kernel). */
export const probeMplsEncap = probeRoutes((conn) => conn.addRoute(mplsEncapRoute));

/**
 * MPLS label routing (`mpls_router`). The kernel does not load that module
 * for an `AF_MPLS` route request, but does load `mpls_iptunnel` (which needs
 * it) for an MPLS-encapsulated route: so the probe tries a label route,
 * then such a route, then the label route again.
 */
export const probeMplsRouting = probeRoutes(
  (conn) => conn.addRoute({ family: 'mpls', label: 100, dev: 'p0' }),
  (conn) => conn.addRoute(mplsEncapRoute),
  (conn) => conn.addRoute({ family: 'mpls', label: 100, dev: 'p0' }),
);

/** SRv6 encapsulation of routes (`encap seg6`, CONFIG_IPV6_SEG6_LWTUNNEL). */
export const probeSeg6Encap = probeRoutes((conn) =>
  conn.addRoute({ dst: '10.8.0.0/24', dev: 'p0', encap: { type: 'seg6', mode: 'encap', segments: ['2001:db8::2'] } }),
);

/** SRv6 local actions (`encap seg6local`, CONFIG_IPV6_SEG6_LWTUNNEL). */
export const probeSeg6Local = probeRoutes((conn) =>
  conn.addRoute({ dst: '2001:db8:8::/64', dev: 'p0', encap: { type: 'seg6local', action: 'End' } }),
);
