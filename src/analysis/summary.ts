// Pure: what the warm build says about the cache. Steps are joined across builds by name (digests
// stripped), never by `#N` or vertex digest, which differ between runs.
import type { ReportStep, Summary } from "../report/schema.js";

/** A Dockerfile instruction step other than FROM: FROM is resolved, not rebuilt, and says nothing about the cache. */
export function isCacheableStep(step: Pick<ReportStep, "instruction">): boolean {
  return step.instruction !== null && !/^FROM\s/i.test(step.instruction);
}

export function isRebuilt(step: Pick<ReportStep, "status">): boolean {
  return step.status === "done" || step.status === "error";
}

export function summarize(
  cold: { wallSeconds: number; steps: ReportStep[] },
  warm: { wallSeconds: number; steps: ReportStep[] },
): Summary {
  const steps = warm.steps.filter(isCacheableStep);
  const rebuilt = steps.filter(isRebuilt);
  const cached = steps.filter((s) => s.status === "cached");
  const first = [...rebuilt].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))[0];
  return {
    steps: steps.length,
    rebuiltSteps: rebuilt.length,
    cachedSteps: cached.length,
    cacheHitRatio: steps.length ? round(cached.length / steps.length, 4) : null,
    coldSeconds: round(cold.wallSeconds, 2),
    warmSeconds: round(warm.wallSeconds, 2),
    warmRebuiltSeconds: round(
      rebuilt.reduce((t, s) => t + (s.seconds ?? 0), 0),
      2,
    ),
    firstRebuilt: first ? { name: first.name ?? first.instruction ?? "?", line: first.line } : null,
  };
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
