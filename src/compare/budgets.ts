// The budgets, read from text: one parser for the Action's inputs (`max-image-size: 250MB`) and
// the CLI's options (`--max-image-size 250MB`), so both accept the same values and say the same
// thing about a bad one. Pure.
import { parseDuration, parseGrowth, parseRatio, parseSize } from "../action/units.js";
import { SIZE_KINDS, type SizeKind } from "../report/size.js";
import type { GateConfig } from "./gates.js";

export const BUDGET_NAMES = [
  "max-image-size",
  "max-image-growth",
  "max-warm-seconds",
  "min-cache-hit-ratio",
  "fail-on-cache-regression",
] as const;

export type BudgetName = (typeof BUDGET_NAMES)[number];

const LIMITS = {
  "max-image-size": { parse: parseSize, example: "250MB" },
  "max-image-growth": { parse: parseGrowth, example: "10% or 20MB" },
  "max-warm-seconds": { parse: parseDuration, example: "90s" },
  "min-cache-hit-ratio": { parse: parseRatio, example: "0.8 or 80%" },
} as const;

/** Empty text: no limit; otherwise the value, or an error naming `label` with an accepted example. */
export function parseBudget<K extends keyof typeof LIMITS>(
  name: K,
  text: string,
  label: string = name,
): { value: NonNullable<ReturnType<(typeof LIMITS)[K]["parse"]>> | null } | { error: string } {
  if (text.trim() === "") return { value: null };
  const { parse, example } = LIMITS[name];
  const value = parse(text) as NonNullable<ReturnType<(typeof LIMITS)[K]["parse"]>> | null;
  return value === null ? { error: `${label}: cannot read "${text}" (example: ${example})` } : { value };
}

/**
 * Every budget from its text (missing: not set); `label` names the setting in messages (`--x`
 * for the CLI). Throws one Error listing every bad value.
 */
export function parseBudgets(
  raw: Partial<Record<BudgetName | "size-kind", string | boolean>>,
  label: (name: BudgetName | "size-kind") => string = (n) => n,
): GateConfig {
  const errors: string[] = [];
  const limit = <K extends keyof typeof LIMITS>(name: K) => {
    const r = parseBudget(name, String(raw[name] ?? ""), label(name));
    if ("error" in r) errors.push(r.error);
    return "value" in r ? r.value : null;
  };
  const kind = String(raw["size-kind"] ?? "").trim() || "uncompressed";
  if (!(SIZE_KINDS as readonly string[]).includes(kind))
    errors.push(`${label("size-kind")}: cannot read "${kind}" (example: uncompressed or compressed)`);
  const config: GateConfig = {
    sizeKind: kind as SizeKind,
    maxImageSize: limit("max-image-size"),
    maxImageGrowth: limit("max-image-growth"),
    maxWarmSeconds: limit("max-warm-seconds"),
    minCacheHitRatio: limit("min-cache-hit-ratio"),
    failOnCacheRegression: raw["fail-on-cache-regression"] === true,
  };
  if (errors.length) throw new Error(errors.join("; "));
  return config;
}

/** True when at least one gate is set. */
export function hasBudgets(c: GateConfig): boolean {
  return (
    c.maxImageSize !== null ||
    c.maxImageGrowth !== null ||
    c.maxWarmSeconds !== null ||
    c.minCacheHitRatio !== null ||
    c.failOnCacheRegression
  );
}
