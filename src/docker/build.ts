// One docker build, streamed: argv for the detected mode, progress parsed line by line as it
// arrives, wall time measured here (plain progress prints no total).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { cleanLine, createProgressParser } from "../progress/index.js";
import type { BuildTrace, ProgressFormat, TraceStep } from "../progress/model.js";
import { buildOptionArgs, refuseDroppedOptions, type BuildOptions } from "./build-options.js";
import { dockerChildEnv } from "./child-env.js";
import type { DockerEnv } from "./detect.js";
import { execCommand, resolveExecutable } from "./exec.js";

export { resolveExecutable };

export interface BuildRequest {
  contextDir: string;
  dockerfile: string | null;
  target: string | null;
  platform: string | null;
  buildArgs: Record<string, string>;
  noCache: boolean;
  tag: string;
  progress: ProgressFormat;
  options: BuildOptions;
  /** Image labels (`--label`): the run's owner, so a killed run's images can be collected. */
  labels?: Record<string, string>;
}

export interface StepTiming {
  /** Seconds from the build's start. */
  start: number;
  end: number | null;
  /**
   * The step began before this build did: BuildKit merged it with the identical step of another
   * build on the same daemon (see sharedColdStep in src/report/format.ts), so its time is not this
   * build's. Only set when true.
   */
  shared?: true;
}

/** BuildKit's own first vertex of every build: it reads the Dockerfile, so nothing of this build starts before it. */
const OWN_FIRST = /^\[internal\] load build definition\b/;
/** Slack for the plain check: DONE seconds are rounded to 0.1, and the client prints a moment later. */
const PLAIN_SLACK_SECONDS = 0.25;

export interface BuildResult {
  trace: BuildTrace;
  /** When each step ran, by trace key (see stepTimings). */
  timings: Map<string, StepTiming>;
  wallSeconds: number;
  exitCode: number;
  imageId: string | null;
  /** The last stderr lines that are not progress (`ERROR: failed to solve …`). */
  stderrTail: string[];
  metadata: Record<string, unknown> | null;
}

/** `KEY=VALUE` → key and value; `KEY` → value null (docker reads it from the environment); a bad name → null. */
export function splitBuildArg(item: string): { key: string; value: string | null } | null {
  const eq = item.indexOf("=");
  const key = eq === -1 ? item : item.slice(0, eq);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return null;
  return { key, value: eq === -1 ? null : item.slice(eq + 1) };
}

/**
 * Names docker, buildx or the dynamic loader read from their own environment
 * (https://docs.docker.com/reference/cli/docker/#environment-variables,
 * https://docs.docker.com/build/building/variables/#build-tool-configuration-variables, ld.so(8)).
 * A build arg's value reaches docker only through its environment (argv is readable by every
 * local user), so under these names it would reconfigure docker itself: they are refused.
 * PATH and HOME are not among them: they are pinned instead (see buildBuildArgs).
 */
const DOCKER_OWN_ENV =
  /^(DOCKER_(API_VERSION|AUTH_CONFIG|BUILDKIT|CERT_PATH|CLI_.*|CONFIG|CONTENT_TRUST.*|CONTEXT|CUSTOM_HEADERS|DEFAULT_PLATFORM|HIDE_LEGACY_COMMANDS|HOST|TLS.*)|BUILDX_.*|BUILDKIT_(COLORS|HOST|PROGRESS|TTY_LOG_LINES)|EXPERIMENTAL_BUILDKIT_SOURCE_POLICY|LD_.*)$/;

/** Why a build arg cannot be passed under this name, or null when it can. */
export function refusedBuildArgName(key: string): string | null {
  if (!DOCKER_OWN_ENV.test(key)) return null;
  return `build arg ${key} cannot be passed: docker (or its loader) reads ${key} from its own environment, and the only other way in is the command line, where any local user can read the value; rename the ARG in the Dockerfile`;
}

/** Set by the docker client for the plugins it runs (docker/cli cli-plugins/manager ReexecEnvvar). */
const PLUGIN_CALLER_ENV = "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND";

export function buildBuildArgs(
  env: DockerEnv,
  req: BuildRequest,
  files: { iidFile: string; metadataFile: string },
): { argv: string[]; env: Record<string, string>; pass: string[] } {
  const args = req.buildArgs;
  // A PATH build arg is docker's PATH too: find docker on ours first. A HOME one would move
  // docker's config (plugins, builders, credentials): name the config dir explicitly.
  const docker = "PATH" in args ? resolveExecutable(env.docker) : env.docker;
  const global = "HOME" in args ? ["--config", process.env.DOCKER_CONFIG ?? join(homedir(), ".docker")] : [];
  // The plugin run as the client runs it (docker/cli cli-plugins/manager PluginRunCommand): the
  // client's arguments, and the client named in DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND, which
  // tells the plugin the client called it (without it buildx would run standalone).
  const plugin = env.mode === "buildx" ? env.buildxPlugin : null;
  const argv =
    env.mode === "buildx"
      ? [
          plugin ?? docker,
          ...global,
          "buildx",
          "build",
          `--progress=${req.progress}`,
          "--metadata-file",
          files.metadataFile,
        ]
      : [docker, ...global, "build", "--progress=plain"];
  argv.push("--iidfile", files.iidFile, "--tag", req.tag);
  if (env.mode === "buildx" && env.builder) argv.push("--builder", env.builder);
  // Only the docker driver puts the result in the local image store by itself.
  if (env.mode === "buildx" && env.driver !== "docker") argv.push("--load");
  if (req.dockerfile) argv.push("--file", req.dockerfile);
  if (req.target) argv.push("--target", req.target);
  if (req.platform) argv.push("--platform", req.platform);
  // `--build-arg KEY` without a value makes docker read KEY from its environment: the values
  // (which may be secrets) stay out of argv, `ps`, /proc/<pid>/cmdline and our debug logs.
  const childEnv: Record<string, string> = {};
  if (plugin) childEnv[PLUGIN_CALLER_ENV] = resolveExecutable(docker);
  for (const [key, value] of Object.entries(args)) {
    const refused = refusedBuildArgName(key);
    if (refused) throw new UsageError(refused);
    argv.push("--build-arg", key);
    childEnv[key] = value;
  }
  refuseDroppedOptions(req.options, env);
  const extra = buildOptionArgs(req.options, env.mode);
  argv.push(...extra.argv);
  for (const [key, value] of Object.entries(req.labels ?? {})) argv.push("--label", `${key}=${value}`);
  if (req.noCache) argv.push("--no-cache");
  argv.push(req.contextDir);
  if (env.mode === "builtin") childEnv.DOCKER_BUILDKIT = "1";
  // buildx ≥ 0.14 records provenance in the metadata file, build-arg values included, and adds a
  // "resolving provenance for metadata file" step to the build; the tool needs neither. Default
  // attestations stay on: the benchmark measures the build the user's own `docker build` runs (on
  // the containerd store that includes exporting the attestation manifest), min-mode provenance
  // holds no build-arg values (checked on buildx 0.29.1), and the tool removes its images.
  else childEnv.BUILDX_METADATA_PROVENANCE = "disabled";
  return { argv, env: { ...childEnv, ...extra.env }, pass: extra.pass };
}

export interface RunBuildHooks {
  onLine?: (line: string) => void;
  /** Called once with a function that snapshots the trace so far, for live progress displays. */
  onStart?: (snapshot: () => BuildTrace) => void;
  onDebug?: (message: string) => void;
}

export interface RunBuildOptions {
  /** Stops the build (the docker client gets SIGTERM). */
  signal?: AbortSignal;
  /** Where the scratch directory (iid and metadata files) goes; default the system temp dir. */
  tempRoot?: string;
}

export async function runBuild(
  env: DockerEnv,
  req: BuildRequest,
  hooks: RunBuildHooks = {},
  opts: RunBuildOptions = {},
): Promise<BuildResult> {
  const dir = await mkdtemp(join(opts.tempRoot ?? tmpdir(), "dcb-build-"));
  const files = { iidFile: join(dir, "iid"), metadataFile: join(dir, "metadata.json") };
  try {
    const { argv, env: extraEnv, pass } = buildBuildArgs(env, req, files);
    hooks.onDebug?.(`exec: ${argv.join(" ")}`);
    const parser = createProgressParser();
    hooks.onStart?.(() => parser.result());
    const seen = new Map<string, { first: number; last: number }>();
    // rawjson carries its own timestamps: its lines need no second look.
    const plain = req.progress === "plain";
    const started = performance.now();
    const r = await execCommand(argv, {
      signal: opts.signal,
      env: dockerChildEnv(process.env, { set: extraEnv, pass }),
      onStderrLine: (line) => {
        parser.line(line);
        // Plain progress has no timestamps: note when each `#N` block shows up and last speaks.
        const key = plain ? /^#(\d+) /.exec(cleanLine(line))?.[0].trim() : undefined;
        if (key) {
          const t = (performance.now() - started) / 1000;
          const s = seen.get(key);
          if (s) s.last = t;
          else seen.set(key, { first: t, last: t });
        }
        hooks.onLine?.(line);
      },
      // With --progress=rawjson buildx still writes progress to stderr; stdout is empty.
      onStdoutLine: (line) => hooks.onDebug?.(`stdout: ${line}`),
    });
    const trace = parser.result();
    const iid = (await readFile(files.iidFile, "utf8").catch(() => "")).trim();
    const metadata = await readJson(files.metadataFile);
    return {
      trace,
      timings: stepTimings(trace, seen),
      wallSeconds: r.seconds,
      exitCode: r.exitCode,
      // The iidfile is written in every mode; what it names differs: the config digest on the classic
      // store, the index (or manifest) digest on the containerd store. (`containerimage.config.digest`
      // is gone from buildx 0.29's metadata file by default, and the log's `writing image` line from
      // the containerd store's output, so neither is a fallback worth keeping.)
      imageId: iid || trace.imageId,
      stderrTail: r.stderrTail.filter((l) => !/^#\d+ /.test(l) && !l.startsWith("{") && l.trim() !== ""),
      metadata,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Step start/end in seconds from the build's start: rawjson's own vertex timestamps (relative to
 * the build's `load build definition`, else to the earliest), else the moments the tool saw each
 * plain block's first and last line. A Dockerfile step that began before the build did is marked
 * shared: in rawjson a step that ran (not a cache hit) started before `load build definition` and
 * ended after it; in plain, BuildKit's own DONE seconds are more than the time since the tool
 * started the client. Not caught: a step another build began after this one began, but before
 * this one reached it (it then reports time this build spent on earlier steps too).
 */
export function stepTimings(
  trace: BuildTrace,
  seen: Map<string, { first: number; last: number }>,
): Map<string, StepTiming> {
  const out = new Map<string, StepTiming>();
  const starts = trace.steps
    .map((s) => (s.started ? Date.parse(s.started) : NaN))
    .filter((t) => !Number.isNaN(t));
  if (trace.format === "rawjson" && starts.length) {
    const own = trace.steps.find((s) => s.name && OWN_FIRST.test(s.name) && s.started);
    const ownStart = own?.started ? Date.parse(own.started) : NaN;
    const origin = Number.isNaN(ownStart) ? Math.min(...starts) : ownStart;
    for (const s of trace.steps) {
      if (!s.started) continue;
      const started = Date.parse(s.started);
      const end = s.completed ? Math.max(0, (Date.parse(s.completed) - origin) / 1000) : null;
      // Only a step that ran, and not FROM: a cache hit, and the base image's source, can carry
      // the times of an earlier build (buildx 0.29's warm FROM, done, and WORKDIR, cached, on the
      // containerd store start seconds before the build did, with nothing else building).
      const completed = s.completed ? Date.parse(s.completed) : Infinity;
      // ...and still running when this build began: a step over before then cost this build
      // nothing (the containerd store repeats an earlier build's progress for a warm build's FROM
      // and WORKDIR, times and all, with nothing else building).
      const shared = sharesWork(s) && started < ownStart && completed > ownStart;
      out.set(s.key, { start: Math.max(0, (started - origin) / 1000), end, ...(shared && { shared }) });
    }
    return out;
  }
  for (const s of trace.steps) {
    const t = seen.get(s.key);
    if (!t) continue;
    const shared = sharesWork(s) && s.seconds !== null && s.seconds > t.last + PLAIN_SLACK_SECONDS;
    out.set(s.key, {
      start: t.first,
      end: s.status === "running" ? null : t.last,
      ...(shared && { shared }),
    });
  }
  return out;
}

/** A Dockerfile step that ran (FROM only resolves the base image: nothing of the build's own to time). */
function sharesWork(s: TraceStep): boolean {
  return s.status === "done" && s.instruction !== null && !/^FROM\s/i.test(s.instruction);
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = JSON.parse(await readFile(path, "utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
