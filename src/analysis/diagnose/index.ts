// Pure: the diagnosis of a measured build — why the warm build rebuilt what it did, and what in
// the Dockerfile costs time or bytes, each finding with its line and a fix built from the
// Dockerfile's own instructions. Rules are documented in docs/rules.md.
import type { Finding } from "../../report/schema.js";
import { createContext, type DiagnosisInput } from "./context.js";
import { analyzeRebuilds } from "./explain.js";
import { APT_LISTS_LEFT, APT_UPDATE_SEPARATE, aptListsLeft, aptUpdateSeparate } from "./rules/apt.js";
import { BASE_NOT_SLIM, baseNotSlim } from "./rules/base-image.js";
import { APK_CACHE_LEFT, PIP_CACHE_LEFT, cacheLeft } from "./rules/caches.js";
import {
  DEPENDENCY_INSTALL_AFTER_CONTEXT_COPY,
  dependencyInstallAfterContextCopy,
} from "./rules/dependency-order.js";
import { CONTEXT_COST, GIT_IN_CONTEXT, NO_DOCKERIGNORE, contextFindings } from "./rules/dockerignore.js";
import { UNNEEDED_DIR_IN_IMAGE, unneededDirInImage } from "./rules/context-in-image.js";
import { TOOLCHAIN_IN_FINAL_IMAGE, toolchainInFinalImage } from "./rules/toolchain.js";
import { TOUCH_INVALIDATED, touchInvalidated } from "./rules/touch.js";
import { VOLATILE_ARG_EARLY, volatileArgEarly } from "./rules/volatile-arg.js";

export type { DiagnosisInput } from "./context.js";
export {
  explainRebuilds,
  type AvoidableStep,
  type ExpectedStep,
  type RebuildExplanation,
  type RebuiltStep,
} from "./explain.js";

/** Every rule id `diagnose` can emit; docs/rules.md has a section for each. */
export const RULE_IDS = [
  DEPENDENCY_INSTALL_AFTER_CONTEXT_COPY,
  APT_UPDATE_SEPARATE,
  APT_LISTS_LEFT,
  APK_CACHE_LEFT,
  PIP_CACHE_LEFT,
  NO_DOCKERIGNORE,
  GIT_IN_CONTEXT,
  CONTEXT_COST,
  UNNEEDED_DIR_IN_IMAGE,
  TOOLCHAIN_IN_FINAL_IMAGE,
  BASE_NOT_SLIM,
  VOLATILE_ARG_EARLY,
  TOUCH_INVALIDATED,
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** Findings for a measured build: warnings first, then by measured seconds, then bytes, then line. */
export function diagnose(input: DiagnosisInput): Finding[] {
  const ctx = createContext(input);
  const rebuilds = analyzeRebuilds(ctx);
  const findings = [
    ...dependencyInstallAfterContextCopy(ctx, [...rebuilds.avoidable, ...rebuilds.implicit]),
    ...touchInvalidated(ctx, rebuilds),
    ...aptUpdateSeparate(ctx),
    ...aptListsLeft(ctx),
    ...cacheLeft(ctx),
    ...contextFindings(ctx),
    ...unneededDirInImage(ctx),
    ...toolchainInFinalImage(ctx),
    ...baseNotSlim(ctx),
    ...volatileArgEarly(ctx),
  ];
  return sortFindings(findings);
}

const SEVERITY_ORDER: Record<Finding["severity"], number> = { warning: 0, notice: 1 };

export function sortFindings(findings: Finding[]): Finding[] {
  const desc = (a: number | null | undefined, b: number | null | undefined) => (b ?? -1) - (a ?? -1);
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      desc(a.seconds, b.seconds) ||
      desc(a.bytes, b.bytes) ||
      (a.line ?? Infinity) - (b.line ?? Infinity) ||
      a.rule.localeCompare(b.rule),
  );
}
