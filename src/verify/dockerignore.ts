// I/O: verify the .dockerignore a context finding suggests (no-dockerignore, context-cost,
// git-in-context) by building the project with it in a temporary copy (src/verify/variant.ts),
// then say what it measured, or withdraw the suggestion when the build broke.
import { relative, resolve } from "node:path";
import type { BenchmarkOptions } from "../benchmark.js";
import { createIgnoreMatcher } from "../dockerfile/index.js";
import type { Finding, Report, Verification } from "../report/schema.js";
import { readIgnoreFile } from "../touch/index.js";
import { measuredNumbers, withdrawnFix } from "./text.js";
import { benchmarkVariant, verifiedRun, type BenchmarkRunner } from "./variant.js";

const CONTEXT_RULES = new Set(["no-dockerignore", "context-cost", "git-in-context"]);
/** Findings whose fix is the same ignore lines: withdrawn with it. */
const SAME_FIX_RULES = new Set(["unneeded-dir-in-image"]);

interface IgnorePlan {
  finding: Finding;
  contextDir: string;
  dockerfile: string;
  /** Context-relative path of the ignore file the copy gets. */
  ignorePath: string;
  /** The ignore file with the fix's lines added. */
  text: string;
}

/**
 * The context finding whose suggested .dockerignore can be built, with what building it needs;
 * null when there is none (no finding, a fix of comments only, or a `<Dockerfile>.dockerignore`
 * outside the context, which the copy cannot rewrite).
 */
export async function planIgnoreFix(opts: BenchmarkOptions, report: Report): Promise<IgnorePlan | null> {
  const finding = report.findings.find((f) => CONTEXT_RULES.has(f.rule));
  if (!finding || finding.verification || finding.notVerified) return null;
  if (!finding.fix.split("\n").some((l) => l.trim() && !l.trim().startsWith("#"))) return null;
  const contextDir = resolve(opts.contextDir);
  const dockerfile = resolve(opts.dockerfile ?? resolve(contextDir, "Dockerfile"));
  const ignore = await readIgnoreFile(contextDir, dockerfile);
  const ignorePath = relative(contextDir, ignore.path ?? resolve(contextDir, ".dockerignore"));
  if (ignorePath.startsWith("..")) return null;
  const old = ignore.text ?? "";
  const text = `${old}${old && !old.endsWith("\n") ? "\n" : ""}${finding.fix}\n`;
  return { finding, contextDir, dockerfile, ignorePath, text };
}

/** The report with its context finding verified (message, `verification`), or unchanged when there is nothing to verify. */
export async function verifyDockerignoreFix(
  opts: BenchmarkOptions,
  report: Report,
  run: BenchmarkRunner,
  onInfo?: (message: string) => void,
): Promise<Report> {
  const plan = await planIgnoreFix(opts, report);
  if (!plan) return report;
  const { finding, contextDir, dockerfile, ignorePath, text } = plan;
  const excluded = createIgnoreMatcher(text);
  const canPrune = !/^\s*!/m.test(text);
  const keep = new Set([ignorePath, relative(contextDir, dockerfile)]);
  onInfo?.(`verifying the suggested .dockerignore (${finding.rule}) in a temporary copy`);
  const outcome = await benchmarkVariant(
    opts,
    report,
    {
      files: { [ignorePath]: text },
      omit: (rel, isDir) => !keep.has(rel) && (isDir ? canPrune : true) && excluded(rel),
    },
    run,
  );
  const before = verifiedRun(report);
  const verification: Verification = outcome.ok
    ? { status: "passed", before, after: verifiedRun(outcome.report), error: null }
    : { status: "failed", before, after: null, error: outcome.error };
  return { ...report, findings: report.findings.map((f) => applyVerification(f, finding, verification)) };
}

function applyVerification(f: Finding, verified: Finding, v: Verification): Finding {
  if (f === verified) {
    if (v.status === "passed") return { ...f, message: `${f.message} ${measuredText(v)}`, verification: v };
    return { ...f, fix: withdrawn(v), verification: v };
  }
  if (SAME_FIX_RULES.has(f.rule) && v.status === "failed") return { ...f, fix: withdrawn(v) };
  return f;
}

/** "Verified in a temporary copy with the suggested .dockerignore: load build context 10.8s → 0.1s, …, image −628 kB." */
export function measuredText(v: Verification): string {
  return v.after
    ? `Verified in a temporary copy with the suggested .dockerignore: ${measuredNumbers(v, "context")}.`
    : "";
}

function withdrawn(v: Verification): string {
  return withdrawnFix(v, "Exclude directories by hand, checking that no COPY, ADD or RUN needs them.");
}
