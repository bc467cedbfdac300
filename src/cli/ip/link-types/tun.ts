/**
 * `tun`: how `ip -d link show` prints a TUN/TAP device (iproute2's
 * `tun_print_opt` in `iptuntap.c`). TUN/TAP devices are created with an
 * ioctl, so there is nothing to parse.
 *
 * @module
 */

import type { tunAttrs } from '../../../route/link/kinds/tun.js';
import type { Decoded } from '../../../schema/attrs.js';
import type { Output } from '../../common/output.js';
import { groupNameOf, userNameOf } from '../names.js';
import type { LinkTypeCli } from './types.js';

type TunData = Decoded<(typeof tunAttrs)['fields']>;

function onOff(out: Output, flag: string, value: boolean): void {
  if (out.json) out.bool('json', flag, null, value);
  else out.text('%s %s ', flag, value ? 'on' : 'off');
}

function printTun(out: Output, data: unknown): void {
  const d = data as TunData;
  if (d.type !== undefined) {
    out.string('any', 'type', 'type %s ', typeof d.type === 'string' ? d.type : `UNKNOWN:${d.type}`);
  }
  if (d.pi !== undefined) onOff(out, 'pi', d.pi);
  if (d.vnetHdr !== undefined) onOff(out, 'vnet_hdr', d.vnetHdr);
  if (!d.multiQueue) {
    out.bool('json', 'multi_queue', null, false);
  } else {
    out.bool('any', 'multi_queue', 'multi_queue ', true);
    if (d.numQueues !== undefined) out.uint('any', 'numqueues', 'numqueues %u ', d.numQueues);
    if (d.numDisabledQueues !== undefined) out.uint('any', 'numdisabled', 'numdisabled %u ', d.numDisabledQueues);
  }
  if (d.persist !== undefined) onOff(out, 'persist', d.persist);
  if (d.owner !== undefined) {
    const user = userNameOf(d.owner);
    if (user !== undefined) out.string('any', 'user', 'user %s ', user);
    else out.uint('any', 'user', 'user %u ', d.owner);
  }
  if (d.group !== undefined) {
    const group = groupNameOf(d.group);
    if (group !== undefined) out.string('any', 'group', 'group %s ', group);
    else out.uint('any', 'group', 'group %u ', d.group);
  }
}

/** `tun`. */
export const tun: LinkTypeCli = { kind: 'tun', print: printTun };
