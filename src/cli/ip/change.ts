/**
 * The change commands iproute2's objects share (`add`, `change`/`chg`,
 * `replace`, `delete`): their words, netlink flags, and sending a prepared
 * request (what `-batch` packs instead).
 *
 * @module
 */

import { NLM_F } from '../../core/constants.js';
import type { BatchItem } from '../../session/batch.js';
import { matches } from '../common/args.js';
import type { IpContext } from './context.js';

/** A change command. */
export type Change = 'add' | 'change' | 'replace' | 'delete';

/** The `NLM_F_*` flags of each change command's `RTM_NEW*` request (0 for `delete`). */
export const CHANGE_FLAGS: Readonly<Record<Change, number>> = {
  add: NLM_F.CREATE | NLM_F.EXCL,
  change: NLM_F.REPLACE,
  replace: NLM_F.CREATE | NLM_F.REPLACE,
  delete: 0,
};

/** The change command `word` names (`add`, `change`, `chg`, `replace`, `delete`, abbreviated), if any. */
export function changeOf(word: string): Change | undefined {
  if (matches(word, 'add')) return 'add';
  if (matches(word, 'change') || word === 'chg') return 'change';
  if (matches(word, 'replace')) return 'replace';
  if (matches(word, 'delete')) return 'delete';
  return undefined;
}

/** Sends a prepared change and waits for the kernel's acknowledgement. */
export async function sendChange(ctx: IpContext, item: BatchItem | undefined): Promise<number> {
  if (item) await (await ctx.connection()).ack(item.out, item.context ? { context: item.context } : {});
  return 0;
}
