/**
 * `nlink-ip netns`: list, add, delete, identify, pids and exec, as
 * iproute2's `ip netns` (named namespaces under `/run/netns`).
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { readdirSync, statSync } from 'node:fs';
import { errnoMessage } from '../../core/errno.js';
import { NETNS_RUN_DIR } from '../../core/netns-path.js';
import { NetlinkError, systemErrorFields } from '../../errors.js';
import { create, remove } from '../../namespace/index.js';
import { getNsids, setNsid } from '../../route/nsid/ops.js';
import { type Args, CliError, getInteger, invarg, matches } from '../common/args.js';
import type { IpContext } from './context.js';
import { namedNamespaces, nsidNames, nsidOf } from './nsid.js';

const USAGE =
  'Usage:\tnlink-ip netns list\n' +
  '\tnlink-ip netns add NAME\n' +
  '\tnlink-ip netns set NAME NETNSID\n' +
  '\tnlink-ip [-all] netns delete [NAME]\n' +
  '\tnlink-ip netns identify [PID]\n' +
  '\tnlink-ip netns pids NAME\n' +
  '\tnlink-ip [-all] netns exec [NAME] cmd ...\n' +
  '\tnlink-ip netns list-id\n' +
  'NETNSID := auto | POSITIVE-INT\n';

/** `strerror` of what a failed file system call threw. */
function reason(err: unknown): string {
  const cause = err instanceof NetlinkError && err.cause !== undefined ? err.cause : err;
  const errno = systemErrorFields(cause).errno;
  return errno === undefined ? String(err) : errnoMessage(errno);
}

function invalidName(name: string): boolean {
  return name === '' || Buffer.byteLength(name) > 255 || name.includes('/') || name === '.' || name === '..';
}

async function list(ctx: IpContext): Promise<number> {
  const conn = await ctx.connection();
  const out = ctx.output();
  out.begin();
  for (const name of namedNamespaces()) {
    out.openObject();
    out.string('any', 'name', '%s', name);
    const id = await nsidOf(conn, name);
    if (id !== undefined) out.int('any', 'id', ' (id: %d)', id);
    out.string('fp', null, '\n', '');
    out.closeObject();
  }
  out.end();
  out.flush();
  return 0;
}

function add(args: Args): number {
  const name = args.peek();
  if (name === undefined) throw new CliError('No netns name specified\n', 1);
  try {
    create(name);
  } catch (err) {
    throw new CliError(`Cannot create namespace file "${NETNS_RUN_DIR}/${name}": ${reason(err)}\n`, 1, { cause: err });
  }
  return 0;
}

function deleteOne(name: string): void {
  try {
    remove(name);
  } catch (err) {
    const msg = `Cannot remove namespace file "${NETNS_RUN_DIR}/${name}": ${reason(err)}\n`;
    throw new CliError(msg, 1, { cause: err });
  }
}

function del(args: Args, ctx: IpContext): number {
  if (ctx.options.all) {
    for (const name of namedNamespaces()) deleteOne(name);
    return 0;
  }
  const name = args.peek();
  if (name === undefined) throw new CliError('No netns name specified\n', 1);
  deleteOne(name);
  return 0;
}

/** `ip netns set NAME { auto | NSID }`: gives a named namespace an id in the current one. */
async function set(args: Args, ctx: IpContext): Promise<number> {
  const name = args.peek();
  if (name === undefined) throw new CliError('No netns name specified\n', 1);
  args.take();
  const idText = args.peek();
  if (idText === undefined) throw new CliError('No nsid specified\n', 1);
  let nsid: number | 'auto' = 'auto';
  if (idText !== 'auto') {
    const id = getInteger(idText);
    if (id === undefined) throw invarg('Invalid "netnsid" value', idText);
    if (id < 0) throw invarg('"netnsid" value should be >= 0', idText);
    nsid = id;
  }
  const path = `${NETNS_RUN_DIR}/${name}`;
  try {
    statSync(path);
  } catch (err) {
    throw new CliError(`Cannot open network namespace "${name}": ${reason(err)}\n`, 1, { cause: err });
  }
  await setNsid(await ctx.connection(), { path }, nsid);
  return 0;
}

/** `ip netns list-id`: the ids the current namespace gives, with their names. */
async function listId(args: Args, ctx: IpContext): Promise<number> {
  if (!args.done) throw new CliError('"ip netns list-id" takes no arguments in nlink-ip.\n', 1);
  const conn = await ctx.connection();
  const names = await nsidNames(conn);
  const out = ctx.output();
  out.begin();
  for (const entry of await getNsids(conn)) {
    out.openObject();
    if (entry.nsid < 0) out.string('fp', null, 'nsid unassigned ', '');
    else out.int('any', 'nsid', 'nsid %d ', entry.nsid);
    const name = names.get(entry.currentNsid ?? entry.nsid);
    if (name !== undefined) out.string('any', 'name', '(iproute2 netns name: %s)', name);
    out.string('fp', null, '\n', '');
    out.closeObject();
  }
  out.end();
  out.flush();
  return 0;
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function identify(args: Args, ctx: IpContext): number {
  const words = args.rest();
  if (words.length > 1) throw new CliError('extra arguments specified\n', 1);
  const pid = words[0] ?? 'self';
  if (words[0] !== undefined && !/^\d+$/.test(pid)) {
    throw new CliError(`Specified string '${pid}' is not a pid\n`, 1);
  }
  const path = `/proc/${pid}/ns/net`;
  try {
    statSync(path);
  } catch (err) {
    throw new CliError(`Cannot open network namespace: ${reason(err)}\n`, 1, { cause: err });
  }
  let found = '';
  for (const name of namedNamespaces()) if (sameFile(`${NETNS_RUN_DIR}/${name}`, path)) found = name;
  ctx.io.stdout(`${found}\n`);
  return 0;
}

function pids(args: Args, ctx: IpContext): number {
  const words = args.rest();
  const name = words[0];
  if (name === undefined) throw new CliError('No netns name specified\n', 1);
  if (words.length > 1) throw new CliError('extra arguments specified\n', 1);
  const path = `${NETNS_RUN_DIR}/${name}`;
  try {
    statSync(path);
  } catch (err) {
    throw new CliError(`Cannot open network namespace: ${reason(err)}\n`, 1, { cause: err });
  }
  let text = '';
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && sameFile(`/proc/${entry}/ns/net`, path)) text += `${entry}\n`;
  }
  ctx.io.stdout(text);
  return 0;
}

/** Runs `nlink-ip netns ARGS` (iproute2's `do_netns`). */
export async function run(args: Args, ctx: IpContext): Promise<number> {
  const word = args.peek();
  if (word === undefined) return list(ctx);
  args.take();
  const second = args.peek();
  if (!ctx.options.all && second !== undefined && invalidName(second)) {
    throw new CliError(`Invalid netns name "${second}"\n`);
  }
  if (matches(word, 'list') || matches(word, 'show') || matches(word, 'lst')) return list(ctx);
  if (matches(word, 'list-id')) return listId(args, ctx);
  if (matches(word, 'help')) throw new CliError(USAGE);
  if (matches(word, 'add')) return add(args);
  if (matches(word, 'set')) return set(args, ctx);
  if (matches(word, 'delete')) return del(args, ctx);
  if (matches(word, 'identify')) return identify(args, ctx);
  if (matches(word, 'pids')) return pids(args, ctx);
  if (matches(word, 'exec')) return (await import('./netns-exec.js')).exec(args, ctx);
  if (matches(word, 'monitor') || matches(word, 'attach')) {
    throw new CliError(`"ip netns ${word}" is not supported by nlink-ip.\n`, 1);
  }
  throw new CliError(`Command "${word}" is unknown, try "nlink-ip netns help".\n`);
}
