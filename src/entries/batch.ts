/**
 * `nlink/batch`: the typed methods of `conn.batch()` (`addRoute`,
 * `addAddress`, `setLinkUp`...), for links, addresses, routes, nexthops,
 * neighbours and FDB entries; it loads those families.
 *
 * @module
 */

import '../route/batch.js';
