/**
 * Running a CLI command: where its output goes, and how errors become
 * messages and exit codes.
 *
 * @module
 */

import { KernelError, NetlinkError } from '../../errors.js';
import { CliError } from './args.js';

/** Where a command writes. Tests pass collectors; the binaries pass the process streams. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
}

let pipeWatched = false;

/**
 * A reader that leaves early (`nlink-ip route | head`) closes the pipe: the
 * command then ends quietly with status 141, as SIGPIPE ends iproute2's
 * (128 + 13), instead of Node's unhandled `EPIPE` error.
 */
function endOnClosedPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(141);
    throw err;
  });
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => {
    endOnClosedPipe();
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};

/** An {@link CliIo} that keeps what was written, for tests and for embedding. */
export class CapturedIo implements CliIo {
  /** Everything written to standard output. */
  out = '';
  /** Everything written to standard error. */
  err = '';

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }
}

/**
 * Runs `body` and turns what it throws into a message on stderr and an exit
 * code: a {@link CliError} as it says; a kernel error as `Error: MESSAGE`
 * with exit code 2 (as iproute2 exits after `RTNETLINK answers: ...`); any
 * other nlink error as `Error: MESSAGE` with exit code 1.
 */
export async function runCommand(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(err.message);
      return err.exitCode;
    }
    if (err instanceof NetlinkError) {
      io.stderr(`Error: ${err.message}\n`);
      return err instanceof KernelError ? 2 : 1;
    }
    throw err;
  }
}
