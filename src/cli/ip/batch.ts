/**
 * `nlink-ip [ -force ] -batch FILE|-`: runs the commands of a file (or
 * standard input) one line at a time, as iproute2's `batch` does: `#` starts
 * a comment, a line ending in `\` continues on the next, words split on
 * blanks unless quoted (`'...'`, `"..."`), a failed command reports
 * `Command failed FILE:LINE` and ends the batch unless `-force` is given.
 *
 * Unlike iproute2, which sends one request per line, consecutive change
 * commands that have a `prepare` (address, route and nexthop changes) are
 * packed: up to {@link FLUSH_EVERY} of them go out together through
 * `conn.batch()` (many requests per datagram), and every other command
 * (shows, link changes, ...) first sends what is pending, then runs in
 * order. The file is streamed, so memory stays flat however long it is.
 *
 * Two differences follow from packing and are kept on purpose:
 * - without `-force`, the commands packed after a failed one in the same
 *   send (at most {@link FLUSH_EVERY} - 1 lines) have been applied too;
 *   the failure is reported for its own line, followed by the lines that
 *   were applied nonetheless, and the batch ends there.
 * - a usage mistake ends only its own command (iproute2 exits at once);
 *   it is reported like any other failure.
 *
 * @module
 */

import { createReadStream } from 'node:fs';
import { errnoMessage } from '../../core/errno.js';
import { systemErrorFields } from '../../errors.js';
import type { BatchItem } from '../../session/batch.js';
import { Args, CliError } from '../common/args.js';
import { CapturedIo, runCommand } from '../common/run.js';
import { forgetLinks } from './change-links.js';
import type { IpContext } from './context.js';
import type { IpObject } from './main.js';

/**
 * How many prepared changes are sent together at most. Few enough that they
 * are sent before the next young-generation collection would move them to
 * the old one: with 1024, peak RSS grew with the batch's length (77 MiB for
 * 10k lines, 128 MiB for 100k); with 128 it stays flat (70-74 MiB).
 */
export const FLUSH_EVERY = 128;

/** Bytes read from a batch file at a time: small, so that a chunk's lines die young too. */
const READ_CHUNK = 4096;

/** iproute2's limit of words on a line (`makeargs` with 100 slots). */
const MAX_ARGS = 99;

/** What {@link runBatch} needs. */
export interface BatchRun {
  /** The file name, or `-` for `stdin`. */
  readonly file: string;
  /** `-force`: go on after a failed command. */
  readonly force: boolean;
  readonly ctx: IpContext;
  /** The module of an object word. */
  readonly load: (word: string) => Promise<IpObject>;
  /** What `-` reads. */
  readonly stdin: NodeJS.ReadableStream;
}

/**
 * `makeargs`: the words of a line, split on blanks; a word starting with a
 * quote runs to the next same quote.
 * @throws {CliError} for an unterminated quote or more than 99 words (exit 1, ending the batch).
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const ws = ' \t\r\n';
  let i = 0;
  while (i < line.length) {
    while (i < line.length && ws.includes(line[i] as string)) i++;
    if (i >= line.length) break;
    if (words.length >= MAX_ARGS) throw new CliError('Too many arguments to command\n', 1);
    const c = line[i] as string;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new CliError('Unterminated quoted string\n', 1);
      words.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < line.length && !ws.includes(line[end] as string)) end++;
      words.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return words;
}

/**
 * The lines of a stream, a chunk at a time, split as `readline` splits them
 * (`\n`, `\r\n` or a lone `\r`; a last line without its end counts).
 */
async function* chunkLines(input: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  input.setEncoding('utf8');
  let rest = '';
  for await (const chunk of input) {
    let text = rest + String(chunk);
    // A `\r` at the end may be half of a `\r\n`: it waits for the next chunk.
    const held = text.endsWith('\r') ? '\r' : '';
    if (held) text = text.slice(0, -1);
    const lines = text.split(LINE_END);
    // The last piece is unfinished.
    rest = (lines.pop() ?? '') + held;
    if (lines.length > 0) yield lines;
  }
  const last = rest.split(LINE_END).filter((line, i, all) => i < all.length - 1 || line !== '');
  if (last.length > 0) yield last;
}

/** The line ends of {@link chunkLines}. */
const LINE_END = /\r\n|\r|\n/;

/** `getcmdline`: whole commands (comments cut, `\` continuations joined) with the number of their last line. */
class CommandReader {
  /** The number of the last line read. */
  number = 0;
  #pending: string | undefined;

  /** The whole commands that `lines` complete (a continued one waits for the next lines). */
  *commands(lines: readonly string[]): Generator<string> {
    for (const raw of lines) {
      this.number++;
      const hash = raw.indexOf('#');
      const text = hash < 0 ? raw : raw.slice(0, hash);
      // A comment also cuts the line's `\`: it then continues no more.
      const continues = hash < 0 && text.endsWith('\\');
      const body = continues ? text.slice(0, -1) : text;
      this.#pending = this.#pending === undefined ? body : this.#pending + body;
      if (continues) continue;
      const line = this.#pending;
      this.#pending = undefined;
      yield line;
    }
  }

  /** @throws {CliError} when the input ended inside a continued command. */
  end(): void {
    if (this.#pending !== undefined) throw new CliError('Missing continuation line\n', 1);
  }
}

/** Opens the batch's input, with iproute2's message when it cannot. */
function open(run: BatchRun): Promise<NodeJS.ReadableStream> {
  if (run.file === '-') return Promise.resolve(run.stdin);
  return new Promise((resolve, reject) => {
    const stream = createReadStream(run.file, { highWaterMark: READ_CHUNK });
    stream.once('open', () => resolve(stream));
    stream.once('error', (err) => {
      const errno = systemErrorFields(err).errno;
      const reason = errno === undefined ? String(err) : errnoMessage(errno);
      reject(new CliError(`Cannot open file "${run.file}" for reading: ${reason}\n`, 1, { cause: err }));
    });
  });
}

/** Ascending line numbers as ranges: `3-5, 9`. */
export function lineRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    const first = numbers[i] as number;
    let last = first;
    while (i + 1 < numbers.length && numbers[i + 1] === last + 1) last = numbers[++i] as number;
    i++;
    parts.push(first === last ? String(first) : `${first}-${last}`);
  }
  return parts.join(', ');
}

/** Runs a batch (iproute2's `batch`); resolves to 0, or 1 when a command failed. */
export async function runBatch(run: BatchRun): Promise<number> {
  const { ctx, force } = run;
  const io = ctx.io;
  const input = await open(run);
  const reader = new CommandReader();
  /** The objects loaded so far, by their word. */
  const objects = new Map<string, IpObject>();
  let pending: BatchItem[] = [];
  let numbers: number[] = [];
  let failed = false;
  const failure = (number: number) => {
    io.stderr(`Command failed ${run.file}:${number}\n`);
    failed = true;
  };
  /** Sends the pending changes; false when one failed and the batch must end. */
  const flush = async (): Promise<boolean> => {
    if (pending.length === 0) return true;
    const sent = pending;
    const sentNumbers = numbers;
    pending = [];
    numbers = [];
    const batch = (await ctx.connection()).batch();
    for (const item of sent) batch.add(item.out, item.context);
    const results = await batch.execute();
    let ok = true;
    /** Lines applied after the failure that ends the batch: they were in the same send. */
    const appliedAfter: number[] = [];
    for (const [i, r] of results.entries()) {
      const number = sentNumbers[i] ?? 0;
      if (!ok) {
        if (r.ok) appliedAfter.push(number);
        continue;
      }
      if (r.ok) continue;
      await runCommand(io, async () => {
        throw r.error;
      });
      failure(number);
      if (!force) ok = false;
    }
    if (appliedAfter.length > 0) {
      io.stderr(`Applied nonetheless (sent together with it): ${run.file} lines ${lineRanges(appliedAfter)}\n`);
    }
    return ok;
  };
  /** Runs one command; false when the batch must end. */
  const command = async (line: string, number: number): Promise<boolean> => {
    const [word, ...rest] = splitWords(line);
    if (word === undefined) return true;
    // A change is only built here; its mistakes wait for the earlier changes to be sent.
    let object = objects.get(word);
    let item: BatchItem | undefined;
    let early: CapturedIo | undefined;
    let code = 0;
    try {
      if (object === undefined) {
        object = await run.load(word);
        objects.set(word, object);
      }
      item = object.prepare ? await object.prepare(new Args(rest), ctx) : undefined;
    } catch (err) {
      early = new CapturedIo();
      code = await runCommand(early, () => Promise.reject(err));
    }
    if (item) {
      pending.push(item);
      numbers.push(number);
      return pending.length < FLUSH_EVERY || flush();
    }
    if (!(await flush())) return false;
    if (early) {
      io.stdout(early.out);
      io.stderr(early.err);
    }
    const chosen = object;
    if (code === 0 && chosen) {
      forgetLinks(ctx);
      code = await runCommand(io, () => chosen.run(new Args(rest), ctx));
    }
    if (code !== 0) {
      failure(number);
      if (!force) return false;
    }
    return true;
  };
  // Leaving the loop early (a failure, an error) closes the input.
  read: for await (const lines of chunkLines(input)) {
    for (const line of reader.commands(lines)) if (!(await command(line, reader.number))) break read;
  }
  // The commands before an unfinished continuation have run (iproute2 stops reading there).
  await flush();
  reader.end();
  return failed ? 1 : 0;
}
