// Pure: a base report against a head report. Steps are matched by what they are (stage +
// instruction, digests stripped), never by step number, which shifts when a line is added.
import { isCacheableStep, isRebuilt, round } from "../analysis/summary.js";
import type { Report, ReportStep } from "../report/schema.js";

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
}

export function stepIdentity(step: Pick<ReportStep, "stage" | "instruction">): string {
  const instruction = (step.instruction ?? "")
    .replace(/@sha256:[0-9a-f]{64}/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return `${step.stage ?? ""}|${instruction}`;
}

/** Identity plus an occurrence counter, so two identical instructions in one stage stay distinct. */
function indexSteps(steps: ReportStep[]): Map<string, ReportStep> {
  const out = new Map<string, ReportStep>();
  const seen = new Map<string, number>();
  for (const s of steps.filter(isCacheableStep)) {
    const id = stepIdentity(s);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    out.set(n === 1 ? id : `${id}#${n}`, s);
  }
  return out;
}

export function compareReports(base: Report, head: Report, noise: NoiseFloor = DEFAULT_NOISE): Comparison {
  const b = indexSteps(base.warm.steps);
  const h = indexSteps(head.warm.steps);
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
  const addedSteps: StepChange[] = [];
  for (const [id, hs] of h) {
    const bs = b.get(id) ?? null;
    if (!bs) addedSteps.push(change(id, null, hs));
    else if (bs.status === "cached" && isRebuilt(hs)) cacheRegressions.push(change(id, bs, hs));
    else if (isRebuilt(bs) && hs.status === "cached") cacheImprovements.push(change(id, bs, hs));
  }
  const removedSteps = [...b].filter(([id]) => !h.has(id)).map(([id, bs]) => change(id, bs, null));
  const timing = (key: MetricKey, bv: number, hv: number) =>
    metric(key, bv, hv, (d, r) => Math.abs(d) > noise.seconds && (r === null || Math.abs(r) > noise.ratio));
  const exact = (key: MetricKey, bv: number | null, hv: number | null) => metric(key, bv, hv, (d) => d !== 0);
  return {
    metrics: [
      timing("coldSeconds", base.summary.coldSeconds, head.summary.coldSeconds),
      timing("warmSeconds", base.summary.warmSeconds, head.summary.warmSeconds),
      exact("rebuiltSteps", base.summary.rebuiltSteps, head.summary.rebuiltSteps),
      exact("cacheHitRatio", base.summary.cacheHitRatio, head.summary.cacheHitRatio),
      exact("imageSizeBytes", base.image.sizeBytes, head.image.sizeBytes),
    ],
    layerChanges: layerChanges(base, head),
    stepTimeChanges: stepTimeChanges(b, h, noise),
    cacheRegressions,
    cacheImprovements,
    addedSteps,
    removedSteps,
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

function stepTimeChanges(
  b: Map<string, ReportStep>,
  h: Map<string, ReportStep>,
  noise: NoiseFloor,
): StepTimeChange[] {
  const out: StepTimeChange[] = [];
  for (const [id, hs] of h) {
    const bs = b.get(id);
    if (!bs || bs.seconds === null || hs.seconds === null || !isRebuilt(bs) || !isRebuilt(hs)) continue;
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
