/**
 * Link counters the way `ip -s` prints them (iproute2's `print_stats64`):
 * the `stats64` JSON object, or the `RX:`/`TX:` blocks with columns sized to
 * the widest number.
 *
 * @module
 */

import type { LinkMessage } from '../../route/link/link.js';
import type { Output } from '../common/output.js';
import { cFormat } from '../common/printf.js';

/** `struct rtnl_link_stats64`, decoded. */
export type LinkStats64 = NonNullable<LinkMessage['attrs']['stats64']>;

/** Options of {@link printStats64}. */
export interface StatsOptions {
  /** How many `-s` were given (2 adds the error counters). */
  readonly level: number;
  /** `-h`: human-readable numbers. */
  readonly human: boolean;
  /** `-iec`: powers of 1024. */
  readonly iec: boolean;
}

/** A counter in a column of `width` (`print_num`): right-aligned, or `1.2M` with `-h`. */
export function formatNum(width: number, count: bigint, options: StatsOptions): string {
  const base = options.iec ? 1024n : 1000n;
  if (!options.human || count < base) return cFormat('%*llu ', width, count);
  const prefixes = 'kMGTPE';
  let p = 0;
  let powi = 1n;
  for (;;) {
    powi *= base;
    if (count / base < powi) break;
    if (p + 1 >= prefixes.length) break;
    p++;
  }
  let precision = 2;
  let powj = 1n;
  for (; precision > 0; precision--) {
    powj *= 10n;
    if (count / powi < powj) break;
  }
  const text = cFormat('%.*f%c%s', precision, Number(count) / Number(powi), prefixes[p] ?? 'E', options.iec ? 'i' : '');
  return cFormat('%*s ', width, text);
}

function sizeColumns(cols: number[], options: StatsOptions, values: readonly bigint[]): void {
  if (options.human) return;
  values.forEach((v, i) => {
    let len = 1;
    for (let x = v; x > 9n; x /= 10n) len++;
    if (len > (cols[i] ?? 0)) cols[i] = len;
  });
}

/** When a counter is printed: always, when non-zero, with `-s -s`, or with `-s -s` when non-zero. */
type When = 'always' | 'set' | 'detail' | 'detail-set';

/** The JSON members of one direction: key, value, when. */
type Row = readonly [string, bigint, When];

function printJsonRows(out: Output, key: string, rows: readonly Row[], detailed: boolean): void {
  out.openObject(key);
  for (const [name, value, when] of rows) {
    if (!detailed && (when === 'detail' || when === 'detail-set')) continue;
    if (!value && (when === 'set' || when === 'detail-set')) continue;
    out.u64('json', name, null, value);
  }
  out.closeObject();
}

/** One line of the text table: a label, the column headers (first column included), the values. */
interface TableLine {
  /** `RX:`, `RX errors:`, ... */
  readonly label: string;
  /** Index of the first column this line fills (0 for the counters, 1 for the errors). */
  readonly first: number;
  /** Column headers, from column `first` on (`''` for an empty trailing one). */
  readonly headers: readonly string[];
  readonly values: readonly bigint[];
}

function printTableLine(out: Output, line: TableLine, cols: readonly number[], options: StatsOptions): void {
  const c = (i: number): number => cols[i] ?? 0;
  let head = `    ${line.label}`;
  if (line.first === 0) {
    head += cFormat(' %*s', c(0) - 4, line.headers[0] ?? '');
  } else {
    head += cFormat('%*s', c(0) - 10, '');
  }
  line.headers.slice(line.first === 0 ? 1 : 0).forEach((h, i) => {
    const col = (line.first === 0 ? 1 : line.first) + i;
    // A header starting with a space is an optional column, right-aligned without a separator (`' nohandler'`).
    if (!h.startsWith(' ')) head += cFormat(' %*s', c(col), h);
    else if (h.trim()) head += cFormat('%*s', c(col) + 1, h);
  });
  out.text(`${head}${out.sl}`);
  const indent = line.first === 0 ? '    ' : cFormat('%*s', c(0) + 5, '');
  out.text(indent + line.values.map((v, i) => formatNum(c(line.first + i), v, options)).join(''));
}

/**
 * Prints `s` as `ip -s link` does: under `key` (`stats64`) in JSON, as the
 * `RX:`/`TX:` table in text. `carrierChanges` is `IFLA_CARRIER_CHANGES`.
 */
export function printStats64(
  out: Output,
  s: LinkStats64,
  carrierChanges: number | undefined,
  key: string,
  options: StatsOptions,
): void {
  const detailed = options.level > 1;
  const cc = carrierChanges === undefined ? undefined : BigInt(carrierChanges);
  if (out.json) {
    out.openObject(key);
    printJsonRows(
      out,
      'rx',
      [
        ['bytes', s.rxBytes, 'always'],
        ['packets', s.rxPackets, 'always'],
        ['errors', s.rxErrors, 'always'],
        ['dropped', s.rxDropped, 'always'],
        ['over_errors', s.rxOverErrors, 'always'],
        ['multicast', s.multicast, 'always'],
        ['compressed', s.rxCompressed, 'set'],
        ['length_errors', s.rxLengthErrors, 'detail'],
        ['crc_errors', s.rxCrcErrors, 'detail'],
        ['frame_errors', s.rxFrameErrors, 'detail'],
        ['fifo_errors', s.rxFifoErrors, 'detail'],
        ['missed_errors', s.rxMissedErrors, 'detail'],
        ['nohandler', s.rxNohandler, 'detail-set'],
        ['otherhost', s.rxOtherhostDropped, 'detail-set'],
      ],
      detailed,
    );
    printJsonRows(
      out,
      'tx',
      [
        ['bytes', s.txBytes, 'always'],
        ['packets', s.txPackets, 'always'],
        ['errors', s.txErrors, 'always'],
        ['dropped', s.txDropped, 'always'],
        ['carrier_errors', s.txCarrierErrors, 'always'],
        ['collisions', s.collisions, 'always'],
        ['compressed', s.txCompressed, 'set'],
        ['aborted_errors', s.txAbortedErrors, 'detail'],
        ['fifo_errors', s.txFifoErrors, 'detail'],
        ['window_errors', s.txWindowErrors, 'detail'],
        ['heartbeat_errors', s.txHeartbeatErrors, 'detail'],
        ...(cc === undefined ? [] : [['carrier_changes', cc, 'detail'] as const]),
      ],
      detailed,
    );
    out.closeObject();
    return;
  }
  const when = (v: bigint): bigint[] => (v ? [v] : []);
  const rx: TableLine = {
    label: 'RX:',
    first: 0,
    headers: ['bytes', 'packets', 'errors', 'dropped', 'missed', 'mcast', s.rxCompressed ? 'compressed' : ''],
    values: [s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissedErrors, s.multicast, ...when(s.rxCompressed)],
  };
  const rxErrors: TableLine = {
    label: 'RX errors:',
    first: 1,
    headers: [
      'length',
      'crc',
      'frame',
      'fifo',
      'overrun',
      s.rxNohandler ? ' nohandler' : ' ',
      s.rxOtherhostDropped ? ' otherhost' : ' ',
    ],
    values: [
      s.rxLengthErrors,
      s.rxCrcErrors,
      s.rxFrameErrors,
      s.rxFifoErrors,
      s.rxOverErrors,
      ...when(s.rxNohandler),
      ...when(s.rxOtherhostDropped),
    ],
  };
  const tx: TableLine = {
    label: 'TX:',
    first: 0,
    headers: ['bytes', 'packets', 'errors', 'dropped', 'carrier', 'collsns', s.txCompressed ? 'compressed' : ''],
    values: [s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrierErrors, s.collisions, ...when(s.txCompressed)],
  };
  const txErrors: TableLine = {
    label: 'TX errors:',
    first: 1,
    headers: ['aborted', 'fifo', 'window', 'heartbt', cc === undefined ? '' : 'transns'],
    values: [
      s.txAbortedErrors,
      s.txFifoErrors,
      s.txWindowErrors,
      s.txHeartbeatErrors,
      ...(cc === undefined ? [] : [cc]),
    ],
  };
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  sizeColumns(cols, options, [...rx.values.slice(0, 6), s.rxCompressed, 0n]);
  if (detailed) {
    sizeColumns(cols, options, [0n, ...rxErrors.values.slice(0, 5), s.rxNohandler, s.rxOtherhostDropped]);
  }
  sizeColumns(cols, options, [...tx.values.slice(0, 6), s.txCompressed, 0n]);
  if (detailed) sizeColumns(cols, options, [0n, 0n, ...txErrors.values.slice(0, 4), cc ?? 0n, 0n]);
  printTableLine(out, rx, cols, options);
  if (detailed) {
    out.text(out.sl);
    printTableLine(out, rxErrors, cols, options);
  }
  out.text(out.sl);
  printTableLine(out, tx, cols, options);
  if (detailed) {
    out.text(out.sl);
    printTableLine(out, txErrors, cols, options);
  }
}
