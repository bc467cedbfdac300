/** Helpers of the link-kind request tests. */

import assert from 'node:assert/strict';
import { IFLA, IFLA_INFO } from '../../../src/core/constants.js';
import { NLMSG_HDRLEN } from '../../../src/core/writer.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { Link, type LinkMessage } from '../../../src/route/link/link.js';
import {
  ifinfomsg,
  linkAttrs,
  linkInfoAttrs,
  linkMessage,
  linkPortKindRegistry,
} from '../../../src/route/link/schema.js';
import { attr, attrSet, nest, subMessage } from '../../../src/schema/attrs.js';
import { messageSchema } from '../../../src/schema/message.js';
import type { Connection } from '../../../src/session/connection.js';
import type { Route } from '../../../src/session/protocol.js';
import { diffRequests } from '../../../src/testing/compare.js';
import { fixture } from '../../helpers.js';
import { diffWithIproute2, lastRequest } from '../requests.js';

type Op = (conn: Connection<Route>) => Promise<unknown>;

/**
 * Asserts that `op` fails with an {@link InvalidArgumentError} without
 * sending anything (not even a name lookup): `lastRequest` reports
 * "nothing was sent" exactly when no request left the fake socket.
 */
export async function rejectsBeforeSending(op: Op, links: Readonly<Record<string, number>> = {}): Promise<void> {
  await assert.rejects(
    lastRequest(async (conn) => {
      await assert.rejects(op(conn), InvalidArgumentError);
    }, links),
    /nothing was sent/,
  );
}

/** Asserts that the request `op` sends equals iproute2's in `test/fixtures/iproute2/NAME.hex`. */
export async function sameAsIproute2(
  name: string,
  op: Op,
  links: Readonly<Record<string, number>> = {},
): Promise<void> {
  assert.deepEqual(diffWithIproute2(await lastRequest(op, links), name), []);
}

/**
 * The link message as this library reads iproute2's port requests
 * (`ip link set dev PORT type bridge_slave ...`): iproute2 sends the port
 * kind as `IFLA_INFO_KIND "bridge_slave"` with no `IFLA_INFO_SLAVE_KIND`, so
 * the port data is selected by `kind` here, letting the comparison look
 * inside it attribute by attribute.
 */
const portRequestMessage = messageSchema(
  'link',
  ifinfomsg,
  attrSet('link', {
    ...linkAttrs.fields,
    linkinfo: attr(
      IFLA.LINKINFO,
      nest(
        attrSet('linkinfo', {
          ...linkInfoAttrs.fields,
          portData: attr(
            IFLA_INFO.SLAVE_DATA,
            subMessage('kind', new Map([...linkPortKindRegistry].map(([kind, codec]) => [`${kind}_slave`, codec]))),
          ),
        }),
      ),
    ),
  }),
);

/** Asserts that the port request `op` sends equals iproute2's in fixture NAME, looking inside the port data. */
export async function samePortRequestAsIproute2(
  name: string,
  op: Op,
  links: Readonly<Record<string, number>> = {},
): Promise<void> {
  const ours = await lastRequest(op, links);
  assert.deepEqual(diffRequests(ours, fixture(`iproute2/${name}`), portRequestMessage), []);
}

/** The iproute2 request of fixture NAME, decoded as a link message by this library. */
export function fixtureMessage(name: string): LinkMessage {
  const bytes = fixture(`iproute2/${name}`);
  return linkMessage.decode(bytes, NLMSG_HDRLEN, bytes.readUInt32LE(0) - NLMSG_HDRLEN);
}

/** The iproute2 request of fixture NAME as a {@link Link}, for the kinds' typed accessors. */
export function fixtureLink(name: string): Link {
  return new Link(fixtureMessage(name));
}
