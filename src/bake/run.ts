// Benchmarks every image of a bake plan the way one image is (cold, touch, warm), one after the
// other. Sequential on purpose: builds running side by side on one daemon share its CPU and disk,
// so every cold and warm time would measure the neighbours too; targets that copy the same file
// would also wait on each other's touch lock; and BuildKit merges identical steps of concurrent
// builds, which would hide one target's cold work inside another's. A failed build is kept as
// that image's failed report and the next target still runs.
import { runBenchmark, type BenchmarkHooks, type BenchmarkOptions } from "../benchmark.js";
import { BuildFailedError } from "../errors.js";
import { entryOf, makeReportSet, type ImageEntry, type ReportSet } from "../report/report-set.js";
import { TOOL_VERSION } from "../version.js";
import type { BakeImage, BakePlan } from "./parse.js";

/** The options one bake image is benchmarked with: the target's own, then the user's on top. */
export function imageOptions(base: BenchmarkOptions, image: BakeImage): BenchmarkOptions {
  const bo = base.buildOptions;
  return {
    ...base,
    contextDir: image.context,
    dockerfile: image.dockerfile,
    target: image.stage,
    platform: base.platform ?? image.platform,
    // As `docker buildx bake --set *.args.KEY=…`: what the user passes wins over the file.
    buildArgs: { ...image.args, ...base.buildArgs },
    // The touch is chosen per image from its own Dockerfile; a fixed list cannot fit every context.
    touch: [],
    buildOptions: {
      ...bo,
      buildContexts: { ...image.contexts, ...bo.buildContexts },
      network: bo.network ?? image.network,
      shmSize: bo.shmSize ?? image.shmSize,
      ulimits: [...image.ulimits, ...bo.ulimits],
      // As bake's own `--allow`: the user's entitlements add to the target's.
      allow: [...new Set([...image.entitlements, ...bo.allow])],
    },
  };
}

export interface BakeRunHooks {
  /** Called before each image, for a log line or a progress group. */
  onImage?: (image: BakeImage, index: number, count: number) => BenchmarkHooks;
  onImageDone?: (image: BakeImage, entry: ImageEntry) => void;
}

export async function runBake(
  plan: BakePlan,
  base: BenchmarkOptions,
  source: { files: string[]; targets: string[] },
  hooks: BakeRunHooks = {},
): Promise<ReportSet> {
  const images: ImageEntry[] = [];
  for (const [i, image] of plan.images.entries()) {
    const h = hooks.onImage?.(image, i, plan.images.length) ?? {};
    let entry: ImageEntry;
    try {
      const report = await runBenchmark(imageOptions(base, image), h);
      report.benchmarkId = image.id;
      entry = entryOf(report, image.id);
    } catch (e) {
      if (!(e instanceof BuildFailedError)) throw e;
      e.partial.benchmarkId = image.id;
      entry = entryOf(e.partial, image.id);
    }
    images.push(entry);
    hooks.onImageDone?.(image, entry);
  }
  return makeReportSet(images, { version: TOOL_VERSION, bake: source });
}
