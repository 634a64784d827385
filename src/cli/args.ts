// Command-line parsing: node's own parseArgs, one typed object per command, usage errors typed.
import { parseArgs } from "node:util";
import { parseBudgets } from "../compare/budgets.js";
import type { NoiseFloor } from "../compare/compare.js";
import type { GateConfig } from "../compare/gates.js";
import { refusedBuildArgName, splitBuildArg } from "../docker/build.js";
import { parseSecretFlag, splitPair, type BuildOptions } from "../docker/build-options.js";
import { errorMessage, UsageError } from "../errors.js";
import { parseHistoryArgs, type HistoryArgs } from "./history.js";
import { MAX_REPEAT } from "../limits.js";

export const USAGE = `Usage:
  docker-cache-bench run [CONTEXT] [options]     benchmark a build cold and warm after a code touch
  docker-cache-bench parse [LOG|-]               read a saved BuildKit progress log (plain or rawjson) → JSON
  docker-cache-bench compare BASE.json HEAD.json compare two run reports
  docker-cache-bench merge REPORT... [--baseline REPORT]...
                                                 many images (a matrix's reports: files,
                                                 directories or globs) → one report and comment
  docker-cache-bench history BASELINE.json       the base branch's points a baseline carries, and their
                                                 trend (a report set: each image's)

Options for run:
  -f, --file PATH            Dockerfile (default: CONTEXT/Dockerfile; - reads it from stdin)
      --target STAGE         build this stage
      --platform PLATFORM    e.g. linux/amd64
      --build-arg KEY=VALUE  repeatable; KEY alone takes the value from the environment
                             (use that for secrets: KEY=VALUE shows in ps). Values are
                             never printed or written to reports.
      --touch PATH           file to touch (relative to CONTEXT), repeatable; default: the
                             application source file the build copies whose change reruns
                             the most steps (not a manifest, test or config file)
      --docker PATH          docker client (env DOCKER_CACHE_BENCH_DOCKER; default: docker)
      --builder NAME         buildx builder
      --mode buildx|builtin  force buildx, or a client's built-in BuildKit (Docker ≤ 22)
      --progress auto|plain|rawjson
      --secret id=ID,env=VAR | id=ID,src=FILE   a secret for RUN --mount=type=secret (repeatable);
                             its value is never printed, stored or put on a command line
      --ssh default|ID[=SOCKET|KEY]   SSH agent or keys for RUN --mount=type=ssh (repeatable)
      --build-context NAME=PATH|URL   a named build context (repeatable; needs buildx)
      --network MODE, --add-host HOST:IP, --allow ENTITLEMENT, --shm-size SIZE, --ulimit TYPE=SOFT:HARD
                             passed to docker build as they are (--add-host, --allow, --ulimit repeatable)
                             (--shm-size, --ulimit: Docker ≥ 23; 20.10's BuildKit ignores them, so refused)
      --repeat N             run the warm build N times (1–20, each after its own touch); report the median
      --keep-image           keep the built images (tagged docker-cache-bench:…)
      --bake FILE            benchmark every target of a bake or compose file (repeatable, as
                             bake's -f; CONTEXT is the directory bake runs in), one after the
                             other; --json writes one report with one entry per image
      --bake-target NAME     a target or group of the bake file (repeatable; default: its default group)
      --wait                 if another run is touching the same file, wait for it
                             (default: refuse at once, naming its pid and host)
      --verify-fixes         build each verifiable fix (the suggested .dockerignore, a reordered
                             Dockerfile) in a temporary copy of the project, cold and warm, and
                             report what it measured; a fix that does not build is withdrawn;
                             at most 4 fixes per run (docs/rules.md#verified-fixes)
      --json FILE            write the JSON report (- for stdout)
      --markdown FILE        write the markdown report
  -q, --quiet                no progress on stderr (warnings still show)
      --verbose              stream each build's log to stderr (secret and build-arg values redacted)
      --baseline FILE        compare with this report (of the base branch): deltas, cache
                             regressions, and the relative gates below

Gates (run and compare; exit 1 when one fails, with the same table as the Action):
      --max-image-size SIZE          e.g. 250MB
      --max-image-growth SIZE|PCT    against the base, e.g. 10% or 20MB
      --max-warm-seconds DURATION    warm build after a code change, e.g. 90s or 2m
      --min-cache-hit-ratio RATIO    steps cached after a code change, e.g. 0.8 or 80%
      --fail-on-cache-regression     a step cached on the base rebuilds on the head
      --noise-seconds N, --noise-percent N   noise floor for timings (default 2 s and 10 %)
      --size-kind uncompressed|compressed    the image size gates and comparisons use (default
                                     uncompressed; compressed: containerd image store only)

Options for compare:
      --json FILE, --markdown FILE

Options for merge (and the gates above, judged per image; exit 1 when one fails):
      --baseline REPORT      the base's reports (files, directories or globs; repeatable), each
                             image matched to its own by id (bake target or benchmark id)
      --json FILE            write the merged report (schemaVersion 2, one entry per image)
      --markdown FILE        write the PR comment the Action would post for these images

Options for history:
      --image ID             of a report set (bake targets, merged matrix reports), only this
                             image (repeatable; default: every image)
      --json                 the points as JSON (docs/report.md#history)
      --size-kind uncompressed|compressed    the size of the one point made for a report
                             without a history (default uncompressed)

Exit codes: 0 ok, 1 a gate failed (or parse read a truncated log), 2 usage, environment or build
failure (or parse saw no progress), 3 the report was written but a touched file is not exactly as
before (the warning says what to do).`;

export interface RunArgs {
  command: "run";
  context: string;
  /** Bake or compose files; empty: one Dockerfile build. */
  bake: string[];
  bakeTargets: string[];
  file: string | null;
  target: string | null;
  platform: string | null;
  buildArgs: Record<string, string>;
  touch: string[];
  docker: string;
  builder: string | null;
  mode: "buildx" | "builtin" | null;
  progress: "auto" | "plain" | "rawjson";
  keepImage: boolean;
  wait: boolean;
  repeat: number;
  verifyFixes: boolean;
  json: string | null;
  markdown: string | null;
  quiet: boolean;
  verbose: boolean;
  baseline: string | null;
  gates: GateConfig;
  noise: NoiseFloor;
  buildOptions: BuildOptions;
}

export interface ParseArgs {
  command: "parse";
  input: string;
}

export interface CompareArgs {
  command: "compare";
  base: string;
  head: string;
  json: string | null;
  markdown: string | null;
  gates: GateConfig;
  noise: NoiseFloor;
}

type Topic = "run" | "parse" | "compare" | "merge" | "history";

export interface MergeArgs {
  command: "merge";
  reports: string[];
  baselines: string[];
  json: string | null;
  markdown: string | null;
  gates: GateConfig;
  noise: NoiseFloor;
}

export type CliArgs =
  | RunArgs
  | ParseArgs
  | CompareArgs
  | MergeArgs
  | HistoryArgs
  | { command: "help"; topic: Topic | null }
  | { command: "version" };

const TOPICS: readonly string[] = ["run", "parse", "compare", "merge", "history"];

/** The usage of one command: its line, its options, the gates where it takes them, the exit codes. */
export function usageFor(topic: Topic | null): string {
  if (topic === null) return USAGE;
  const [lines = "", ...sections] = USAGE.split("\n\n");
  const line = lines.split("\n").find((l) => l.includes(`docker-cache-bench ${topic} `)) ?? "";
  const wanted = sections.filter(
    (s) =>
      s.startsWith(`Options for ${topic}`) ||
      (topic !== "parse" && topic !== "history" && s.startsWith("Gates")) ||
      s.startsWith("Exit codes"),
  );
  return ["Usage:", line, ...wanted.map((s) => `\n${s}`)].join("\n");
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") return { command: "help", topic: null };
  if (command === "help") {
    const topic = rest[0] ?? null;
    if (topic !== null && !TOPICS.includes(topic))
      throw new UsageError(
        `help: unknown command "${topic}" (expected run, parse, compare, merge or history)`,
      );
    return { command: "help", topic: topic as Topic | null };
  }
  if (command === "--version" || command === "-V" || command === "-v") return { command: "version" };
  if (TOPICS.includes(command) && (rest.includes("--help") || rest.includes("-h")))
    return { command: "help", topic: command as Topic };
  try {
    if (command === "run") return parseRun(rest, env);
    if (command === "parse") return parseParse(rest);
    if (command === "compare") return parseCompare(rest);
    if (command === "merge") return parseMerge(rest);
    if (command === "history") return parseHistoryArgs(rest);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // parseArgs throws TypeError with a readable message for unknown or malformed options.
    throw new UsageError(`${command}: ${e instanceof Error ? e.message : String(e)}`);
  }
  throw new UsageError(`unknown command "${command}" (expected run, parse, compare, merge or history)`);
}

function parseRun(args: string[], env: NodeJS.ProcessEnv): RunArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: "string", short: "f" },
      target: { type: "string" },
      platform: { type: "string" },
      "build-arg": { type: "string", multiple: true },
      touch: { type: "string", multiple: true },
      docker: { type: "string" },
      builder: { type: "string" },
      mode: { type: "string" },
      progress: { type: "string" },
      "keep-image": { type: "boolean" },
      bake: { type: "string", multiple: true },
      "bake-target": { type: "string", multiple: true },
      wait: { type: "boolean" },
      "verify-fixes": { type: "boolean" },
      repeat: { type: "string" },
      json: { type: "string" },
      markdown: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      verbose: { type: "boolean" },
      baseline: { type: "string" },
      secret: { type: "string", multiple: true },
      ssh: { type: "string", multiple: true },
      "build-context": { type: "string", multiple: true },
      network: { type: "string" },
      "add-host": { type: "string", multiple: true },
      allow: { type: "string", multiple: true },
      "shm-size": { type: "string" },
      ulimit: { type: "string", multiple: true },
      ...GATE_OPTIONS,
    },
  });
  if (positionals.length > 1) throw new UsageError(`run takes one CONTEXT, got ${positionals.length}`);
  if (values["bake-target"]?.length && !values.bake?.length)
    throw new UsageError("--bake-target needs --bake FILE (a bake or compose file)");
  if (values.bake?.length && (values.file || values.target || values.touch?.length))
    throw new UsageError(
      "--bake takes the Dockerfile, stage and touch from each target: drop --file, --target and --touch",
    );
  const mode = values.mode ?? null;
  if (mode !== null && mode !== "buildx" && mode !== "builtin") {
    throw new UsageError(`--mode must be buildx or builtin, got "${mode}"`);
  }
  const progress = values.progress ?? "auto";
  if (progress !== "auto" && progress !== "plain" && progress !== "rawjson") {
    throw new UsageError(`--progress must be auto, plain or rawjson, got "${progress}"`);
  }
  return {
    command: "run",
    context: positionals[0] ?? ".",
    file: values.file ?? null,
    target: values.target ?? null,
    platform: values.platform ?? null,
    buildArgs: parseBuildArgs(values["build-arg"] ?? [], env),
    touch: values.touch ?? [],
    docker: values.docker ?? env.DOCKER_CACHE_BENCH_DOCKER ?? "docker",
    builder: values.builder ?? null,
    mode,
    progress,
    keepImage: values["keep-image"] ?? false,
    bake: values.bake ?? [],
    bakeTargets: values["bake-target"] ?? [],
    wait: values.wait ?? false,
    repeat: positiveInteger("--repeat", values.repeat, 1, MAX_REPEAT),
    verifyFixes: values["verify-fixes"] ?? false,
    json: values.json ?? null,
    markdown: values.markdown ?? null,
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    baseline: values.baseline ?? null,
    ...gateArgs(values, values.baseline !== undefined),
    buildOptions: {
      secrets: (values.secret ?? []).map(parseSecretFlag),
      ssh: values.ssh ?? [],
      buildContexts: Object.fromEntries(
        (values["build-context"] ?? []).map((c) => splitPair(c, "--build-context", "assets=../assets")),
      ),
      network: values.network ?? null,
      addHosts: values["add-host"] ?? [],
      allow: values.allow ?? [],
      shmSize: values["shm-size"] ?? null,
      ulimits: values.ulimit ?? [],
    },
  };
}

/** `KEY=VALUE`, or `KEY` alone to take the value from the environment (as docker does). */
export function parseBuildArgs(items: string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const arg = splitBuildArg(item);
    if (!arg) {
      throw new UsageError(
        `--build-arg needs KEY=VALUE with a valid name, got "${item.split("=")[0]}" (example: --build-arg BASE=python:3.12-slim)`,
      );
    }
    const { key } = arg;
    const refused = refusedBuildArgName(key);
    if (refused) throw new UsageError(refused);
    const value = arg.value ?? env[key];
    if (value === undefined)
      throw new UsageError(`--build-arg ${key}: no value given and ${key} is not set in the environment`);
    out[key] = value;
  }
  return out;
}

function parseParse(args: string[]): ParseArgs {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new UsageError("parse takes one LOG file (or - for stdin)");
  return { command: "parse", input: positionals[0] ?? "-" };
}

function parseCompare(args: string[]): CompareArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "string" },
      markdown: { type: "string" },
      ...GATE_OPTIONS,
    },
  });
  const [base, head] = positionals;
  if (!base || !head || positionals.length > 2) throw new UsageError("compare takes BASE.json and HEAD.json");
  return {
    command: "compare",
    base,
    head,
    json: values.json ?? null,
    markdown: values.markdown ?? null,
    ...gateArgs(values, true),
  };
}

function parseMerge(args: string[]): MergeArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      baseline: { type: "string", multiple: true },
      json: { type: "string" },
      markdown: { type: "string" },
      ...GATE_OPTIONS,
    },
  });
  if (!positionals.length) throw new UsageError("merge takes one or more REPORT files, directories or globs");
  const baselines = values.baseline ?? [];
  return {
    command: "merge",
    reports: positionals,
    baselines,
    json: values.json ?? null,
    markdown: values.markdown ?? null,
    ...gateArgs(values, baselines.length > 0),
  };
}

const GATE_OPTIONS = {
  "max-image-size": { type: "string" },
  "max-image-growth": { type: "string" },
  "max-warm-seconds": { type: "string" },
  "min-cache-hit-ratio": { type: "string" },
  "fail-on-cache-regression": { type: "boolean" },
  "noise-seconds": { type: "string" },
  "noise-percent": { type: "string" },
  "size-kind": { type: "string" },
} as const;

type GateValues = Partial<Record<keyof typeof GATE_OPTIONS, string | boolean>>;

/** The budgets through the Action's own parser (compare/budgets.ts); relative ones need a base. */
function gateArgs(values: GateValues, hasBase: boolean): { gates: GateConfig; noise: NoiseFloor } {
  let gates: GateConfig;
  try {
    gates = parseBudgets(values, (name) => `--${name}`);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
  const relative = (["max-image-growth", "fail-on-cache-regression"] as const).filter((n) => values[n]);
  if (!hasBase && relative.length) {
    throw new UsageError(
      `${relative.map((n) => `--${n}`).join(" and ")} compare with a base: add --baseline FILE (a report of the base branch)`,
    );
  }
  const seconds = values["noise-seconds"];
  const percent = values["noise-percent"];
  return {
    gates,
    noise: {
      seconds: nonNegative("--noise-seconds", typeof seconds === "string" ? seconds : undefined, 2),
      ratio: nonNegative("--noise-percent", typeof percent === "string" ? percent : undefined, 10) / 100,
    },
  };
}

function nonNegative(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} must be a number ≥ 0, got "${raw}" (example: ${flag} ${fallback})`);
  return n;
}

function positiveInteger(flag: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(
      `${flag} must be a whole number from 1 to ${max}, got "${raw}" (example: ${flag} 3)`,
    );
  return n;
}
