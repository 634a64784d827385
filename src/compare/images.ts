// Pure: every image of a set against its own baseline, with its own gates. Images are matched to
// their baselines by id (a bake target's name, a matrix job's benchmark id), never by position.
import type { BaselineInfo } from "../report/comment.js";
import type { ImageOutcome } from "../report/multi-comment.js";
import type { ImageEntry, ReportSet } from "../report/report-set.js";
import type { Report } from "../report/schema.js";
import { imageSize } from "../report/size.js";
import { compareReports, type NoiseFloor } from "./compare.js";
import { evaluateGates, type GateConfig, type GateResult } from "./gates.js";

export interface ImageBaseline {
  report: Report | null;
  info: BaselineInfo | null;
  /** Why there is none, when there is none. */
  note: string | null;
}

export const NO_BASELINE: ImageBaseline = { report: null, info: null, note: null };

/** Each image compared with its baseline (looked up by the image's id) and judged by the gates. */
export function compareImages(
  images: ImageEntry[],
  baselineOf: (id: string) => ImageBaseline,
  noise: NoiseFloor,
  gates: GateConfig,
): ImageOutcome[] {
  const kind = gates.sizeKind ?? "uncompressed";
  return images.map((e) => {
    if (!e.report) {
      return {
        id: e.id,
        head: null,
        failed: e.failed,
        base: null,
        comparison: null,
        gates: [],
        baseline: null,
        baselineNote: null,
      };
    }
    const b = baselineOf(e.id);
    const comparison = b.report ? compareReports(b.report, e.report, noise, kind) : null;
    return {
      id: e.id,
      head: e.report,
      failed: null,
      base: b.report,
      comparison,
      gates: evaluateGates(e.report, comparison, b.report ? imageSize(b.report, kind) : null, gates),
      baseline: b.report ? b.info : null,
      baselineNote: b.note,
    };
  });
}

/**
 * Each image finds its own entry of a baseline set by id. One image against a set of one is the
 * single-image comparison, whatever their ids (a CLI report's id is its context path, which the
 * base's checkout may spell differently).
 */
export function baselinesFromSet(
  set: ReportSet,
  info: BaselineInfo | null,
  headImages: number,
): (id: string) => ImageBaseline {
  const byId = new Map(set.images.map((e) => [e.id, e]));
  const only = set.images.length === 1 && headImages === 1 ? set.images[0] : undefined;
  return (id) => {
    const e = byId.get(id) ?? only;
    if (!e?.report) return { ...NO_BASELINE, note: `The baseline file has no report for ${id}.` };
    return {
      report: e.report,
      info: info ?? {
        source: "file",
        commit: e.report.source?.commit ?? null,
        exact: true,
        branch: e.report.source?.branch ?? null,
      },
      note: null,
    };
  };
}

/** Every gate of every image, as `image:gate` for outputs and messages. */
export function failedImageGates(outcomes: ImageOutcome[]): { id: string; gate: GateResult }[] {
  return outcomes.flatMap((o) =>
    o.gates.filter((g) => g.passed === false).map((gate) => ({ id: o.id, gate })),
  );
}

/** "2 gates failed:" with one `image: gate: message` line each, and failed builds; null when all passed. */
export function failedImagesMessage(outcomes: ImageOutcome[]): string | null {
  const gates = failedImageGates(outcomes);
  const builds = outcomes.filter((o) => !o.head);
  const lines = [
    ...builds.map((o) => `- ${o.id}: ${o.failed?.error.message ?? "build failed"}`),
    ...gates.map(({ id, gate }) => `- ${id}: ${gate.id}: ${gate.message}`),
  ];
  if (!lines.length) return null;
  const what = [
    builds.length ? `${builds.length} build${builds.length === 1 ? "" : "s"} failed` : "",
    gates.length ? `${gates.length} gate${gates.length === 1 ? "" : "s"} failed` : "",
  ].filter(Boolean);
  return `${what.join(", ")}:\n${lines.join("\n")}`;
}
