// --verify-fixes: every fix that can be proven by building is applied to a temporary copy of
// the project and benchmarked the same way (src/verify/variant.ts). Today: the .dockerignore
// of the context findings. A Dockerfile fix goes through the same benchmarkVariant
// (`files` or `dockerfile`) and records a Verification on its finding.
import type { BenchmarkOptions } from "../benchmark.js";
import type { Report } from "../report/schema.js";
import { verifyDockerignoreFix } from "./dockerignore.js";
import type { BenchmarkRunner } from "./variant.js";

export {
  benchmarkVariant,
  verifiedRun,
  type BenchmarkRunner,
  type Variant,
  type VariantOutcome,
} from "./variant.js";

/** The report with each verifiable finding's fix built and measured; `run` is runBenchmark. */
export async function verifyFixes(
  opts: BenchmarkOptions,
  report: Report,
  run: BenchmarkRunner,
): Promise<Report> {
  return verifyDockerignoreFix(opts, report, run);
}
