// Live progress on stderr while `run` works: the phase, how many steps have finished, elapsed
// time. On a terminal one line is rewritten; in CI logs a line is printed at most every few
// seconds, so logs stay short. Step names come from BuildKit with build args expanded: they are
// scrubbed (redacted) before they are cut to length, or a cut secret would no longer match.
import type { BenchmarkHooks, Phase } from "../benchmark.js";
import { describeProgress } from "../progress/log-text.js";
import type { BuildTrace } from "../progress/model.js";
import { formatSeconds, truncate } from "../report/format.js";
import { oneLine } from "../report/untrusted.js";
import type { CliOutput } from "./output.js";

const TTY_INTERVAL_MS = 250;
const LOG_INTERVAL_MS = 10_000;
const MAX_STEP_NAME = 50;

/** `quiet` drops progress (phases, info, the live line) but never warnings: a warning may be the
 *  only word that a file was not restored. */
export function createProgressReporter(
  output: CliOutput,
  debug: boolean,
  quiet = false,
  verbose = false,
  intervalMs = output.tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS,
): BenchmarkHooks & { stop(): void } {
  const started = performance.now();
  let phaseStarted = started;
  let snapshot: (() => BuildTrace) | null = null;
  let phase = "";
  let timer: NodeJS.Timeout | null = null;

  const elapsed = () => formatSeconds((performance.now() - started) / 1000);
  const status = () => {
    if (!snapshot) return `${phase} … ${elapsed()}`;
    const step = (name: string) => truncate(oneLine(output.scrub(name)), MAX_STEP_NAME);
    return `${phase}: ${describeProgress(snapshot(), step)} · ${formatSeconds((performance.now() - phaseStarted) / 1000)}`;
  };
  const print = (text: string) => output.err(`${text}\n`);
  const tick = () => {
    if (output.tty) output.status(status());
    else print(`  … ${status()}`);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
    output.clearStatus();
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
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    // --verbose: the build's own log (redacted by the engine, control characters stripped by the
    // output sink), indented under its phase line.
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
