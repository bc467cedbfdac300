/**
 * Typed errors. Every error nlink throws is a {@link NetlinkError} with a
 * stable {@link NetlinkError.code}; kernel errors carry the errno name, the
 * kernel's extended-ack message and the operation they belong to.
 *
 * @module
 */

import { ERRNO, errnoMessage, errnoName } from './core/errno.js';

/** Stable error codes, one per error class. */
export const ErrorCode = {
  KERNEL: 'ERR_NETLINK_KERNEL',
  DECODE: 'ERR_NETLINK_DECODE',
  INVALID_ARGUMENT: 'ERR_NETLINK_INVALID_ARGUMENT',
  DUMP_INTERRUPTED: 'ERR_NETLINK_DUMP_INTERRUPTED',
  OVERRUN: 'ERR_NETLINK_OVERRUN',
  TRUNCATED: 'ERR_NETLINK_TRUNCATED',
  TIMEOUT: 'ERR_NETLINK_TIMEOUT',
  ABORTED: 'ERR_NETLINK_ABORTED',
  CLOSED: 'ERR_NETLINK_CLOSED',
  UNSUPPORTED: 'ERR_NETLINK_UNSUPPORTED',
  SOCKET: 'ERR_NETLINK_SOCKET',
  NOT_FOUND: 'ERR_NETLINK_NOT_FOUND',
  NAMESPACE_NOT_FOUND: 'ERR_NETLINK_NAMESPACE_NOT_FOUND',
  PROTOCOL: 'ERR_NETLINK_PROTOCOL',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options common to every nlink error. */
export interface NetlinkErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/** Root of every error nlink throws. */
export class NetlinkError extends Error {
  /** Stable machine-readable code (see {@link ErrorCode}). */
  readonly code: ErrorCodeValue;

  constructor(code: ErrorCodeValue, message: string, options?: NetlinkErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }

  /** The errno this error stands for, when it stands for one (kernel and socket errors). */
  get errno(): number | undefined {
    return undefined;
  }

  /** The object was not there: `ENOENT`, `ENODEV`, `ESRCH`, `ENXIO`, or a lookup that found nothing. */
  isNotFound(): boolean {
    return errnoIn(this.errno, NOT_FOUND_ERRNOS);
  }

  /** The object already exists (`EEXIST`). */
  isExists(): boolean {
    return this.errno === ERRNO.EEXIST;
  }

  /** The object is busy (`EBUSY`). */
  isBusy(): boolean {
    return this.errno === ERRNO.EBUSY;
  }

  /** Not allowed (`EPERM`, `EACCES`). */
  isPermission(): boolean {
    return this.errno === ERRNO.EPERM || this.errno === ERRNO.EACCES;
  }

  /** The kernel rejected an argument (`EINVAL`, `ERANGE`). */
  isInvalidArgument(): boolean {
    return this.errno === ERRNO.EINVAL || this.errno === ERRNO.ERANGE;
  }

  /** The kernel or nlink lacks the feature (`EOPNOTSUPP`, `EPROTONOSUPPORT`, `EAFNOSUPPORT`, or {@link UnsupportedError}). */
  isNotSupported(): boolean {
    return errnoIn(this.errno, NOT_SUPPORTED_ERRNOS);
  }

  /** The request timed out. */
  isTimeout(): boolean {
    return false;
  }

  /** A dump was interrupted by a concurrent change (`NLM_F_DUMP_INTR`). */
  isDumpInterrupted(): boolean {
    return false;
  }

  /** Messages were lost because the receive buffer overflowed (`ENOBUFS`). */
  isNoBufferSpace(): boolean {
    return this.errno === ERRNO.ENOBUFS;
  }
}

const NOT_FOUND_ERRNOS: readonly number[] = [ERRNO.ENOENT, ERRNO.ENODEV, ERRNO.ESRCH, ERRNO.ENXIO];
const NOT_SUPPORTED_ERRNOS: readonly number[] = [ERRNO.EOPNOTSUPP, ERRNO.EPROTONOSUPPORT, ERRNO.EAFNOSUPPORT];

function errnoIn(errno: number | undefined, list: readonly number[]): boolean {
  return errno !== undefined && list.includes(errno);
}

/** A missing attribute reported by the kernel (`NLMSGERR_ATTR_MISS_TYPE`/`MISS_NEST`). */
export interface MissingAttribute {
  /** The attribute type number that was required. */
  readonly type: number;
  /** Offset of the nest it was missing from, relative to the request's header. */
  readonly nestOffset?: number;
  /** The nest it was missing from, as a path of attribute names, when known. */
  readonly nestPath?: readonly string[];
  /** The missing attribute's name when the request's schema knows it. */
  readonly name?: string;
}

/** The kernel's extended acknowledgement (`NETLINK_EXT_ACK`). */
export interface ExtAck {
  /** Human-readable reason (`NLMSGERR_ATTR_MSG`). */
  readonly message?: string;
  /** Offset in the request of the offending attribute (`NLMSGERR_ATTR_OFFS`). */
  readonly offset?: number;
  /** The offending attribute as a path of names, mapped back from {@link offset}. */
  readonly attributePath?: readonly string[];
  /** A required attribute that was missing. */
  readonly missing?: MissingAttribute;
  /** Policy of the offending attribute (`NL_POLICY_TYPE_ATTR_*` values by name). */
  readonly policy?: Readonly<Record<string, number | bigint>>;
  /** Opaque cookie (`NLMSGERR_ATTR_COOKIE`). */
  readonly cookie?: Uint8Array;
}

/** What a kernel error was about: "add link veth0". */
export interface OperationContext {
  /** The verb and object type, e.g. `add link`. */
  readonly operation: string;
  /** The object, e.g. `veth0`. */
  readonly object?: string;
}

/** An error the kernel returned in an `NLMSG_ERROR` (or `NLMSG_DONE`) message. */
export class KernelError extends NetlinkError {
  /** Positive errno value. */
  readonly #errno: number;
  /** Symbolic errno name (`EEXIST`). */
  readonly errnoName: string;
  /** Extended ack, when the kernel sent one. */
  readonly extAck: ExtAck | undefined;
  /** The operation that failed, when known. */
  readonly context: OperationContext | undefined;

  constructor(errno: number, extAck?: ExtAck, context?: OperationContext, options?: NetlinkErrorOptions) {
    const n = Math.abs(errno);
    super(ErrorCode.KERNEL, formatKernelMessage(n, extAck, context), options);
    this.#errno = n;
    this.errnoName = errnoName(n);
    this.extAck = extAck;
    this.context = context;
  }

  override get errno(): number {
    return this.#errno;
  }

  /** A copy of this error describing `context` (keeps the original as `cause`). */
  withContext(context: OperationContext): KernelError {
    return new KernelError(this.#errno, this.extAck, context, { cause: this });
  }
}

function formatKernelMessage(errno: number, extAck?: ExtAck, context?: OperationContext): string {
  let head = '';
  if (context) head = context.object ? `${context.operation} ${context.object}: ` : `${context.operation}: `;
  let msg = `${head}${errnoMessage(errno)} (${errnoName(errno)})`;
  if (extAck?.message) msg += `: ${extAck.message}`;
  if (extAck?.attributePath?.length) msg += ` [at ${extAck.attributePath.join('.')}]`;
  else if (extAck?.offset !== undefined) msg += ` [at offset ${extAck.offset}]`;
  if (extAck?.missing) {
    const m = extAck.missing;
    msg += ` [missing attribute ${m.name ?? m.type}${m.nestPath?.length ? ` in ${m.nestPath.join('.')}` : ''}]`;
  }
  return msg;
}

/** Bytes that do not form a valid message. Decoding never throws anything else. */
export class DecodeError extends NetlinkError {
  /** Byte offset in the buffer being decoded. */
  readonly offset: number;
  /** Path of attribute/field names leading to the failure. */
  readonly path: readonly string[];
  /** What was wrong, without the location. */
  readonly reason: string;

  constructor(reason: string, offset: number, path: readonly string[] = [], options?: NetlinkErrorOptions) {
    super(
      ErrorCode.DECODE,
      `cannot decode${path.length ? ` ${path.join('.')}` : ''} at offset ${offset}: ${reason}`,
      options,
    );
    this.offset = offset;
    this.path = path;
    this.reason = reason;
  }
}

/** Input rejected before anything was sent to the kernel. */
export class InvalidArgumentError extends NetlinkError {
  /** The argument or field that was wrong. */
  readonly argument: string;

  constructor(argument: string, message: string, options?: NetlinkErrorOptions) {
    super(ErrorCode.INVALID_ARGUMENT, `invalid ${argument}: ${message}`, options);
    this.argument = argument;
  }

  override isInvalidArgument(): boolean {
    return true;
  }
}

/** A dump the kernel flagged `NLM_F_DUMP_INTR`: the data changed while it was read. */
export class DumpInterruptedError<T = unknown> extends NetlinkError {
  /** What was received before and including the interrupted part. */
  readonly partial: readonly T[];

  constructor(partial: readonly T[], what = 'dump') {
    super(ErrorCode.DUMP_INTERRUPTED, `${what} interrupted: the kernel's data changed during the dump`);
    this.partial = partial;
  }

  override isDumpInterrupted(): boolean {
    return true;
  }
}

/** The kernel dropped messages for this socket (`ENOBUFS`): the receive buffer overflowed. */
export class OverrunError extends NetlinkError {
  constructor(options?: NetlinkErrorOptions) {
    super(ErrorCode.OVERRUN, 'receive buffer overrun: the kernel dropped messages (ENOBUFS)', options);
  }

  override get errno(): number {
    return ERRNO.ENOBUFS;
  }
}

/** A datagram larger than the receive buffer was cut. */
export class TruncatedError extends NetlinkError {
  constructor(options?: NetlinkErrorOptions) {
    super(ErrorCode.TRUNCATED, 'a received datagram was larger than the receive buffer and was truncated', options);
  }
}

/** A request got no complete answer in time. */
export class TimeoutError extends NetlinkError {
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number) {
    super(ErrorCode.TIMEOUT, `${what}: timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }

  override get errno(): number {
    return ERRNO.ETIMEDOUT;
  }

  override isTimeout(): boolean {
    return true;
  }
}

/** A request was cancelled through its `AbortSignal`. */
export class AbortError extends NetlinkError {
  constructor(what: string, reason?: unknown) {
    super(ErrorCode.ABORTED, `${what}: aborted`, { cause: reason });
  }
}

/** The connection was closed before or while the request ran. */
export class ClosedError extends NetlinkError {
  constructor(what = 'connection') {
    super(ErrorCode.CLOSED, `${what}: the connection is closed`);
  }
}

/** A feature nlink does not implement (yet), or that needs something absent. */
export class UnsupportedError extends NetlinkError {
  /** What is missing. */
  readonly feature: string;

  constructor(feature: string, detail?: string) {
    super(ErrorCode.UNSUPPORTED, `not supported: ${feature}${detail ? ` (${detail})` : ''}`);
    this.feature = feature;
  }

  override isNotSupported(): boolean {
    return true;
  }
}

/** A socket-level failure (the SystemError from the syscall is the `cause`). */
export class SocketError extends NetlinkError {
  readonly #errno: number | undefined;
  /** The failing syscall, e.g. `sendto`. */
  readonly syscall: string | undefined;

  constructor(what: string, cause: unknown) {
    const sys = systemErrorFields(cause);
    super(ErrorCode.SOCKET, `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.#errno = sys.errno;
    this.syscall = sys.syscall;
  }

  override get errno(): number | undefined {
    return this.#errno;
  }
}

/** Reads `errno`/`syscall` from a Node-style SystemError. */
export function systemErrorFields(err: unknown): { errno?: number; syscall?: string; code?: string } {
  if (typeof err !== 'object' || err === null) return {};
  const e = err as { errno?: unknown; syscall?: unknown; code?: unknown };
  const out: { errno?: number; syscall?: string; code?: string } = {};
  if (typeof e.errno === 'number') out.errno = Math.abs(e.errno);
  if (typeof e.syscall === 'string') out.syscall = e.syscall;
  if (typeof e.code === 'string') out.code = e.code;
  return out;
}

/** A lookup found no such object (an interface name, a family, ...). */
export class NotFoundError extends NetlinkError {
  /** What kind of object, e.g. `interface`. */
  readonly kind: string;
  /** The name or id that was looked up. */
  readonly key: string;

  constructor(kind: string, key: string) {
    super(ErrorCode.NOT_FOUND, `${kind} ${key}: not found`);
    this.kind = kind;
    this.key = key;
  }

  override isNotFound(): boolean {
    return true;
  }
}

/** A network namespace that does not exist. */
export class NamespaceNotFoundError extends NetlinkError {
  /** The namespace name or path. */
  readonly namespace: string;

  constructor(namespace: string, options?: NetlinkErrorOptions) {
    super(ErrorCode.NAMESPACE_NOT_FOUND, `network namespace ${namespace}: not found`, options);
    this.namespace = namespace;
  }

  override isNotFound(): boolean {
    return true;
  }
}

/** The peer broke the protocol (a reply from a non-kernel port, an impossible message). */
export class ProtocolError extends NetlinkError {
  constructor(message: string) {
    super(ErrorCode.PROTOCOL, message);
  }
}

function asNetlinkError(err: unknown): NetlinkError | undefined {
  return err instanceof NetlinkError ? err : undefined;
}

/** True for errors meaning "no such object". */
export const isNotFound = (err: unknown): boolean => asNetlinkError(err)?.isNotFound() ?? false;
/** True for `EEXIST`. */
export const isExists = (err: unknown): boolean => asNetlinkError(err)?.isExists() ?? false;
/** True for `EBUSY`. */
export const isBusy = (err: unknown): boolean => asNetlinkError(err)?.isBusy() ?? false;
/** True for `EPERM`/`EACCES`. */
export const isPermission = (err: unknown): boolean => asNetlinkError(err)?.isPermission() ?? false;
/** True for rejected arguments (kernel `EINVAL`/`ERANGE` or {@link InvalidArgumentError}). */
export const isInvalidArgument = (err: unknown): boolean => asNetlinkError(err)?.isInvalidArgument() ?? false;
/** True for unsupported features. */
export const isNotSupported = (err: unknown): boolean => asNetlinkError(err)?.isNotSupported() ?? false;
/** True for timeouts. */
export const isTimeout = (err: unknown): boolean => asNetlinkError(err)?.isTimeout() ?? false;
/** True for interrupted dumps. */
export const isDumpInterrupted = (err: unknown): boolean => asNetlinkError(err)?.isDumpInterrupted() ?? false;
/** True for receive-buffer overruns (`ENOBUFS`). */
export const isNoBufferSpace = (err: unknown): boolean => asNetlinkError(err)?.isNoBufferSpace() ?? false;
