// The pipeline behind `run` and the Action: detect Docker → choose the touch → cold build →
// touch → warm build → restore → image facts → report. I/O comes in through options and hooks;
// every number it returns comes from the real engine.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { diagnose } from "./analysis/diagnose/index.js";
import { runBuild, type BuildResult } from "./docker/build.js";
import { readSecretValues, type BuildOptions } from "./docker/build-options.js";
import { detectDocker, type BuildMode } from "./docker/detect.js";
import { inspectImage, removeImage } from "./docker/inspect.js";
import { describeBuildFailure } from "./analysis/failure.js";
import { parseDockerfile } from "./dockerfile/index.js";
import { BuildFailedError, UsageError } from "./errors.js";
import type { BuildTrace, ProgressFormat } from "./progress/model.js";
import { createRedactor } from "./report/redact.js";
import {
  assembleContext,
  assembleFailedReport,
  assembleReport,
  round3,
  type AssembleInput,
} from "./report/assemble.js";
import { measureContext } from "./context/measure.js";
import type { Report } from "./report/schema.js";
import {
  applyTouch,
  chooseTouchTargets,
  inspectContext,
  readIgnoreFile,
  recoverJournal,
} from "./touch/index.js";

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
  /** Secrets, SSH, named contexts, network… passed through to every build. */
  buildOptions: BuildOptions;
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
  // Secret values are redacted like build-arg values: a RUN step can print what it mounts.
  const secretValues = await readSecretValues(opts.buildOptions.secrets, process.env);
  const redact = createRedactor({ ...secretValues, ...opts.buildArgs });

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
  const contextMeasure = await measureContext(contextDir, await readIgnoreFile(contextDir, dockerfilePath));
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
    options: opts.buildOptions,
  };
  const facts = { opts, env, model, contextDir, dockerfilePath, redact };
  const created: string[] = [];
  try {
    hooks.onPhase?.("cold", "cold build (--no-cache)");
    created.push(`${tag}-cold`);
    const cold = await runBuild(
      env,
      { ...request, noCache: true, tag: `${tag}-cold` },
      buildHooks("cold", hooks),
    );
    failOnBuildError(facts, cold, null);

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
      failOnBuildError(facts, cold, warm);
      warms.push(warm);
    }
    const warm = medianRun(warms);
    const report = assembleReport({ ...facts, plans, cold, warm, image });
    report.context = assembleContext(contextFacts, contextMeasure, report, cold.trace.contextBytes);
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

function buildHooks(phase: "cold" | "warm", hooks: BenchmarkHooks) {
  return {
    onLine: (line: string) => hooks.onBuildLine?.(phase, line),
    onStart: (snapshot: () => BuildTrace) => hooks.onBuildStart?.(phase, snapshot),
    onDebug: hooks.onDebug,
  };
}

function failOnBuildError(
  a: Omit<AssembleInput, "plans" | "cold" | "warm" | "image">,
  cold: BuildResult,
  warm: BuildResult | null,
): void {
  const failing = warm ?? cold;
  if (failing.exitCode === 0) return;
  const phase = warm ? "warm" : "cold";
  const error = describeBuildFailure(phase, failing, a.model, a.opts.target, a.redact);
  throw new BuildFailedError(error, assembleFailedReport(a, cold, warm, error));
}
