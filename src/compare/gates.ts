// Pure: budgets and gates, judged on the head report and (where they need one) the comparison
// with the base. Timing gates are absolute limits; the only relative gates are deterministic
// (image bytes, cache status), so runner jitter can never fail a build.
import type { Growth } from "../action/units.js";
import { formatBytes, formatPercent, formatSeconds } from "../report/format.js";
import type { Report } from "../report/schema.js";
import { imageSize, type SizeKind } from "../report/size.js";
import type { Comparison } from "./compare.js";

export interface GateConfig {
  /** The kind of image size the size budgets are in (the base's size must be of it too); default uncompressed. */
  sizeKind?: SizeKind;
  maxImageSize: number | null;
  maxImageGrowth: Growth | null;
  maxWarmSeconds: number | null;
  minCacheHitRatio: number | null;
  failOnCacheRegression: boolean;
}

export type GateId =
  | "max-image-size"
  | "max-image-growth"
  | "max-warm-seconds"
  | "min-cache-hit-ratio"
  | "fail-on-cache-regression";

export interface GateResult {
  id: GateId;
  /** null: could not be judged (no baseline for a relative gate). */
  passed: boolean | null;
  limit: string;
  actual: string;
  /** One line for the failure message and the tables. */
  message: string;
}

export function evaluateGates(
  head: Report,
  comparison: Comparison | null,
  /** The base's image size of the kind config.sizeKind (src/report/size.ts imageSize), or null. */
  baseSize: number | null,
  config: GateConfig,
): GateResult[] {
  const out: GateResult[] = [];
  const kind = config.sizeKind ?? "uncompressed";
  const size = imageSize(head, kind);
  if (size === null) {
    // A budget in a kind this store does not measure can be judged neither way; say so, never guess.
    for (const id of ["max-image-size", "max-image-growth"] as const) {
      if ((id === "max-image-size" ? config.maxImageSize : config.maxImageGrowth) === null) continue;
      out.push({
        id,
        passed: null,
        limit: kind,
        actual: "not measured",
        message: `${id} not checked: the image store (${head.image.storageDriver}) keeps no ${kind} size; set size-kind: uncompressed`,
      });
    }
  } else if (config.maxImageSize !== null) {
    const passed = size <= config.maxImageSize;
    out.push({
      id: "max-image-size",
      passed,
      limit: formatBytes(config.maxImageSize),
      actual: formatBytes(size),
      message: `image size ${formatBytes(size)} (${kind}) ${passed ? "is within" : "exceeds"} max-image-size ${formatBytes(config.maxImageSize)}`,
    });
  }
  if (size !== null && config.maxImageGrowth !== null) {
    // Sizes of different kinds say nothing about growth.
    const comparableBase = comparison && !comparison.comparable.size ? null : baseSize;
    out.push(growthGate(size, comparableBase, config.maxImageGrowth));
  }
  if (config.maxWarmSeconds !== null) {
    const warm = head.summary.warmSeconds;
    const passed = warm <= config.maxWarmSeconds;
    out.push({
      id: "max-warm-seconds",
      passed,
      limit: formatSeconds(config.maxWarmSeconds),
      actual: formatSeconds(warm),
      message: `warm build after a code change took ${formatSeconds(warm)}, ${passed ? "within" : "over"} max-warm-seconds ${formatSeconds(config.maxWarmSeconds)}`,
    });
  }
  if (config.minCacheHitRatio !== null) {
    const ratio = head.summary.cacheHitRatio;
    const passed = ratio === null || ratio >= config.minCacheHitRatio;
    out.push({
      id: "min-cache-hit-ratio",
      passed,
      limit: formatPercent(config.minCacheHitRatio),
      actual: formatPercent(ratio),
      message: `cache hit ratio after a code change is ${formatPercent(ratio)}, ${passed ? "at or above" : "below"} min-cache-hit-ratio ${formatPercent(config.minCacheHitRatio)}`,
    });
  }
  if (config.failOnCacheRegression) out.push(regressionGate(comparison));
  return out;
}

function growthGate(size: number, baseSize: number | null, growth: Growth): GateResult {
  const limit =
    growth.kind === "ratio" ? `+${Math.round(growth.ratio * 1000) / 10}%` : `+${formatBytes(growth.bytes)}`;
  if (baseSize === null) {
    return {
      id: "max-image-growth",
      passed: null,
      limit,
      actual: "no baseline",
      message: "max-image-growth not checked: no baseline to compare with yet",
    };
  }
  const delta = size - baseSize;
  const allowed = growth.kind === "ratio" ? baseSize * growth.ratio : growth.bytes;
  const passed = delta <= allowed;
  const pct =
    baseSize > 0
      ? ` (${delta >= 0 ? "+" : "−"}${Math.abs(Math.round((delta / baseSize) * 1000) / 10)}%)`
      : "";
  const actual = `${delta >= 0 ? "+" : "−"}${formatBytes(Math.abs(delta))}${pct}`;
  return {
    id: "max-image-growth",
    passed,
    limit,
    actual,
    message: `image grew ${actual} against the base, ${passed ? "within" : "over"} max-image-growth ${limit}`,
  };
}

function regressionGate(comparison: Comparison | null): GateResult {
  if (comparison && !comparison.comparable.cache) {
    return {
      id: "fail-on-cache-regression",
      passed: null,
      limit: "none",
      actual: "not comparable",
      message: `fail-on-cache-regression not checked: ${comparison.comparable.notes[0] ?? "the builds do not compare"}`,
    };
  }
  if (!comparison) {
    return {
      id: "fail-on-cache-regression",
      passed: null,
      limit: "none",
      actual: "no baseline",
      message: "fail-on-cache-regression not checked: no baseline to compare with yet",
    };
  }
  const n = comparison.cacheRegressions.length;
  const names = comparison.cacheRegressions.map(
    (s) => `${s.instruction}${s.line ? ` (line ${s.line})` : ""}`,
  );
  return {
    id: "fail-on-cache-regression",
    passed: n === 0,
    limit: "none",
    actual: n === 0 ? "none" : `${n} step${n === 1 ? "" : "s"}`,
    message:
      n === 0
        ? "no step lost its cache against the base"
        : `cache regression: ${names.join("; ")} stayed cached after a code change on the base but rebuilds now`,
  };
}

export function failedGates(results: GateResult[]): GateResult[] {
  return results.filter((g) => g.passed === false);
}

/** "2 gates failed:" and one line per failed gate; null when none failed. */
export function failedGatesMessage(results: GateResult[]): string | null {
  const failed = failedGates(results);
  if (!failed.length) return null;
  const lines = failed.map((g) => `- ${g.id}: ${g.message}`);
  return `${failed.length} gate${failed.length === 1 ? "" : "s"} failed:\n${lines.join("\n")}`;
}
