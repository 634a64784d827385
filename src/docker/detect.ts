// Finds out what the machine offers before any build: a reachable daemon, and either the buildx
// plugin (preferred: rawjson progress and --metadata-file) or a client with built-in BuildKit
// (Docker ≤ 22, e.g. 20.10: plain progress only). Facts: shared research note §6.
import { accessSync, constants, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { EnvironmentError } from "../errors.js";
import { dockerChildEnv } from "./child-env.js";
import { dockerInfo } from "./early-info.js";
import { dockerConfigDir, nativeClient, standardClient } from "./engine-api.js";
import { ExecError, execCommand, execText } from "./exec.js";

export type BuildMode = "buildx" | "builtin";

export interface DockerEnv {
  docker: string;
  mode: BuildMode;
  clientVersion: string;
  serverVersion: string;
  /** buildx version (e.g. `0.13.1`) in buildx mode, else null. */
  buildxVersion: string | null;
  /**
   * The buildx plugin the client runs for `docker buildx` (the path `docker info` lists), when
   * builds may run it directly: the client is the docker program itself (not a wrapper). Null:
   * builds go through the client.
   */
  buildxPlugin: string | null;
  /** Driver of the selected builder (`docker`, `docker-container`, `kubernetes`, `remote`); `docker` in builtin mode. */
  driver: string;
  builder: string | null;
  /** Image store: `overlay2` etc. is the classic store; containerd snapshotter sizes are compressed. */
  storageDriver: string;
  containerdStore: boolean;
  /** Whether `--progress=rawjson` is available (buildx ≥ 0.12). */
  rawjson: boolean;
}

export interface DetectOptions {
  docker: string;
  builder?: string | undefined;
  /** Force a mode instead of preferring buildx. */
  mode?: BuildMode | undefined;
  /** The environment the probes' docker children get their allowlisted variables from. */
  env?: NodeJS.ProcessEnv;
  /** Stops the probes' docker children; detection then throws the signal's reason. */
  signal?: AbortSignal;
}

const INSTALL_BUILDX =
  "install the buildx plugin (https://docs.docker.com/go/buildx/; on Debian: the docker-buildx package, or `scripts/setup-docker.sh` in this repository)";

export function parseVersion(text: string): number[] | null {
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

export function versionAtLeast(version: string | null, min: [number, number, number?]): boolean {
  const v = version ? parseVersion(version) : null;
  if (!v) return false;
  for (let i = 0; i < 3; i++) {
    const a = v[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

interface InfoAnswer {
  server?: string;
  driver?: string;
  driverStatus?: unknown;
  client?: { Version?: string; Plugins?: { Name?: string; Version?: string; Path?: string; Err?: string }[] };
}

export async function detectDocker(opts: DetectOptions): Promise<DockerEnv> {
  try {
    return await detect(opts);
  } catch (e) {
    // A probe stopped by the signal fails like a missing daemon would: say what really happened.
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw e;
  }
}

async function detect(opts: DetectOptions): Promise<DockerEnv> {
  const env = dockerChildEnv(opts.env ?? process.env);
  const { signal } = opts;
  const { docker } = opts;
  // `docker info` for everything it knows and, where buildx's own files do not settle it, `buildx
  // inspect` for the builder's driver: two client starts at once (each costs 0.05–0.5 s of wall
  // time, and they compete for the same cores). The answers are read in the order the checks need
  // them, so the first problem reported stays the most basic one (no docker, no daemon, no buildx).
  const infoProbe = settle(dockerInfo(docker, env, signal));
  const buildxProbe = settle(
    opts.mode === "builtin"
      ? Promise.resolve(null)
      : (contextBuilderSelected(docker, env, opts.builder) ??
          probeBuildxDriver(docker, opts.builder, env, signal)),
  );
  const info = await infoProbe;
  // A failed `docker info` is told the way `docker version` tells it (20.10's info only prints a
  // template error without a daemon).
  const answer = info.ok ? parseInfo(info.value) : null;
  if (signal?.aborted) throw signal.reason;
  if (!answer?.server) await explainNoDaemon(docker, env, info.ok ? null : info.error, signal);
  const serverVersion = answer?.server ?? "";
  const clientVersion =
    answer?.client?.Version ??
    (await execText([docker, "version", "--format", "{{.Client.Version}}"], { env, signal })).trim();
  const storageDriver = answer?.driver ?? "";
  const containerdStore = JSON.stringify(answer?.driverStatus ?? "").includes("io.containerd.snapshotter");
  const plugin = answer?.client?.Plugins?.find((p) => p.Name === "buildx" && !p.Err);
  // Without the plugin, a failed `buildx inspect` says nothing more (it cannot have run).
  const driver = plugin ? unwrap(await buildxProbe) : null;
  const buildx = plugin && driver ? { version: pluginVersion(plugin.Version), driver } : null;
  if (buildx) {
    return {
      docker,
      mode: "buildx",
      clientVersion,
      serverVersion,
      buildxVersion: buildx.version,
      buildxPlugin: plugin?.Path && directPlugin(docker, env, plugin.Path) ? plugin.Path : null,
      driver: buildx.driver,
      builder: opts.builder ?? null,
      storageDriver,
      containerdStore,
      rawjson: versionAtLeast(buildx.version, [0, 12]),
    };
  }
  if (opts.mode === "buildx") {
    throw new EnvironmentError(`\`${docker} buildx\` is not available: ${INSTALL_BUILDX}`);
  }
  if (opts.builder) {
    throw new EnvironmentError(`a builder ("${opts.builder}") needs the buildx plugin: ${INSTALL_BUILDX}`);
  }
  // Clients ≥ 23 dropped their built-in BuildKit client; without buildx they only have the
  // legacy builder, which prints no per-step cache information.
  if (versionAtLeast(clientVersion, [23, 0])) {
    // Asked for builtin: buildx was not even looked at, so its absence is not the reason.
    if (opts.mode === "builtin")
      throw new EnvironmentError(
        `--mode builtin needs a Docker 20.10–22 client: ${docker} is ${clientVersion}, and clients from 23 on have no built-in BuildKit (they build through buildx); drop --mode builtin, or point --docker at an older client`,
      );
    throw new EnvironmentError(
      `Docker client ${clientVersion} has no built-in BuildKit and \`${docker} buildx\` is missing: ${INSTALL_BUILDX}, or point --docker at a Docker 20.10–22 client`,
    );
  }
  return {
    docker,
    mode: "builtin",
    clientVersion,
    serverVersion,
    buildxVersion: null,
    buildxPlugin: null,
    driver: "docker",
    builder: null,
    storageDriver,
    containerdStore,
    rawjson: false,
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so probes started together cannot leave an unhandled rejection. */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(s: Settled<T>): T {
  if (s.ok) return s.value;
  throw s.error;
}

function parseInfo(text: string): InfoAnswer | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null ? (v as InfoAnswer) : null;
  } catch {
    return null;
  }
}

/** Throws what is wrong, as `docker version` reports it: no client, or no daemon. */
async function explainNoDaemon(
  docker: string,
  env: NodeJS.ProcessEnv,
  infoError: unknown,
  signal: AbortSignal | undefined,
): Promise<never> {
  const versions = await settle(
    execText([docker, "version", "--format", "{{.Client.Version}}|{{.Server.Version}}"], { env, signal }),
  );
  if (!versions.ok) throw describeDockerFailure(docker, versions.error);
  const serverVersion = versions.value.trim().split("|")[1] ?? "";
  if (!serverVersion || serverVersion === "<no value>") {
    throw new EnvironmentError(
      `the Docker daemon is not reachable from \`${docker}\`: start dockerd (or check DOCKER_HOST)`,
    );
  }
  throw describeDockerFailure(docker, infoError ?? new Error("`docker info` gave no server version"));
}

/**
 * Whether builds may run the buildx plugin themselves, as the client would: `docker buildx build`
 * is the client's start, its call of the plugin's metadata command and then the plugin (measured:
 * 0.03 s more than the plugin alone per build with the 20.10 client, 0.08 s with 28.5's), time a
 * user's own build pays but that is not the build. Only for the docker program itself (a wrapper
 * named docker may do more than call it) and the plugin file the client listed.
 */
function directPlugin(docker: string, env: NodeJS.ProcessEnv, path: string): boolean {
  if (!isAbsolute(path) || !nativeClient(docker, env)) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The plugin's version as `docker info` lists it: `v0.29.1`, or Debian's `0.13.1+ds1`. */
function pluginVersion(text: string | undefined): string {
  return /^v?(\d+\.\d+(?:\.\d+)?)/.exec(text ?? "")?.[1] ?? "0.0.0";
}

/**
 * The builder buildx picks when the user picked none is the docker context's own one, whose driver
 * is always `docker`. That is read from buildx's files (store/store.go `Txn.Current`, the same in
 * 0.13 and 0.29) where they make it certain: no builder named (`--builder`, BUILDX_BUILDER), none
 * made current (`docker buildx use`, `create --use` and docker/setup-buildx-action write its name to
 * `current`) and no per-endpoint default (`defaults/`), read where the client keeps them (not the
 * snap's docker, nor a wrapper: see standardClient). `buildx inspect` is a docker client, the
 * plugin's metadata call and the plugin: 0.25–0.4 s before the cold build can start. Anything
 * else, or a file that cannot be read, is left to it.
 */
export function contextBuilderSelected(
  docker: string,
  env: NodeJS.ProcessEnv,
  builder: string | undefined,
): Promise<"docker"> | null {
  if (builder || env.BUILDX_BUILDER || !standardClient(docker, env)) return null;
  // Where buildx keeps them (util/confutil): $BUILDX_CONFIG, else `buildx` in docker's config dir.
  const dir = env.BUILDX_CONFIG || join(dockerConfigDir(env), "buildx");
  try {
    const current = readOptional(join(dir, "current"));
    if (current !== null) {
      const c = JSON.parse(current) as unknown;
      if (typeof c !== "object" || c === null || ((c as { Name?: unknown }).Name ?? "") !== "") return null;
    }
    if (readDirOptional(join(dir, "defaults")).length) return null;
  } catch {
    return null;
  }
  return Promise.resolve("docker");
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

function readDirOptional(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

/** The selected builder's driver, or null without a usable buildx. */
async function probeBuildxDriver(
  docker: string,
  builder: string | undefined,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  const argv = [docker, "buildx", "inspect", ...(builder ? [builder] : [])];
  const inspect = await execCommand(argv, { env, signal, captureStdout: true }).catch(() => null);
  if (!inspect || inspect.exitCode !== 0) {
    if (builder) {
      throw new EnvironmentError(
        `buildx builder "${builder}" not found: list builders with \`${docker} buildx ls\` (${inspect?.stderrTail.at(-1) ?? ""})`,
      );
    }
    return null;
  }
  return /^Driver:\s*(\S+)/m.exec(inspect.stdout)?.[1] ?? "docker";
}

function describeDockerFailure(docker: string, e: unknown): EnvironmentError {
  if (e instanceof ExecError && e.exitCode === null) {
    return new EnvironmentError(
      `${e.message}: install Docker (https://docs.docker.com/engine/install/) or pass --docker /path/to/docker`,
    );
  }
  const tail = e instanceof ExecError ? e.stderrTail.filter((l) => l.trim()).at(-1) : String(e);
  return new EnvironmentError(
    `the Docker daemon is not reachable from \`${docker}\`${tail ? ` (${tail.trim()})` : ""}: start dockerd (or check DOCKER_HOST)`,
  );
}
