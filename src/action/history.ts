// The history a push's baseline carries (src/report/history.ts): restore the branch's newest
// baseline, take its points, add this run's. Like every cache path it degrades: a restore that
// fails starts the history afresh from this run, with a note in the log, never a failure.
import { log } from "./log.js";
import { restoreBaseline } from "../baseline/index.js";
import { extendHistory, pointOf } from "../report/history.js";
import type { Report } from "../report/schema.js";
import type { RunContext } from "./context.js";

/**
 * Sets `head.history` when this run will save `head` as a baseline (a push to a baseline branch
 * with `baseline: cache`); otherwise leaves `head` as it is. `benchmarkId` names whose history:
 * an image of a set has its own.
 */
export async function attachHistory(
  ctx: RunContext,
  head: Report,
  savesBaseline: boolean,
  restore: typeof restoreBaseline = restoreBaseline,
  benchmarkId = ctx.inputs.benchmarkId,
): Promise<void> {
  const { event, inputs } = ctx;
  if (!savesBaseline || event.kind !== "push" || !event.branch || inputs.baseline.kind !== "cache") return;
  if (inputs.historyLength === 0) {
    delete head.history;
    return;
  }
  const kind = inputs.budgets.sizeKind;
  const previous = await restore({
    benchmarkId,
    branch: event.branch,
    commit: event.sha,
    workDir: ctx.workspace,
  });
  if (previous.report === null && previous.warning)
    log.info(`History starts again at this push: ${previous.warning}`);
  head.history = extendHistory(previous.report, pointOf(head, kind), kind, {
    limit: inputs.historyLength,
    before: event.before,
  });
  const gaps = head.history.filter((p) => p.status === "missing").length;
  const whose = benchmarkId === inputs.benchmarkId ? "" : ` for ${benchmarkId}`;
  log.info(
    `History of ${event.branch}${whose}: ${head.history.length} point(s)${gaps ? `, ${gaps} without a baseline` : ""}${previous.report ? ` (continued from ${previous.commit?.slice(0, 7) ?? "an unknown commit"})` : ""}.`,
  );
}
