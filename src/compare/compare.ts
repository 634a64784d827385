// Pure: a base report against a head report. Steps are matched by what they are (stage +
// instruction, digests stripped), never by step number, which shifts when a line is added.
import { isCacheableStep, isRebuilt, round } from "../analysis/summary.js";
import type { Report, ReportStep } from "../report/schema.js";
import { imageSize, sizeRounding, type SizeKind } from "../report/size.js";

export interface NoiseFloor {
  /** A timing change smaller than this share of the base is noise (0.1 = 10 %). */
  ratio: number;
  /** …or smaller than this many seconds. Both must be exceeded to count. */
  seconds: number;
}

export const DEFAULT_NOISE: NoiseFloor = { ratio: 0.1, seconds: 2 };

export type MetricKey = "coldSeconds" | "warmSeconds" | "rebuiltSteps" | "cacheHitRatio" | "imageSizeBytes";

export interface MetricDelta {
  key: MetricKey;
  base: number | null;
  head: number | null;
  delta: number | null;
  /** Relative change; null when the base is 0 or missing. */
  ratio: number | null;
  /** Beyond the noise floor (timings), or any change (deterministic metrics). */
  significant: boolean;
}

export interface StepChange {
  identity: string;
  instruction: string;
  stage: string | null;
  line: number | null;
  base: ReportStep | null;
  head: ReportStep | null;
}

export interface LayerChange {
  instruction: string;
  base: number | null;
  head: number | null;
  delta: number;
}

export interface StepTimeChange {
  identity: string;
  instruction: string;
  line: number | null;
  base: number;
  head: number;
  delta: number;
}

/** Layers whose size changed by less than this are left out of `layerChanges`. */
export const MIN_LAYER_CHANGE_BYTES = 1_000_000;

export interface Comparison {
  /** The kind of image size both sides were compared in. */
  sizeKind: SizeKind;
  metrics: MetricDelta[];
  /** Image layers that grew, shrank, appeared or went away, by instruction, largest change first. */
  layerChanges: LayerChange[];
  /** Warm-build step times that moved beyond the noise floor (both builds rebuilt the step). */
  stepTimeChanges: StepTimeChange[];
  /** Steps that stayed cached after the touch on the base but rebuild on the head. */
  cacheRegressions: StepChange[];
  /** Steps that rebuilt on the base but stay cached on the head. */
  cacheImprovements: StepChange[];
  addedSteps: StepChange[];
  removedSteps: StepChange[];
  comparable: Comparability;
}

export function stepIdentity(step: Pick<ReportStep, "stage" | "instruction">): string {
  const instruction = (step.instruction ?? "")
    .replace(/@sha256:[0-9a-f]{64}/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return `${step.stage ?? ""}|${instruction}`;
}

/** Identity plus an occurrence counter, so two identical instructions in one stage stay distinct. */
export function indexSteps(steps: ReportStep[], identity = stepIdentity): Map<string, ReportStep> {
  const out = new Map<string, ReportStep>();
  const seen = new Map<string, number>();
  for (const s of steps.filter(isCacheableStep)) {
    const id = identity(s);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    out.set(n === 1 ? id : `${id}#${n}`, s);
  }
  return out;
}

interface Pairing {
  pairs: { id: string; base: ReportStep; head: ReportStep }[];
  added: { id: string; head: ReportStep }[];
  removed: { id: string; base: ReportStep }[];
}

/**
 * Base and head steps, paired by stage + instruction, then — for what is left — by instruction
 * alone: BuildKit's stage label changes with the file's layout (none for a single stage,
 * `stage-1` once a stage is added above, the name once it gets `AS`), and a PR that adds a
 * builder stage must not hide a regression in the stage that was already there.
 */
export function pairSteps(base: ReportStep[], head: ReportStep[]): Pairing {
  const b = indexSteps(base);
  const h = indexSteps(head);
  const pairs: Pairing["pairs"] = [];
  for (const [id, hs] of h) {
    const bs = b.get(id);
    if (!bs) continue;
    pairs.push({ id, base: bs, head: hs });
    b.delete(id);
    h.delete(id);
  }
  const byInstruction = (steps: Map<string, ReportStep>) =>
    indexSteps([...steps.values()], (s) => stepIdentity({ ...s, stage: null }));
  const bRest = byInstruction(b);
  const hRest = byInstruction(h);
  const added: Pairing["added"] = [];
  for (const [id, hs] of hRest) {
    const bs = bRest.get(id);
    if (bs) {
      pairs.push({ id, base: bs, head: hs });
      bRest.delete(id);
    } else added.push({ id, head: hs });
  }
  return { pairs, added, removed: [...bRest].map(([id, bs]) => ({ id, base: bs })) };
}

/** Why some numbers of the two reports cannot be compared, for the verdict and the gates. */
export interface Comparability {
  /** Both touches reached the build and changed the same files: cache statuses compare. */
  cache: boolean;
  /** Both reports measured the image size of the compared kind, with the same rounding: a change means growth. */
  size: boolean;
  notes: string[];
}

export function comparability(
  base: Report,
  head: Report,
  sizeKind: SizeKind = "uncompressed",
): Comparability {
  const notes: string[] = [];
  let cache = true;
  if (!base.touch.effective || !head.touch.effective) {
    cache = false;
    notes.push(
      `the ${!base.touch.effective ? "base" : "head"} build's touch did not reach the build, so cache statuses do not compare`,
    );
  } else if ([...base.touched].sort().join("\n") !== [...head.touched].sort().join("\n")) {
    cache = false;
    notes.push(
      `base and head touched different files (${base.touched.join(", ")} vs ${head.touched.join(", ")}), so their rebuilds do not compare; set \`touch:\` to fix the file`,
    );
  }
  const measured = imageSize(base, sizeKind) !== null && imageSize(head, sizeKind) !== null;
  // The same image measures a few percent larger on the containerd store (every file and directory
  // rounded up to 4 KiB blocks), and by how much depends on its file count: across stores the sizes
  // are shown side by side, but their difference is no evidence of growth.
  const sameRounding = sizeKind === "compressed" || sizeRounding(base) === sizeRounding(head);
  const size = measured && sameRounding;
  if (!measured) {
    const which = imageSize(base, sizeKind) === null ? "base" : "head";
    notes.push(`the ${which} report has no ${sizeKind} image size (its image store does not keep one)`);
  } else if (!sameRounding) {
    notes.push(
      "the image sizes come from different image stores (the containerd store rounds every file and directory up to 4 KiB blocks), so their difference is not judged",
    );
  }
  if (base.docker.driver !== head.docker.driver)
    notes.push(
      `base and head were built with different buildx drivers (${base.docker.driver} vs ${head.docker.driver}); timings may not compare`,
    );
  return { cache, size, notes };
}

/** An image-size change this small is reported but is no news (unpinned packages, timestamps). */
export const SIZE_NOISE = { bytes: 1_000_000, ratio: 0.01 };

export function compareReports(
  base: Report,
  head: Report,
  noise: NoiseFloor = DEFAULT_NOISE,
  sizeKind: SizeKind = "uncompressed",
): Comparison {
  const { pairs, added, removed } = pairSteps(base.warm.steps, head.warm.steps);
  const change = (id: string, bs: ReportStep | null, hs: ReportStep | null): StepChange => {
    const s = (hs ?? bs) as ReportStep;
    return {
      identity: id,
      instruction: s.instruction ?? "",
      stage: s.stage,
      line: s.line,
      base: bs,
      head: hs,
    };
  };
  const cacheRegressions: StepChange[] = [];
  const cacheImprovements: StepChange[] = [];
  for (const { id, base: bs, head: hs } of pairs) {
    if (bs.status === "cached" && isRebuilt(hs)) cacheRegressions.push(change(id, bs, hs));
    else if (isRebuilt(bs) && hs.status === "cached") cacheImprovements.push(change(id, bs, hs));
  }
  const comparable = comparability(base, head, sizeKind);
  const timing = (key: MetricKey, bv: number, hv: number) =>
    metric(key, bv, hv, (d, r) => Math.abs(d) > noise.seconds && (r === null || Math.abs(r) > noise.ratio));
  const exact = (key: MetricKey, bv: number | null, hv: number | null) => metric(key, bv, hv, (d) => d !== 0);
  const size = metric(
    "imageSizeBytes",
    imageSize(base, sizeKind),
    imageSize(head, sizeKind),
    (d, r) =>
      comparable.size && (Math.abs(d) >= SIZE_NOISE.bytes || (r !== null && Math.abs(r) >= SIZE_NOISE.ratio)),
  );
  // Layer sizes are uncompressed in both stores; from different stores they differ by rounding alone.
  const layers = sizeRounding(base) === sizeRounding(head);
  return {
    sizeKind,
    metrics: [
      timing("coldSeconds", base.summary.coldSeconds, head.summary.coldSeconds),
      timing("warmSeconds", base.summary.warmSeconds, head.summary.warmSeconds),
      exact("rebuiltSteps", base.summary.rebuiltSteps, head.summary.rebuiltSteps),
      exact("cacheHitRatio", base.summary.cacheHitRatio, head.summary.cacheHitRatio),
      size,
    ],
    layerChanges: layers ? layerChanges(base, head) : [],
    stepTimeChanges: stepTimeChanges(pairs, noise),
    cacheRegressions,
    cacheImprovements,
    addedSteps: added.map(({ id, head: hs }) => change(id, null, hs)),
    removedSteps: removed.map(({ id, base: bs }) => change(id, bs, null)),
    comparable,
  };
}

function layerChanges(base: Report, head: Report): LayerChange[] {
  const sizes = (r: Report) => {
    const m = new Map<string, number>();
    for (const l of r.image.layers) m.set(l.instruction, (m.get(l.instruction) ?? 0) + l.sizeBytes);
    return m;
  };
  const b = sizes(base);
  const h = sizes(head);
  const out: LayerChange[] = [];
  for (const instruction of new Set([...b.keys(), ...h.keys()])) {
    const bv = b.get(instruction) ?? null;
    const hv = h.get(instruction) ?? null;
    const delta = (hv ?? 0) - (bv ?? 0);
    if (Math.abs(delta) >= MIN_LAYER_CHANGE_BYTES) out.push({ instruction, base: bv, head: hv, delta });
  }
  return out.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
}

function stepTimeChanges(pairs: Pairing["pairs"], noise: NoiseFloor): StepTimeChange[] {
  const out: StepTimeChange[] = [];
  for (const { id, base: bs, head: hs } of pairs) {
    if (bs.seconds === null || hs.seconds === null || !isRebuilt(bs) || !isRebuilt(hs)) continue;
    const delta = round(hs.seconds - bs.seconds, 3);
    const ratio = bs.seconds === 0 ? null : delta / bs.seconds;
    if (Math.abs(delta) > noise.seconds && (ratio === null || Math.abs(ratio) > noise.ratio)) {
      out.push({
        identity: id,
        instruction: hs.instruction ?? "",
        line: hs.line,
        base: bs.seconds,
        head: hs.seconds,
        delta,
      });
    }
  }
  return out.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
}

function metric(
  key: MetricKey,
  base: number | null,
  head: number | null,
  isSignificant: (delta: number, ratio: number | null) => boolean,
): MetricDelta {
  if (base === null || head === null)
    return { key, base, head, delta: null, ratio: null, significant: false };
  const delta = round(head - base, 4);
  const ratio = base === 0 ? null : round(delta / base, 4);
  return { key, base, head, delta, ratio, significant: isSignificant(delta, ratio) };
}
