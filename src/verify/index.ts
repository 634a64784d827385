// --verify-fixes: every fix that can be proven by building is applied to a temporary copy of
// the project and benchmarked the same way (src/verify/variant.ts): the .dockerignore of the
// context findings (dockerignore.ts) and the Dockerfile edits of the reorder rules
// (dockerfile.ts). Each records a Verification on its finding.
import type { BenchmarkOptions } from "../benchmark.js";
import type { Report } from "../report/schema.js";
import { verifyDockerfileFixes } from "./dockerfile.js";
import { verifyDockerignoreFix } from "./dockerignore.js";
import type { BenchmarkRunner } from "./variant.js";

export {
  benchmarkVariant,
  verifiedRun,
  type BenchmarkRunner,
  type Variant,
  type VariantOutcome,
} from "./variant.js";

/**
 * The report with each verifiable finding's fix built and measured; `run` is runBenchmark.
 * Every fix is one more cold and warm build of the project.
 */
export async function verifyFixes(
  opts: BenchmarkOptions,
  report: Report,
  run: BenchmarkRunner,
  onInfo?: (message: string) => void,
): Promise<Report> {
  const ignored = await verifyDockerignoreFix(opts, report, run, onInfo);
  return verifyDockerfileFixes(opts, ignored, run, onInfo);
}
