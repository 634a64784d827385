// The pipeline behind `run` and the Action: detect Docker → choose the touch → cold build →
// touch → warm build → restore → image facts → report. I/O comes in through options and hooks;
// every number it returns comes from the real engine.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { diagnose } from "./analysis/diagnose/index.js";
import { summarize } from "./analysis/summary.js";
import { runBuild, type BuildResult, type StepTiming } from "./docker/build.js";
import { detectDocker, type BuildMode, type DockerEnv } from "./docker/detect.js";
import { inspectImage, removeImage, type ImageFacts } from "./docker/inspect.js";
import { parseDockerfile, lineForStep, type DockerfileModel } from "./dockerfile/index.js";
import { BuildFailedError, UsageError } from "./errors.js";
import type { BuildTrace, ProgressFormat, TraceStep } from "./progress/model.js";
import { createRedactor, redactNullable, type Redactor } from "./report/redact.js";
import { SCHEMA_VERSION, type BuildRun, type Report, type ReportStep } from "./report/schema.js";
import {
  applyTouch,
  chooseTouchTargets,
  inspectContext,
  recoverJournal,
  type TouchPlan,
} from "./touch/index.js";
import { TOOL_VERSION } from "./version.js";

export interface BenchmarkOptions {
  contextDir: string;
  /** Path to the Dockerfile as the user gave it (relative to cwd); default `<context>/Dockerfile`. */
  dockerfile: string | null;
  target: string | null;
  platform: string | null;
  buildArgs: Record<string, string>;
  docker: string;
  builder: string | null;
  mode: BuildMode | null;
  progress: "auto" | ProgressFormat;
  touch: string[];
  keepImage: boolean;
  stateDir: string;
  /** Warm builds to run (each after its own touch); the report keeps the median. */
  repeat: number;
}

export type Phase = "detect" | "cold" | "touch" | "warm" | "inspect" | "cleanup";

export interface BenchmarkHooks {
  onPhase?: (phase: Phase, detail: string) => void;
  /** Every stderr line of a build, for live progress. */
  onBuildLine?: (phase: "cold" | "warm", line: string) => void;
  onBuildStart?: (phase: "cold" | "warm", snapshot: () => BuildTrace) => void;
  onInfo?: (message: string) => void;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
}

export async function runBenchmark(opts: BenchmarkOptions, hooks: BenchmarkHooks = {}): Promise<Report> {
  const contextDir = resolve(opts.contextDir);
  const dockerfilePath = resolve(opts.dockerfile ?? resolve(contextDir, "Dockerfile"));
  const dockerfileText = await readFile(dockerfilePath, "utf8").catch(() => {
    throw new UsageError(`Dockerfile not found: ${dockerfilePath} (pass --file PATH)`);
  });
  const model = parseDockerfile(dockerfileText, { buildArgs: opts.buildArgs });
  const redact = createRedactor(opts.buildArgs);

  hooks.onPhase?.("detect", `checking ${opts.docker}`);
  const env = await detectDocker({
    docker: opts.docker,
    builder: opts.builder ?? undefined,
    mode: opts.mode ?? undefined,
  });
  const progress: ProgressFormat =
    opts.progress === "auto" ? (env.rawjson ? "rawjson" : "plain") : opts.progress;
  if (progress === "rawjson" && !env.rawjson) {
    throw new UsageError(`--progress rawjson needs buildx ≥ 0.12 (found ${env.buildxVersion ?? env.mode})`);
  }
  hooks.onInfo?.(
    `${env.mode === "buildx" ? `buildx ${env.buildxVersion} (${env.driver} driver)` : `docker ${env.clientVersion} built-in BuildKit`}, engine ${env.serverVersion}, ${progress} progress`,
  );

  for (const r of await recoverJournal({ contextDir, stateDir: opts.stateDir })) {
    hooks.onWarning?.(
      r.restored
        ? `restored ${r.path}, left touched by an earlier run that was killed`
        : `could not restore ${r.path} from an earlier run's journal: ${r.reason ?? "it was edited since"}`,
    );
  }
  const contextFacts = await inspectContext(contextDir, dockerfilePath);
  const plans = await chooseTouchTargets({
    contextDir,
    dockerfilePath,
    target: opts.target ?? undefined,
    buildArgs: opts.buildArgs,
    explicit: opts.touch.length ? opts.touch : undefined,
  });

  const tag = `docker-cache-bench:${randomBytes(6).toString("hex")}`;
  const request = {
    contextDir,
    dockerfile: dockerfilePath,
    target: opts.target,
    platform: opts.platform,
    buildArgs: opts.buildArgs,
    progress,
  };
  const created: string[] = [];
  try {
    hooks.onPhase?.("cold", "cold build (--no-cache)");
    created.push(`${tag}-cold`);
    const cold = await runBuild(
      env,
      { ...request, noCache: true, tag: `${tag}-cold` },
      buildHooks("cold", hooks),
    );
    failOnBuildError("cold", cold, model, opts.target, redact);

    hooks.onPhase?.("inspect", "image size and layers");
    const image = await inspectImage(env, `${tag}-cold`);

    hooks.onPhase?.("touch", plans.map((p) => `${p.path}: ${p.reason}`).join("; "));
    for (const p of plans) if (p.warning) hooks.onWarning?.(p.warning);
    created.push(`${tag}-warm`);
    // Each repeat touches again with a fresh nonce, so every warm build pays for the same
    // invalidation; the report keeps the median run and the wall time of every run.
    const warms: BuildResult[] = [];
    for (let i = 1; i <= opts.repeat; i++) {
      const label = opts.repeat > 1 ? ` (${i} of ${opts.repeat})` : "";
      const session = await applyTouch(plans, { contextDir, stateDir: opts.stateDir });
      let warm: BuildResult;
      try {
        hooks.onPhase?.("warm", `warm build after the touch${label}`);
        warm = await runBuild(
          env,
          { ...request, noCache: false, tag: `${tag}-warm` },
          buildHooks("warm", hooks),
        );
      } finally {
        await session.restore();
      }
      failOnBuildError("warm", warm, model, opts.target, redact);
      warms.push(warm);
    }
    const warm = medianRun(warms);
    const report = assembleReport({
      opts,
      env,
      model,
      contextDir,
      dockerfilePath,
      plans,
      cold,
      warm,
      image,
      redact,
    });
    report.context = { transferBytes: cold.trace.contextBytes, ...contextFacts };
    report.findings = diagnose({ report, dockerfile: model, target: opts.target }).map((f) => ({
      ...f,
      message: redact(f.message),
      fix: redact(f.fix),
    }));
    if (warms.length > 1) report.warmRepeats = warms.map((w) => round3(w.wallSeconds));
    return report;
  } finally {
    if (!opts.keepImage) {
      hooks.onPhase?.("cleanup", `removing ${created.join(", ")}`);
      for (const ref of created) await removeImage(env, ref).catch(() => undefined);
    }
  }
}

/** The run with the median wall time (the lower middle for an even count). */
export function medianRun<T extends { wallSeconds: number }>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function buildHooks(phase: "cold" | "warm", hooks: BenchmarkHooks) {
  return {
    onLine: (line: string) => hooks.onBuildLine?.(phase, line),
    onStart: (snapshot: () => BuildTrace) => hooks.onBuildStart?.(phase, snapshot),
    onDebug: hooks.onDebug,
  };
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
  }));
}

function failOnBuildError(
  phase: "cold" | "warm",
  r: BuildResult,
  model: DockerfileModel,
  target: string | null,
  redact: Redactor,
): void {
  if (r.exitCode === 0) return;
  const failed = r.trace.steps.find((s) => s.status === "error");
  const line = failed?.instruction ? lineForStep(model, failed, target ?? undefined) : null;
  const error =
    failed?.error ?? r.trace.errors.at(-1) ?? r.stderrTail.at(-1) ?? `docker exited with ${r.exitCode}`;
  const code = /exit code: (\d+)/.exec(error)?.[1];
  const where = failed?.name ? ` at step "${failed.name}"${line ? ` (Dockerfile line ${line})` : ""}` : "";
  // The cold build passed, so the touch itself may be what the step rejects (a formatter or
  // linter check seeing trailing blank lines): say so instead of leaving the user to guess.
  const hint =
    phase === "warm"
      ? " (the cold build passed: if this step checks formatting, it may reject the blank lines the touch appended; pick another file with --touch / touch:)"
      : "";
  throw new BuildFailedError(
    redact(`${phase} build failed${where}${code ? ` with exit code ${code}` : ""}: ${error}${hint}`),
    phase,
    redactNullable(redact, failed?.name ?? null),
    code ? Number(code) : null,
  );
}

interface AssembleInput {
  opts: BenchmarkOptions;
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

function assembleReport(a: AssembleInput): Report {
  const run = (r: BuildResult): BuildRun => ({
    wallSeconds: round3(r.wallSeconds),
    format: r.trace.format,
    imageId: r.imageId,
    steps: toReportSteps(r.trace.steps, a.model, a.opts.target, a.redact, r.timings),
  });
  const cold = run(a.cold);
  const warm = run(a.warm);
  const summary = summarize(cold, warm);
  return {
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
