// The CLI's only writer. Everything it prints, stdout and stderr, progress and errors, passes
// through scrub(): build-arg values redacted, terminal escapes and control characters removed.
// Only the status line's own `\r ESC[2K` (rewriting one line on a terminal) bypasses it.
import { createRedactor, type Redactor } from "../report/redact.js";
import { oneLine, stripControl } from "../report/untrusted.js";

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** A note on stderr about what the run did (a file written, the image started): nothing
   *  under -q. Errors and warnings (a file not restored, a recovery) use err and always show. */
  note(text: string): void;
  /** Rewrites the one status line on a terminal; nothing elsewhere. */
  status(text: string): void;
  clearStatus(): void;
  readonly tty: boolean;
  /** Redacted and stripped: the same cleaning every write gets, for text about to be cut short. */
  scrub(text: string): string;
}

export interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function createCliOutput(
  streams: { stdout: Writable; stderr: Writable },
  buildArgs: Readonly<Record<string, string>> = {},
  options: { quiet?: boolean } = {},
): CliOutput {
  const redact: Redactor = createRedactor(buildArgs);
  const tty = streams.stderr.isTTY === true;
  const scrub = (text: string) => stripControl(redact(text));
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) streams.stderr.write("\r\x1b[2K");
    statusShown = false;
  };
  const err = (text: string) => {
    clearStatus();
    streams.stderr.write(scrub(text));
  };
  return {
    tty,
    scrub,
    out: (text) => streams.stdout.write(scrub(text)),
    err,
    note: (text) => {
      if (!options.quiet) err(text);
    },
    status: (text) => {
      if (!tty) return;
      streams.stderr.write(`\r\x1b[2K${oneLine(redact(text))}`);
      statusShown = true;
    },
    clearStatus,
  };
}
