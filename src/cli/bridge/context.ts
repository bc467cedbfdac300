/**
 * What every `nlink-bridge` command gets: `nlink-ip`'s context (global
 * options, output, the lazily opened connection in the chosen namespace)
 * with the options only `bridge` has.
 *
 * @module
 */

import type { SocketFactory } from '../../session/connection.js';
import type { CliIo } from '../common/run.js';
import { IpContext, type IpOptions } from '../ip/context.js';

/** Global options of `nlink-bridge` (`bridge [ OPTIONS ] OBJECT ...`). */
export interface BridgeOptions {
  /** `-j`: JSON output. */
  readonly json: boolean;
  /** `-p`: indented JSON. */
  readonly pretty: boolean;
  /** `-d`, repeatable: details. */
  readonly details: number;
  /** `-s`, repeatable: statistics. */
  readonly stats: number;
  /** `-o`: one line per object, `\` instead of line breaks. */
  readonly oneline: boolean;
  /** `-c[ompressvlans]`: ask the kernel for VLAN ranges. */
  readonly compressVlans: boolean;
  /** `-4`, `-6`, `-f inet|inet6`: the family of addresses given (`AF_*`; 0 any). */
  readonly family: number;
  /** `-n NETNS`: run inside this named namespace. */
  readonly netns: string | undefined;
}

/** The environment of one `nlink-bridge` run. */
export class BridgeContext extends IpContext {
  /** The global options as `bridge` has them. */
  readonly bridge: BridgeOptions;

  constructor(options: BridgeOptions, io: CliIo, socketFactory?: SocketFactory) {
    const ipOptions: IpOptions = {
      json: options.json,
      pretty: options.pretty,
      details: options.details,
      stats: options.stats,
      brief: false,
      oneline: options.oneline,
      human: false,
      iec: false,
      numeric: false,
      family: options.family,
      netns: options.netns,
      all: false,
    };
    super(ipOptions, io, socketFactory);
    this.bridge = options;
  }
}
