// Live progress on stderr while `run` works: the phase, how many steps have finished, elapsed
// time. On a terminal one line is rewritten; in CI logs a line is printed at most every few
// seconds, so logs stay short.
import type { BenchmarkHooks, Phase } from "../benchmark.js";
import { describeProgress } from "../progress/log-text.js";
import type { BuildTrace } from "../progress/model.js";
import { formatSeconds } from "../report/format.js";

const TTY_INTERVAL_MS = 250;
const LOG_INTERVAL_MS = 10_000;

/** `quiet` drops progress (phases, info, the live line) but never warnings: a warning may be the
 *  only word that a file was not restored. */
export function createProgressReporter(
  stream: NodeJS.WriteStream,
  debug: boolean,
  quiet = false,
  verbose = false,
): BenchmarkHooks & { stop(): void } {
  const tty = stream.isTTY === true;
  const started = performance.now();
  let phaseStarted = started;
  let snapshot: (() => BuildTrace) | null = null;
  let phase = "";
  let timer: NodeJS.Timeout | null = null;

  const elapsed = () => formatSeconds((performance.now() - started) / 1000);
  const status = () => {
    if (!snapshot) return `${phase} … ${elapsed()}`;
    return `${phase}: ${describeProgress(snapshot())} · ${formatSeconds((performance.now() - phaseStarted) / 1000)}`;
  };
  const clearLine = () => {
    if (tty) stream.write("\r\x1b[2K");
  };
  const print = (text: string) => {
    clearLine();
    stream.write(`${text}\n`);
  };
  const tick = () => {
    if (tty) stream.write(`\r\x1b[2K${status()}`);
    else print(`  … ${status()}`);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
    clearLine();
  };

  return {
    onPhase(p: Phase, detail: string) {
      if (quiet) return;
      stopTimer();
      snapshot = null;
      phase = p;
      phaseStarted = performance.now();
      print(`[${elapsed()}] ${p}: ${detail}`);
    },
    onBuildStart(_phase, snap) {
      if (quiet) return;
      snapshot = snap;
      timer = setInterval(tick, tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS);
      timer.unref();
    },
    // --verbose: the build's own log (redacted by the engine), indented under its phase line.
    onBuildLine: verbose ? (_phase, line) => print(`  ${line}`) : undefined,
    onInfo(message: string) {
      if (!quiet) print(`  ${message}`);
    },
    onWarning(message: string) {
      print(`warning: ${message}`);
    },
    onDebug(message: string) {
      if (debug) print(`debug: ${message}`);
    },
    stop: stopTimer,
  };
}
