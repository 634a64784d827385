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
import { inspectImage } from "./docker/inspect.js";
import { describeBuildFailure } from "./analysis/failure.js";
import { imageBase, parseDockerfile, type DockerfileModel } from "./dockerfile/index.js";
import { BuildFailedError, UsageError } from "./errors.js";
import type { BuildTrace, ProgressFormat } from "./progress/model.js";
import { createLogRenderer } from "./progress/log-text.js";
import { createRedactor, type Redactor } from "./report/redact.js";
import {
  assembleContext,
  assembleFailedReport,
  assembleReport,
  round3,
  type AssembleInput,
} from "./report/assemble.js";
import { measureContext } from "./context/measure.js";
import type { Report } from "./report/schema.js";
import { deadRunCollection, openRun, type Run } from "./cleanup/run.js";
import { processInterrupted } from "./cleanup/guard.js";
import { RUN_LABEL } from "./cleanup/images.js";
import { createRecordsCheck, type RecordsCheck } from "./docker/records-check.js";
import { oneLine } from "./report/untrusted.js";
import { sharedStep, sharedStepsWarning } from "./report/format.js";
import {
  checkTouchable,
  chooseTouchTargets,
  inspectContext,
  readIgnoreFile,
  touchTargets,
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
  /** Journals, locks and the run's scratch files (see src/touch/rundir.ts). */
  stateDir: string;
  /** Wait for another run that is touching the same file, instead of refusing. */
  wait: boolean;
  /** Warm builds to run (each after its own touch); the report keeps the median. */
  repeat: number;
  /** Secrets, SSH, named contexts, network… passed through to every build. */
  buildOptions: BuildOptions;
}

export type Phase = "detect" | "cold" | "touch" | "warm" | "inspect" | "cleanup";

export interface BenchmarkHooks {
  onPhase?: (phase: Phase, detail: string) => void;
  /** The build's log as readable text (rawjson rendered as plain prints it), redacted, line by line. */
  onBuildLine?: (phase: "cold" | "warm", line: string) => void;
  onBuildStart?: (phase: "cold" | "warm", snapshot: () => BuildTrace) => void;
  onBuildEnd?: (phase: "cold" | "warm", exitCode: number) => void;
  onInfo?: (message: string) => void;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
  /** A file is left different from before the touch: the message says what is left and the fix. */
  onRestoreProblem?: (message: string) => void;
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
  // Docker is probed while the context is read (each docker client start costs 0.05–0.6 s of wall
  // time); a failed probe is still the first error reported. Killed runs' images are collected
  // once the run's own are removed, after the builds (cleanup/run.ts deadRunCollection).
  const collecting = deadRunCollection(opts.docker);
  const detecting = detectDocker({
    docker: opts.docker,
    builder: opts.builder ?? undefined,
    mode: opts.mode ?? undefined,
    signal: processInterrupted,
  });
  const preparing = prepareContext(opts, contextDir, dockerfilePath);
  preparing.catch(() => undefined);
  const env = await detecting;
  const progress: ProgressFormat =
    opts.progress === "auto" ? (env.rawjson ? "rawjson" : "plain") : opts.progress;
  if (progress === "rawjson" && !env.rawjson) {
    throw new UsageError(`--progress rawjson needs buildx ≥ 0.12 (found ${env.buildxVersion ?? env.mode})`);
  }
  hooks.onInfo?.(
    `${env.mode === "buildx" ? `buildx ${env.buildxVersion} (${env.driver} driver)` : `docker ${env.clientVersion} built-in BuildKit`}, engine ${env.serverVersion}, ${progress} progress`,
  );
  const { contextFacts, contextMeasure, plans, targets } = await preparing;
  const run = await openRun(
    { stateDir: opts.stateDir, collecting, contextDir, targets, wait: opts.wait, keepImage: opts.keepImage },
    hooks,
  );
  let report: Report | null = null;
  const tag = `docker-cache-bench:${randomBytes(6).toString("hex")}`;
  const records = createRecordsCheck(
    env,
    { runId: run.labels[RUN_LABEL] ?? null, runLabel: RUN_LABEL, tagPrefix: tag },
    hooks,
  );
  const request = {
    contextDir,
    dockerfile: dockerfilePath,
    target: opts.target,
    platform: opts.platform,
    buildArgs: opts.buildArgs,
    progress,
    options: opts.buildOptions,
    labels: run.labels,
  };
  const build = async (phase: "cold" | "warm", noCache: boolean) => {
    const ref = `${tag}-${phase}`;
    if (run.images.includes(ref)) run.retagged = true;
    else run.images.push(ref);
    let r: BuildResult | null = null;
    try {
      r = await runBuild(env, { ...request, noCache, tag: ref }, buildHooks(phase, hooks, redact), {
        signal: run.guard.signal,
        tempRoot: run.state.tmpDir,
      });
    } finally {
      hooks.onBuildEnd?.(phase, r?.exitCode ?? -1);
    }
    run.guard.throwIfInterrupted();
    return r;
  };
  const facts = { opts, env, model, contextDir, dockerfilePath, redact, records, tag };
  try {
    // A signal that came before this run's guard (see guard.ts) stops it before any build.
    run.guard.throwIfInterrupted();
    hooks.onPhase?.("cold", "cold build (--no-cache)");
    const cold = await build("cold", true);
    await failOnBuildError(facts, cold, null);

    // The cold image is read while the warm build runs: nothing in it changes that image.
    hooks.onPhase?.("inspect", "image size and layers");
    const inspecting = inspectImage(env, `${tag}-cold`, finalBase(model, opts));
    inspecting.catch(() => undefined);

    hooks.onPhase?.("touch", plans.map((p) => `${oneLine(p.path)}: ${p.reason}`).join("; "));
    for (const p of plans) if (p.warning) hooks.onWarning?.(p.warning);
    const warms = await warmBuilds(opts.repeat, run, hooks, async () => {
      const warm = await build("warm", false);
      await failOnBuildError(facts, cold, warm);
      return warm;
    });
    const warm = medianRun(warms);
    const image = await inspecting;
    run.guard.throwIfInterrupted();
    // Nothing reads the images any more: they are removed while the records are read (which waits
    // for BuildKit to finish the warm build's record) and the report is put together.
    void run.removeImages(env);
    const checked = records.check([
      { phase: "cold", result: cold },
      { phase: "warm", result: warm },
    ]);
    // The run's records go as soon as they are found, beside the rest (cleanup() runs once).
    checked.then(() => records.cleanup()).catch(() => undefined);
    report = assembleReport({ ...facts, plans, cold, warm, image });
    const shared = sharedStepsWarning(
      report.cold.steps.filter((s) => sharedStep(s, "cold")),
      report.warm.steps.filter((s) => sharedStep(s, "warm")),
    );
    if (shared) hooks.onWarning?.(oneLine(shared));
    report.context = assembleContext(contextFacts, contextMeasure, report, cold.trace.contextBytes);
    report.findings = diagnose({
      report,
      dockerfile: model,
      target: opts.target,
      files: contextMeasure.listing,
    }).map((f) => ({
      ...f,
      message: redact(f.message),
      fix: redact(f.fix),
      ...(f.edit && {
        edit: { ...f.edit, before: f.edit.before.map(redact), after: f.edit.after.map(redact) },
      }),
    }));
    if (warms.length > 1) report.warmRepeats = warms.map((w) => round3(w.wallSeconds));
    const summary = await checked;
    if (summary.builds.length || summary.note) report.records = summary;
    return report;
  } finally {
    if (!opts.keepImage) hooks.onPhase?.("cleanup", `removing ${run.images.join(", ")}`);
    const [, deleted] = await Promise.all([run.close(env), records.cleanup()]);
    if (report?.records) report.records.deleted = deleted;
  }
}

/** What the run needs from the context, read without Docker. */
async function prepareContext(opts: BenchmarkOptions, contextDir: string, dockerfilePath: string) {
  const contextFacts = await inspectContext(contextDir, dockerfilePath);
  const contextMeasure = await measureContext(contextDir, await readIgnoreFile(contextDir, dockerfilePath));
  const plans = await chooseTouchTargets({
    contextDir,
    dockerfilePath,
    target: opts.target ?? undefined,
    buildArgs: opts.buildArgs,
    explicit: opts.touch.length ? opts.touch : undefined,
  });
  const targets = touchTargets(contextDir, plans);
  checkTouchable(targets);
  return { contextFacts, contextMeasure, plans, targets };
}

/**
 * Each repeat touches again with a fresh nonce, so every warm build pays for the same
 * invalidation; the report keeps the median run and the wall time of every run. The touch is
 * undone before a failed warm build's error goes up.
 */
async function warmBuilds(
  repeat: number,
  run: Run,
  hooks: BenchmarkHooks,
  build: () => Promise<BuildResult>,
): Promise<BuildResult[]> {
  const warms: BuildResult[] = [];
  for (let i = 1; i <= repeat; i++) {
    const label = repeat > 1 ? ` (${i} of ${repeat})` : "";
    const session = run.touch();
    try {
      hooks.onPhase?.("warm", `warm build after the touch${label}`);
      warms.push(await build());
    } finally {
      run.restore(session);
    }
  }
  return warms;
}

/** The image the built image starts from, or null when the Dockerfile does not say (an unknown target). */
function finalBase(model: DockerfileModel, opts: BenchmarkOptions): string | null {
  try {
    return imageBase(model, opts.target ?? undefined, opts.buildArgs);
  } catch {
    return null;
  }
}

/** The run with the median wall time (the lower middle for an even count). */
export function medianRun<T extends { wallSeconds: number }>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

function buildHooks(phase: "cold" | "warm", hooks: BenchmarkHooks, redact: Redactor) {
  // Rendering costs a second JSON parse of rawjson: only when someone shows the log.
  const onBuildLine = hooks.onBuildLine;
  const log = onBuildLine ? createLogRenderer((text) => onBuildLine(phase, redact(text))) : null;
  return {
    onLine: log ? (line: string) => log.line(line) : undefined,
    onStart: (snapshot: () => BuildTrace) => hooks.onBuildStart?.(phase, snapshot),
    onDebug: hooks.onDebug,
  };
}

/** Throws the failed build's error, with what its record says (read before the run deletes it). */
async function failOnBuildError(
  a: Omit<AssembleInput, "plans" | "cold" | "warm" | "image"> & { records: RecordsCheck; tag: string },
  cold: BuildResult,
  warm: BuildResult | null,
): Promise<void> {
  const failing = warm ?? cold;
  if (failing.exitCode === 0) return;
  const phase = warm ? "warm" : "cold";
  const recorded = await a.records.failure(`${a.tag}-${phase}`);
  const error = describeBuildFailure(phase, failing, a.model, a.opts.target, a.redact, recorded);
  throw new BuildFailedError(error, assembleFailedReport(a, cold, warm, error));
}
