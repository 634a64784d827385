// --verify-fixes: every fix that can be proven by building is applied to a temporary copy of
// the project and benchmarked the same way (src/verify/variant.ts): the .dockerignore of the
// context findings (dockerignore.ts) and the Dockerfile edits of the reorder rules
// (dockerfile.ts). Each records a Verification on its finding; past MAX_VERIFIED_FIXES a fix is
// marked `notVerified` instead, and its message says so.
import type { BenchmarkOptions } from "../benchmark.js";
import type { Finding, Report } from "../report/schema.js";
import { verifyDockerfileFixes } from "./dockerfile.js";
import { planIgnoreFix, verifyDockerignoreFix } from "./dockerignore.js";
import type { BenchmarkRunner } from "./variant.js";

export {
  benchmarkVariant,
  verifiedRun,
  type BenchmarkRunner,
  type Variant,
  type VariantOutcome,
} from "./variant.js";

/**
 * Fixes built per run. Each is a whole benchmark more (a cold and a warm build), so N fixes make
 * a run up to N + 1 times as long. 4 is the most any project of the test corpus offers (vue-yarn:
 * three installs after its `COPY . .`, plus the .dockerignore a project without one is offered):
 * every fix of a realistic project is built, and a Dockerfile of many stages cannot multiply a
 * CI job by ten.
 */
export const MAX_VERIFIED_FIXES = 4;

/**
 * The report with each verifiable finding's fix built and measured; `run` is runBenchmark. The
 * first `limit` fixes in the report's order (warnings first, the costliest first) are built; the
 * rest are marked `notVerified`.
 */
export async function verifyFixes(
  opts: BenchmarkOptions,
  report: Report,
  run: BenchmarkRunner,
  onInfo?: (message: string) => void,
  limit = MAX_VERIFIED_FIXES,
): Promise<Report> {
  const ignoreFix = (await planIgnoreFix(opts, report))?.finding;
  const verifiable = report.findings.filter((f) => f === ignoreFix || (f.edit && !f.verification));
  const over = new Set(verifiable.slice(limit));
  for (const f of over)
    onInfo?.(
      `not verifying the fix of ${f.rule}${f.line ? ` (line ${f.line})` : ""}: ${limit} fixes built already`,
    );
  const capped = {
    ...report,
    findings: report.findings.map((f) => (over.has(f) ? notVerified(f, limit) : f)),
  };
  const ignored = await verifyDockerignoreFix(opts, capped, run, onInfo);
  return verifyDockerfileFixes(opts, ignored, run, onInfo);
}

function notVerified(f: Finding, limit: number): Finding {
  return {
    ...f,
    message: `${f.message} Not built with --verify-fixes: a run builds at most ${limit} fixes (each is one more cold and warm build) and ${limit} others came first.`,
    notVerified: { reason: "cap", limit },
  };
}
