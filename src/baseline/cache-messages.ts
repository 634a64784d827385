// Why a save or restore failed, as @actions/cache reported it.
//
// @actions/cache swallows service errors: `restoreCache` logs `::warning::Failed to restore: …` and
// returns undefined, exactly as on a miss; `saveCache` logs `Failed to save: …` (info or warning)
// and returns -1, with the service's actual answer (409 "already exists", ECONNREFUSED) only in a
// `::debug::Failed to reserve cache: …` line (lib/cache.js, 6.3.0). Those lines, written to stdout
// by @actions/core, are the only trace of the reason, and the Action needs it to tell "no baseline
// yet" from "cache service down" in the PR comment. So while a cache call runs we listen to stdout
// (passing every write through) and keep those lines. If a future version words them differently
// we only lose the detail: a failed restore then reads as a miss, and the library's own warning is
// still in the job log. Calls that overlap in time hear each other's lines; the Action makes one
// at a time.

type Write = typeof process.stdout.write;

const listeners = new Set<(line: string) => void>();
let installed: { tap: Write; previous: Write } | null = null;

// One tap shared by overlapping calls, removed when the last one ends (unless something else has
// wrapped stdout since; then ours stays underneath as a pass-through).
function listen(listener: (line: string) => void): () => void {
  listeners.add(listener);
  if (!installed) {
    const previous = process.stdout.write;
    const tap = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      if (typeof chunk === "string") {
        for (const line of chunk.split(/\r?\n/)) for (const l of listeners) l(line);
      }
      return Reflect.apply(previous, this, [chunk, ...rest]) as boolean;
    } as Write;
    process.stdout.write = tap;
    installed = { tap, previous };
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && installed && process.stdout.write === installed.tap) {
      process.stdout.write = installed.previous;
      installed = null;
    }
  };
}

const COMMAND = /^::(?:warning|error)(?: [^:]*)?::(.*)$/;
const FAILED_INFO = /^Failed to (?:save|restore): /;
const RESERVE_DEBUG = /^::debug::Failed to reserve cache: (?:Error: )?(.*)$/;
const RESERVE = "Failed to reserve cache: ";

/** @actions/core escapes %, CR and LF in command messages. */
function unescapeCommand(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

/**
 * The message of a warning/error command, of a "Failed to save/restore:" info line, or of the debug
 * line with the reason a reservation failed; else null.
 */
export function parseCacheMessage(line: string): string | null {
  const command = COMMAND.exec(line);
  if (command) return unescapeCommand(command[1] ?? "");
  const reserve = RESERVE_DEBUG.exec(line);
  if (reserve) return RESERVE + unescapeCommand(reserve[1] ?? "");
  return FAILED_INFO.test(line) ? line : null;
}

/** Runs a cache call and returns what it resolved with plus the failure messages it logged, in order. */
export async function withCacheMessages<T>(
  call: () => Promise<T>,
): Promise<{ value: T; messages: string[] }> {
  const messages: string[] = [];
  const stop = listen((line) => {
    const message = parseCacheMessage(line);
    if (message) messages.push(message);
  });
  try {
    return { value: await call(), messages };
  } finally {
    stop();
  }
}

/**
 * The most telling failure, first line only (the rest is a generic self-hosted runner hint): why a
 * reservation failed, else the library's last "Failed to …" verdict. Other warnings (anyone's) are
 * not a failure of this call, so a miss stays a miss.
 */
export function cacheFailureReason(messages: readonly string[]): string | null {
  const best =
    messages.find((m) => m.startsWith(RESERVE)) ?? messages.findLast((m) => m.startsWith("Failed to "));
  return best?.split("\n")[0]?.trim() ?? null;
}
