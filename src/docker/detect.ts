// Finds out what the machine offers before any build: a reachable daemon, and either the buildx
// plugin (preferred: rawjson progress and --metadata-file) or a client with built-in BuildKit
// (Docker ≤ 22, e.g. 20.10: plain progress only). Facts: shared research note §6.
import { EnvironmentError } from "../errors.js";
import { dockerChildEnv } from "./child-env.js";
import { ExecError, execCommand, execText } from "./exec.js";

export type BuildMode = "buildx" | "builtin";

export interface DockerEnv {
  docker: string;
  mode: BuildMode;
  clientVersion: string;
  serverVersion: string;
  /** buildx version (e.g. `0.13.1`) in buildx mode, else null. */
  buildxVersion: string | null;
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

export async function detectDocker(opts: DetectOptions): Promise<DockerEnv> {
  const env = dockerChildEnv(opts.env ?? process.env);
  const { docker } = opts;
  // The probes are independent: run them at once (each is a docker client start, 0.05–0.3 s) and
  // read the answers in the order the checks need them, so the first problem reported stays the
  // most basic one (no docker, no daemon, no buildx).
  const versionProbe = settle(
    execText([docker, "version", "--format", "{{.Client.Version}}|{{.Server.Version}}"], { env }),
  );
  const infoProbe = settle(
    execText([docker, "info", "--format", "{{.Driver}}|{{json .DriverStatus}}"], { env }),
  );
  const buildxProbe = settle(
    opts.mode === "builtin" ? Promise.resolve(null) : probeBuildx(docker, opts.builder, env),
  );
  const versions = await versionProbe;
  if (!versions.ok) throw describeDockerFailure(docker, versions.error);
  const [clientVersion = "", serverVersion = ""] = versions.value.trim().split("|");
  if (!serverVersion || serverVersion === "<no value>") {
    throw new EnvironmentError(
      `the Docker daemon is not reachable from \`${docker}\`: start dockerd (or check DOCKER_HOST)`,
    );
  }
  const [storageDriver = "", driverStatus = ""] = unwrap(await infoProbe)
    .trim()
    .split("|");
  const containerdStore = driverStatus.includes("io.containerd.snapshotter");

  const buildx = unwrap(await buildxProbe);
  if (buildx) {
    return {
      docker,
      mode: "buildx",
      clientVersion,
      serverVersion,
      buildxVersion: buildx.version,
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

async function probeBuildx(
  docker: string,
  builder: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ version: string; driver: string } | null> {
  const argv = [docker, "buildx", "inspect", ...(builder ? [builder] : [])];
  const [v, inspect] = await Promise.all([
    execCommand([docker, "buildx", "version"], { env, captureStdout: true }).catch(() => null),
    execCommand(argv, { env, captureStdout: true }).catch(() => null),
  ]);
  if (!v || v.exitCode !== 0) return null;
  // `github.com/docker/buildx v0.36.1 <commit>`; Debian prints `0.13.1+ds1`.
  const version = /\sv?(\d+\.\d+(?:\.\d+)?)/.exec(v.stdout)?.[1] ?? "0.0.0";
  if (!inspect || inspect.exitCode !== 0) {
    if (builder) {
      throw new EnvironmentError(
        `buildx builder "${builder}" not found: list builders with \`${docker} buildx ls\` (${inspect?.stderrTail.at(-1) ?? ""})`,
      );
    }
    return null;
  }
  const driver = /^Driver:\s*(\S+)/m.exec(inspect.stdout)?.[1] ?? "docker";
  return { version, driver };
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
