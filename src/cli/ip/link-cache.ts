/**
 * The interface name cache of `ip` (iproute2's `ll_map`): ifindex ↔ name and
 * flags of the links seen so far, completed with one `RTM_GETLINK` per
 * missing entry.
 *
 * @module
 */

import { KernelError, NetlinkError } from '../../errors.js';
import type { Link, LinkMessage } from '../../route/link/link.js';
import '../../route/link/ops.js';
import type { Connection } from '../../session/connection.js';
import type { Route } from '../../session/protocol.js';

interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly link: LinkMessage;
}

function notFound(err: unknown): boolean {
  return (err instanceof KernelError && err.isNotFound()) || (err instanceof NetlinkError && err.isInvalidArgument());
}

/** Links by index and by name, filled from dumps and single lookups. */
export class LinkCache {
  readonly #conn: Connection<Route>;
  readonly #byIndex = new Map<number, Entry>();
  readonly #byName = new Map<string, Entry>();

  constructor(conn: Connection<Route>) {
    this.#conn = conn;
  }

  /** Records a link (`ll_remember_index`). */
  remember(m: LinkMessage): void {
    const name = m.attrs.ifname;
    if (name === undefined) return;
    const entry: Entry = { name, flags: m.header.flags, link: m };
    this.#byIndex.set(m.header.index, entry);
    this.#byName.set(name, entry);
  }

  /** Fetches a link with `get` and caches it; `undefined` when there is none. */
  async #fetch(get: () => Promise<Link | undefined>): Promise<LinkMessage | undefined> {
    try {
      const link = await get();
      if (link) this.remember(link.message);
      return link?.message;
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }

  /** The cached link with this index, fetched when missing; `undefined` when there is none. */
  byIndex(index: number): Promise<LinkMessage | undefined> {
    const cached = this.#byIndex.get(index);
    return cached ? Promise.resolve(cached.link) : this.#fetch(() => this.#conn.getLinkByIndex(index));
  }

  /** The link with this name (fetched unless cached), `undefined` when there is none. */
  byName(name: string): Promise<LinkMessage | undefined> {
    const cached = this.#byName.get(name);
    return cached ? Promise.resolve(cached.link) : this.#fetch(() => this.#conn.getLinkByName(name));
  }

  /**
   * The ifindex of a name (`ll_name_to_index`): the link's, else the number
   * of an `ifN` name, else 0.
   */
  async indexOf(name: string): Promise<number> {
    const link = await this.byName(name);
    if (link) return link.header.index;
    const m = /^if(\d+)/.exec(name);
    return m ? Number(m[1]) >>> 0 : 0;
  }

  /** The ifindex of a VRF by name (`name_is_vrf`), 0 when there is no such link or it is not a VRF. */
  async vrfIndex(name: string): Promise<number> {
    const link = await this.byName(name);
    return link?.attrs.linkinfo?.kind === 'vrf' ? link.header.index : 0;
  }

  /** Fetches the links of these indexes that are not cached yet (0 is skipped). */
  async prefetch(indexes: Iterable<number | undefined>): Promise<void> {
    for (const index of indexes) {
      if (index) await this.byIndex(index);
    }
  }

  /** The name of an index (`ll_index_to_name`): `*` for 0, the cached name, else `ifN`. */
  name(index: number): string {
    if (index === 0) return '*';
    return this.#byIndex.get(index)?.name ?? `if${index >>> 0}`;
  }

  /** The flags of a cached index (`ll_index_to_flags`), `undefined` when not cached. */
  flags(index: number): number | undefined {
    return this.#byIndex.get(index)?.flags;
  }
}
