// Live progress in the Action's log: phase lines, one collapsible group per build holding the
// build's log (redacted by the engine; log.ts redacts again, strips control characters and makes
// workflow commands inert), and a progress line every PROGRESS_INTERVAL_MS inside it so a long
// step shows the job is alive.
import type { BenchmarkHooks } from "../benchmark.js";
import { describeProgress } from "../progress/log-text.js";
import type { BuildTrace } from "../progress/model.js";
import { formatSeconds, truncate } from "../report/format.js";
import { oneLine } from "../report/untrusted.js";
import { log, scrub } from "./log.js";

export const PROGRESS_INTERVAL_MS = 15_000;
const MAX_STEP_NAME = 50;

/** A running step's name, redacted before it is cut (a secret cut in half would no longer match). */
const stepName = (name: string) => truncate(oneLine(scrub(name)), MAX_STEP_NAME);

export function createActionProgress(label: string): BenchmarkHooks & { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let open = false;
  const close = () => {
    if (timer) clearInterval(timer);
    timer = null;
    if (open) log.endGroup();
    open = false;
  };
  return {
    onPhase(phase, detail) {
      close();
      log.info(`${label} ${phase}: ${detail}`);
    },
    onBuildStart(phase, snapshot: () => BuildTrace) {
      close();
      log.startGroup(`${phase} build (${label})`);
      open = true;
      const started = performance.now();
      timer = setInterval(() => {
        const seconds = (performance.now() - started) / 1000;
        log.info(`… ${phase} build: ${describeProgress(snapshot(), stepName)} · ${formatSeconds(seconds)}`);
      }, PROGRESS_INTERVAL_MS);
      timer.unref();
    },
    onBuildLine: (_phase, line) => log.info(line),
    onBuildEnd: close,
    onInfo: (m) => log.info(m),
    onWarning: (m) => log.warning(m),
    onDebug: (m) => log.debug(m),
    stop: close,
  };
}
