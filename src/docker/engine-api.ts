// The daemon's HTTP API over its local unix socket, for the image reads and removals a run makes
// while a build is timed or right after it. Each docker client start is a Go binary reading its
// config and its plugins' metadata: 0.05–0.2 s of CPU that, on a 2-core runner, is taken from the
// build being measured (three of them beside the warm build slowed its client's start by ~0.15 s,
// measured on Docker 28.5). A request on the socket costs a few milliseconds.
//
// Only where the socket is certain: DOCKER_HOST=unix://…, or no DOCKER_HOST, no context chosen
// (DOCKER_CONTEXT, `currentContext` in config.json) and Linux's default socket. Any other endpoint
// (tcp, ssh, TLS, a named context, Windows' pipe) goes through the docker client, which knows how.
import { closeSync, openSync, readFileSync, readSync, realpathSync } from "node:fs";
import { request } from "node:http";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { resolveExecutable } from "./exec.js";
import { dockerChildEnv } from "./child-env.js";

const TIMEOUT_MS = 30_000;

/** The docker client's config directory, found as the client finds it (docker/cli config.Dir). */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  // Go's os.UserHomeDir: %USERPROFILE% on Windows (never HOME, which MSYS2 and Cygwin set), else $HOME.
  const home = process.platform === "win32" ? env.USERPROFILE : env.HOME;
  return join(home || homedir(), ".docker");
}

/**
 * Whether the tool can read what the client reads: a client named docker, and not the snap's,
 * which keeps its config in ~/snap/docker/<rev>/.docker (docker/cli#3961) and ships buildx. Any
 * other client (a wrapper, a shim) may use another daemon, config or builder.
 */
export function standardClient(docker: string, env: NodeJS.ProcessEnv): boolean {
  const path = resolveExecutable(docker, env.PATH ?? "");
  if (!/^docker(\.exe)?$/i.test(basename(path)) || path.startsWith("/snap/")) return false;
  try {
    const real = realpathSync(path);
    return !real.startsWith("/snap/") && basename(real) !== "snap";
  } catch {
    return false;
  }
}

/**
 * A standard client that is the docker program itself (an ELF executable), not a script named
 * docker: a wrapper may change the environment, the daemon or the arguments before it calls the
 * real client, so the tool must go through it rather than run what the real one would.
 */
export function nativeClient(docker: string, env: NodeJS.ProcessEnv): boolean {
  if (process.platform !== "linux" || !standardClient(docker, env)) return false;
  let fd: number | null = null;
  try {
    fd = openSync(realpathSync(resolveExecutable(docker, env.PATH ?? "")), "r");
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(ELF_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** The daemon's unix socket when the docker client `docker` would certainly use it, else null. */
export function localSocket(docker: string, env: NodeJS.ProcessEnv = dockerChildEnv()): string | null {
  // Headers the client adds (an authorization proxy's) would be missing from the tool's requests.
  if (env.DOCKER_CUSTOM_HEADERS || !standardClient(docker, env)) return null;
  const host = env.DOCKER_HOST;
  if (host) return host.startsWith("unix://") ? host.slice("unix://".length) : null;
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== "default") return null;
  if (process.platform !== "linux") return null;
  try {
    const config = JSON.parse(readFileSync(join(dockerConfigDir(env), "config.json"), "utf8")) as {
      currentContext?: unknown;
      HttpHeaders?: unknown;
    } | null;
    const current = config?.currentContext;
    if (current !== undefined && current !== "" && current !== "default") return null;
    if (config?.HttpHeaders) return null;
  } catch (e) {
    // No config file is docker's default too; one it cannot parse is left to docker to report.
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return null;
  }
  return "/var/run/docker.sock";
}

export class EngineApiError extends Error {
  constructor(
    message: string,
    /** The daemon's HTTP status; null when no answer came (the socket could not be reached). */
    readonly status: number | null,
  ) {
    super(message);
  }

  /** True when the socket gave no answer at all: then the client, which may know better, is asked. */
  static unreached(e: unknown): boolean {
    return e instanceof EngineApiError && e.status === null;
  }
}

/**
 * `api` on the local socket when there is one (no client start), else `client`; the client too
 * when the socket gives no answer at all. The daemon's own refusal (a status) is the answer, and
 * is thrown: the client would only get the same one, a client start later.
 */
export async function apiOrClient<T>(
  socket: string | null,
  api: (socket: string) => Promise<T>,
  client: () => Promise<T>,
): Promise<T> {
  if (socket) {
    try {
      return await api(socket);
    } catch (e) {
      if (!EngineApiError.unreached(e)) throw e;
    }
  }
  return client();
}

/** One API call; the answer's JSON, or an EngineApiError with the daemon's own message. */
export function apiCall(socketPath: string, method: "GET" | "DELETE", path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, host: "docker", timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("error", (e) => reject(new EngineApiError(`${method} ${path}: ${e.message}`, null)));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(body);
        const said = (body as { message?: unknown } | null)?.message;
        reject(
          new EngineApiError(
            `${method} ${path}: ${typeof said === "string" ? said : `HTTP ${status}`}`,
            status,
          ),
        );
      });
    });
    req.on("timeout", () => req.destroy(new EngineApiError(`${method} ${path}: no answer in 30 s`, null)));
    req.on("error", (e) =>
      reject(e instanceof EngineApiError ? e : new EngineApiError(`${method} ${path}: ${e.message}`, null)),
    );
    req.end();
  });
}
