// Pure: the JSON report from what one benchmark measured. Every text that came back from
// BuildKit or docker history goes through the redactor (build-arg values).
import { relative } from "node:path";
import { summarize } from "../analysis/summary.js";
import type { BuildResult, StepTiming } from "../docker/build.js";
import type { DockerEnv } from "../docker/detect.js";
import type { ImageFacts } from "../docker/inspect.js";
import { lineForStep, type DockerfileModel } from "../dockerfile/index.js";
import type { TraceStep } from "../progress/model.js";
import type { TouchPlan } from "../touch/index.js";
import { TOOL_VERSION } from "../version.js";
import { redactNullable, type Redactor } from "./redact.js";
import type { ContextMeasure } from "../context/measure.js";
import {
  REPORT_SCHEMA_URL,
  SCHEMA_VERSION,
  type BuildError,
  type BuildRun,
  type ContextFacts,
  type FailedReport,
  type Report,
  type ReportStep,
} from "./schema.js";

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function toReportSteps(
  steps: TraceStep[],
  model: DockerfileModel,
  target: string | null,
  redact: Redactor,
  timings: Map<string, StepTiming> = new Map(),
): ReportStep[] {
  const r3 = (n: number | null | undefined) => (n === null || n === undefined ? null : round3(n));
  return steps.map((s) => ({
    name: redactNullable(redact, s.name),
    instruction: redactNullable(redact, s.instruction),
    stage: s.stage,
    platform: s.platform,
    status: s.status,
    seconds: s.seconds,
    line: s.instruction ? lineForStep(model, s, target ?? undefined) : null,
    error: redactNullable(redact, s.error),
    startOffset: r3(timings.get(s.key)?.start),
    endOffset: r3(timings.get(s.key)?.end),
    ...(timings.get(s.key)?.shared && { shared: true }),
  }));
}

/** The part of the benchmark's options a report records (declared here so the engine imports
 *  its report, never the other way round). */
export interface ReportedOptions {
  contextDir: string;
  target: string | null;
  platform: string | null;
  buildArgs: Record<string, string>;
}

export interface AssembleInput {
  opts: ReportedOptions;
  env: DockerEnv;
  model: DockerfileModel;
  contextDir: string;
  dockerfilePath: string;
  plans: TouchPlan[];
  cold: BuildResult;
  warm: BuildResult;
  image: ImageFacts;
  redact: Redactor;
}

type Header = Pick<Report, "$schema" | "schemaVersion" | "tool" | "createdAt" | "build" | "docker">;

/** What every report starts with, a failed build's included. */
function header(a: Omit<AssembleInput, "plans" | "cold" | "warm" | "image">): Header {
  return {
    $schema: REPORT_SCHEMA_URL,
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "docker-cache-bench", version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    build: {
      context: a.opts.contextDir,
      dockerfile: relative(a.contextDir, a.dockerfilePath).split("\\").join("/") || "Dockerfile",
      target: a.opts.target,
      platform: a.opts.platform,
      buildArgs: Object.keys(a.opts.buildArgs),
    },
    docker: {
      mode: a.env.mode,
      clientVersion: a.env.clientVersion,
      serverVersion: a.env.serverVersion,
      buildxVersion: a.env.buildxVersion,
      driver: a.env.driver,
    },
  };
}

function buildRun(a: Pick<AssembleInput, "model" | "opts" | "redact">, r: BuildResult): BuildRun {
  return {
    wallSeconds: round3(r.wallSeconds),
    format: r.trace.format,
    imageId: r.imageId,
    steps: toReportSteps(r.trace.steps, a.model, a.opts.target, a.redact, r.timings),
  };
}

/** The partial report of a failed build: the builds that ran and the error. */
export function assembleFailedReport(
  a: Omit<AssembleInput, "plans" | "cold" | "warm" | "image">,
  cold: BuildResult,
  warm: BuildResult | null,
  error: BuildError,
): FailedReport {
  return {
    ...header(a),
    cold: buildRun(a, cold),
    warm: warm ? buildRun(a, warm) : null,
    error,
  };
}

export function assembleReport(a: AssembleInput): Report {
  const cold = buildRun(a, a.cold);
  const warm = buildRun(a, a.warm);
  const summary = summarize(cold, warm);
  return {
    ...header(a),
    cold,
    warm,
    touched: a.plans.map((p) => p.path),
    touch: {
      effective: summary.rebuiltSteps > 0,
      files: a.plans.map((p) => ({ path: p.path, reason: p.reason, line: p.line })),
    },
    image: {
      id: a.image.id,
      sizeBytes: a.image.sizeBytes,
      sizeKind: a.image.sizeKind,
      sizes: a.image.sizes,
      storageDriver: a.image.storageDriver,
      layers: a.image.layers.map((l) => ({
        ...l,
        createdBy: a.redact(l.createdBy),
        instruction: a.redact(l.instruction),
      })),
    },
    summary,
    findings: [],
  };
}

/** Seconds of a build's `[internal] load build context` (null when BuildKit did not show it). */
export function contextLoadSeconds(run: BuildRun): number | null {
  return run.steps.find((s) => s.name?.startsWith("[internal] load build context"))?.seconds ?? null;
}

/** The report's `context`: what the walk counted, what BuildKit reported, what it cost. */
export function assembleContext(
  facts: { dockerignore: boolean; gitSent: boolean },
  measured: ContextMeasure,
  report: Pick<Report, "cold" | "warm">,
  transferBytes: number | null,
): ContextFacts {
  return {
    transferBytes,
    ...facts,
    files: measured.files,
    bytes: measured.bytes,
    truncated: measured.truncated,
    coldSeconds: contextLoadSeconds(report.cold),
    warmSeconds: contextLoadSeconds(report.warm),
    topDirs: measured.topDirs,
    disposable: measured.disposable,
  };
}
