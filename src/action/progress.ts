// Live progress in the Action's log: phase lines, one collapsible group per build holding the
// build's log (redacted by the engine, made inert here), and a progress line every
// PROGRESS_INTERVAL_MS inside it so a long step shows the job is alive.
import * as core from "@actions/core";
import type { BenchmarkHooks } from "../benchmark.js";
import { describeProgress } from "../progress/log-text.js";
import type { BuildTrace } from "../progress/model.js";
import { formatSeconds } from "../report/format.js";

export const PROGRESS_INTERVAL_MS = 15_000;

export function createActionProgress(label: string): BenchmarkHooks & { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let open = false;
  const close = () => {
    if (timer) clearInterval(timer);
    timer = null;
    if (open) core.endGroup();
    open = false;
  };
  return {
    onPhase(phase, detail) {
      close();
      core.info(`${label} ${phase}: ${detail}`);
    },
    onBuildStart(phase, snapshot: () => BuildTrace) {
      close();
      core.startGroup(`${phase} build (${label})`);
      open = true;
      const started = performance.now();
      timer = setInterval(() => {
        const seconds = (performance.now() - started) / 1000;
        core.info(`… ${phase} build: ${describeProgress(snapshot())} · ${formatSeconds(seconds)}`);
      }, PROGRESS_INTERVAL_MS);
      timer.unref();
    },
    onBuildLine(_phase, line) {
      core.info(inertLogLine(line));
    },
    onBuildEnd: close,
    onInfo: (m) => core.info(m),
    onWarning: (m) => core.warning(m),
    onDebug: (m) => core.debug(m),
    stop: close,
  };
}

/**
 * A build log line the runner cannot read as a workflow command: `::` at its start (the runner
 * trims whitespace first) and the legacy `##[` anywhere get a zero-width space inside.
 */
export function inertLogLine(line: string): string {
  return line.replace(/^(\s*):(?=:)/, "$1:\u200b").replace(/##\[/g, "#\u200b#[");
}
