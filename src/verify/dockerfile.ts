// I/O: verify the Dockerfile fixes that come with an edit (the reorder rules: a dependency install
// or a step moved above the COPY of the code) by building the edited Dockerfile against a
// temporary copy of the context (src/verify/variant.ts), cold, then warm after the same code
// change. The finding then says whether the moved steps stayed cached and what the builds
// measured, or the fix is withdrawn because it did not build.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { BenchmarkOptions } from "../benchmark.js";
import { applyEdit, EditError } from "../dockerfile/edit.js";
import { truncate } from "../report/format.js";
import type { Finding, Report, Verification } from "../report/schema.js";
import { measuredNumbers, withdrawnFix } from "./text.js";
import { benchmarkVariant, verifiedRun, type BenchmarkRunner } from "./variant.js";

type VerifiedStep = NonNullable<Verification["steps"]>[number];

/** The report with each finding that has an edit verified (message, `verification`) or withdrawn. */
export async function verifyDockerfileFixes(
  opts: BenchmarkOptions,
  report: Report,
  run: BenchmarkRunner,
  onInfo?: (message: string) => void,
): Promise<Report> {
  const pending = report.findings.filter((f) => f.edit && !f.verification && !f.notVerified);
  if (!pending.length) return report;
  const path = resolve(opts.dockerfile ?? resolve(opts.contextDir, "Dockerfile"));
  const text = await readFile(path, "utf8");
  const done = new Map<Finding, Finding>();
  for (const f of pending) {
    onInfo?.(`verifying the fix of ${f.rule} (line ${f.line ?? "?"}) in a temporary copy`);
    done.set(f, await verifyOne(opts, report, run, text, f));
  }
  return { ...report, findings: report.findings.map((f) => done.get(f) ?? f) };
}

async function verifyOne(
  opts: BenchmarkOptions,
  report: Report,
  run: BenchmarkRunner,
  text: string,
  f: Finding,
): Promise<Finding> {
  const before = verifiedRun(report);
  const edit = f.edit as NonNullable<Finding["edit"]>;
  let edited: ReturnType<typeof applyEdit>;
  try {
    edited = applyEdit(text, edit);
  } catch (e) {
    if (!(e instanceof EditError)) throw e;
    return withdraw(f, { status: "failed", before, after: null, error: e.message });
  }
  const outcome = await benchmarkVariant(opts, report, { dockerfile: edited.text }, run);
  if (!outcome.ok) return withdraw(f, { status: "failed", before, after: null, error: outcome.error });
  const moved = edited.inserted.slice(0, edit.before.length);
  const v: Verification = {
    status: "passed",
    before,
    after: verifiedRun(outcome.report),
    error: null,
    steps: movedSteps(outcome.report, moved),
  };
  return { ...f, message: `${f.message} ${verifiedText(v, report.touched)}`, verification: v };
}

/** The moved RUN steps (else every moved step) as the variant's warm build ran them. */
function movedSteps(r: Report, lines: number[]): VerifiedStep[] {
  const steps = lines.flatMap((line) => {
    const s = r.warm.steps.find((w) => w.line === line && w.instruction);
    return s ? [{ instruction: s.instruction as string, line, cached: s.status === "cached" }] : [];
  });
  const runs = steps.filter((s) => /^RUN\b/.test(s.instruction));
  return runs.length ? runs : steps;
}

/** "Verified in a temporary copy with this fix: `RUN pip install …` stays cached after a code change; warm build 3.6s → 0.2s, …". */
export function verifiedText(v: Verification, touched: readonly string[]): string {
  const steps = v.steps ?? [];
  const rebuilt = steps.filter((s) => !s.cached);
  const numbers = measuredNumbers(v, "warm");
  const change = touched.length ? `the change to ${touched.join(", ")}` : "a code change";
  if (!steps.length) return `Built in a temporary copy with this fix: ${numbers}.`;
  if (rebuilt.length)
    return `Built in a temporary copy with this fix, but ${names(rebuilt)} still rebuilt after ${change}: ${numbers}.`;
  const verb = steps.length === 1 ? "stays" : "stay";
  return `Verified in a temporary copy with this fix: ${names(steps)} ${verb} cached after ${change}; ${numbers}.`;
}

function names(steps: VerifiedStep[]): string {
  const quoted = steps
    .slice(0, 3)
    .map((s) => `\`${truncate(s.instruction.replace(/\s+/g, " ").trim(), 60)}\``);
  const more = steps.length > 3 ? ` and ${steps.length - 3} more` : "";
  return `${quoted.join(", ")}${more}`;
}

/** A fix that did not build: its text says so and why, and its edit is gone so nothing applies it. */
function withdraw(f: Finding, v: Verification): Finding {
  const { edit: _dropped, ...rest } = f;
  return {
    ...rest,
    fix: withdrawnFix(v, "Reorder by hand, keeping each step after the files and tools it uses."),
    verification: v,
  };
}
