/**
 * What every `nlink-ip` command gets: the global options, the output
 * streams, and a lazily opened connection in the chosen namespace.
 *
 * @module
 */

import type { Connection, SocketFactory } from '../../session/connection.js';
import type { Route } from '../../session/protocol.js';
import { Output } from '../common/output.js';
import type { CliIo } from '../common/run.js';

/** Global options of `nlink-ip` (`ip [ OPTIONS ] OBJECT ...`). */
export interface IpOptions {
  /** `-j`: JSON output. */
  readonly json: boolean;
  /** `-p`: indented JSON. */
  readonly pretty: boolean;
  /** `-d`, repeatable: details. */
  readonly details: number;
  /** `-s`, repeatable: statistics (`-s -s` adds error counters). */
  readonly stats: number;
  /** `-br`: one line per object. */
  readonly brief: boolean;
  /** `-o`: one line per object, `\` instead of line breaks. */
  readonly oneline: boolean;
  /** `-h`: human-readable counters (`1.2M`). */
  readonly human: boolean;
  /** `-iec`: powers of 1024 with `-h`. */
  readonly iec: boolean;
  /** `-N`: numbers instead of names. */
  readonly numeric: boolean;
  /** `-4`, `-6`, `-0`, `-f FAMILY`: the address family of requests (`AF_*`; 0 unspecified). */
  readonly family: number;
  /** `-n NETNS`: run inside this named namespace. */
  readonly netns: string | undefined;
  /** `-a`: all namespaces (`netns exec`/`netns delete` without a name). */
  readonly all: boolean;
  /**
   * `-t` (`long`): a `Timestamp: ...` line before each `monitor` event;
   * `-ts` (`short`): a `[YYYY-MM-DDTHH:MM:SS.ffffff] ` prefix. Other
   * commands ignore it, as `ip` does. Absent: no timestamps.
   */
  readonly timestamp?: 'long' | 'short';
}

/** The environment of one `nlink-ip` run. */
export class IpContext {
  /** The global options. */
  readonly options: IpOptions;
  /** Where output goes. */
  readonly io: CliIo;
  readonly #socketFactory: SocketFactory | undefined;
  #conn: Connection<Route> | undefined;

  constructor(options: IpOptions, io: CliIo, socketFactory?: SocketFactory) {
    this.options = options;
    this.io = io;
    this.#socketFactory = socketFactory;
  }

  /** A new output collector with the global output options. */
  output(): Output {
    const { json, pretty, oneline } = this.options;
    return new Output((text) => this.io.stdout(text), { json, pretty, oneline });
  }

  /**
   * The rtnetlink connection (opened on first use, in `-n NETNS` when given,
   * with strict dump checking as `ip` does). The session modules load only
   * then, so that `-V` and usage errors start fast.
   */
  async connection(): Promise<Connection<Route>> {
    if (this.#conn) return this.#conn;
    const [{ Connection }, { Route }] = await Promise.all([
      import('../../session/connection.js'),
      import('../../session/protocol.js'),
    ]);
    const netns = this.options.netns;
    this.#conn ??= new Connection(Route, {
      strictCheck: true,
      ...(netns === undefined ? {} : { namespace: { name: netns } }),
      ...(this.#socketFactory === undefined ? {} : { socketFactory: this.#socketFactory }),
    });
    return this.#conn;
  }

  /** Closes the connection, if one was opened. */
  close(): void {
    this.#conn?.close();
    this.#conn = undefined;
  }
}
