/**
 * `veth`: `... type veth [ peer <options> ]`, the peer taking the common
 * link options (iproute2's `link_veth.c`). iproute2 prints nothing for veth
 * data.
 *
 * @module
 */

import type { VethOptions } from '../../../route/link/kinds/veth.js';
import { CliError, duparg } from '../../common/args.js';
import type { LinkTypeCli } from './types.js';

const USAGE = "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n";

type Peer = NonNullable<VethOptions['peer']>;

/** The attributes of the peer that {@link VethOptions} can carry, by `IFLA_*` name. */
const PEER_ATTRS: Readonly<Record<string, keyof Peer>> = { address: 'address', mtu: 'mtu', txqlen: 'txqlen' };

/** `veth`. */
export const veth: LinkTypeCli = {
  kind: 'veth',
  async parse(args, ctx): Promise<VethOptions> {
    if (args.peek() !== 'peer') throw new CliError(USAGE, 1);
    args.take();
    const p = await ctx.parseLinkArgs(args);
    if (p.type !== undefined) throw duparg('type', p.type);
    if (p.name !== p.dev) throw new CliError('both "name" and "dev" cannot be used when creating devices.\n');
    const unsupported = [
      ...(p.flags || p.change ? ['up/down and flag'] : []),
      ...(p.index ? ['index'] : []),
      ...(p.link !== undefined ? ['link'] : []),
      ...Object.keys(p.attrs).filter((k) => !Object.hasOwn(PEER_ATTRS, k)),
    ];
    if (unsupported.length) {
      throw new CliError(`nlink-ip cannot set ${unsupported.join(', ')} on a veth peer.\n`, 1);
    }
    const peer: { -readonly [K in keyof Peer]?: Peer[K] } = {};
    if (p.name !== undefined) peer.name = p.name;
    if (p.netns !== undefined) peer.namespace = p.netns;
    for (const [attr, option] of Object.entries(PEER_ATTRS)) {
      const value = p.attrs[attr];
      if (value !== undefined) (peer as Record<string, unknown>)[option] = value;
    }
    return { peer };
  },
};
