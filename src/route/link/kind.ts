/**
 * The link-kind registry: each kind (`veth`, `bridge`, `vlan`, ...) lives in
 * `kinds/<kind>.ts`, declares its `IFLA_INFO_DATA` schema and typed options,
 * and registers itself here. Users add their own kinds the same way.
 *
 * ```ts
 * declare module 'nlink' { interface LinkKindMap { mykind: { foo?: number } } }
 * defineLinkKind<{ foo?: number }>({ kind: 'mykind', data: nest(myAttrs), build: (o) => ({ data: { foo: o.foo } }) });
 * ```
 *
 * @module
 */

import type { InterfaceRef } from '../../core/ifname.js';
import type { NamespaceSpec } from '../../core/netns-path.js';
import type { AnyCodec } from '../../schema/codec.js';
import { linkKindRegistry, type linkMessage, linkPortKindRegistry } from './schema.js';

/** `IFLA_*` attributes as `addLink` may set them. */
export type LinkAttrsInput = NonNullable<Parameters<typeof linkMessage.encode>[1]['attrs']>;

/**
 * Typed options of every link kind, by kind name. Each kind module adds its
 * entry by declaration merging, so `addLink({ kind: 'veth', ... })` is checked.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in kinds/*.ts.
export interface LinkKindMap {}

/** Options every link has, whatever its kind. */
export interface LinkCommonOptions {
  /** Interface name (at most 15 bytes). */
  readonly name: string;
  readonly mtu?: number;
  /** Link-layer address (`aa:bb:cc:dd:ee:ff`). */
  readonly address?: string;
  readonly broadcast?: string;
  readonly txqlen?: number;
  /** Enslave to this master (bridge, bond, vrf) at creation. */
  readonly master?: InterfaceRef;
  /** Bring it up at creation. */
  readonly up?: boolean;
  /** `IFLA_IFALIAS`. */
  readonly alias?: string;
  /** Device group. */
  readonly group?: number;
  readonly numTxQueues?: number;
  readonly numRxQueues?: number;
  /** Create it directly inside this namespace (`IFLA_NET_NS_FD`/`IFLA_NET_NS_PID`). */
  readonly namespace?: NamespaceSpec;
}

/** The configuration `addLink` takes: common options plus those of one kind. */
export type LinkConfig = {
  [K in keyof LinkKindMap]: LinkCommonOptions & { readonly kind: K } & LinkKindMap[K];
}[keyof LinkKindMap];

/** Services a kind's {@link LinkKind.build} may use. */
export interface BuildContext {
  /** The ifindex of an interface reference in the connection's namespace (one lookup for a name). */
  index(ref: InterfaceRef, what: string): Promise<number>;
  /**
   * Attributes that place a link in a namespace: `{ netNsFd }` (a descriptor
   * the context closes once the request is done) or `{ netNsPid }`.
   */
  namespaceAttrs(spec: NamespaceSpec): Pick<LinkAttrsInput, 'netNsFd' | 'netNsPid'>;
}

/** What a kind contributes to an `RTM_NEWLINK`. */
export interface KindContribution {
  /** `IFLA_INFO_DATA`, encoded with the kind's {@link LinkKind.data} codec. */
  readonly data?: unknown;
  /** Extra top-level `IFLA_*` attributes (`link` for a lower device, ...). */
  readonly attrs?: LinkAttrsInput;
}

/** A link kind. */
export interface LinkKind<O> {
  /** `IFLA_INFO_KIND` value. */
  readonly kind: string;
  /** Codec of `IFLA_INFO_DATA` (usually `nest(attrSet(...))`); absent for kinds without data. */
  readonly data?: AnyCodec;
  /** Codec of `IFLA_INFO_SLAVE_DATA` of the ports of this (master) kind. */
  readonly portData?: AnyCodec;
  /** Turns typed options into attributes. Throws `InvalidArgumentError` for bad options, before anything is sent. */
  build(options: O, ctx: BuildContext): KindContribution | Promise<KindContribution>;
}

const kinds = new Map<string, LinkKind<never>>();

/** Registers a link kind (replacing one of the same name) and its data codecs. */
export function defineLinkKind<O>(def: LinkKind<O>): LinkKind<O> {
  kinds.set(def.kind, def as LinkKind<never>);
  if (def.data) linkKindRegistry.set(def.kind, def.data);
  if (def.portData) linkPortKindRegistry.set(def.kind, def.portData);
  return def;
}

/** The registered kind of that name. */
export function linkKind(kind: string): LinkKind<unknown> | undefined {
  return kinds.get(kind) as LinkKind<unknown> | undefined;
}

/** Names of every registered kind. */
export function linkKindNames(): string[] {
  return [...kinds.keys()].sort();
}
