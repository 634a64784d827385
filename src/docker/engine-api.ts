// The daemon's HTTP API over its local unix socket, for the image reads and removals a run makes
// while a build is timed or right after it. Each docker client start is a Go binary reading its
// config and its plugins' metadata: 0.05–0.2 s of CPU that, on a 2-core runner, is taken from the
// build being measured (three of them beside the warm build slowed its client's start by ~0.15 s,
// measured on Docker 28.5). A request on the socket costs a few milliseconds.
//
// Only where the socket is certain: DOCKER_HOST=unix://…, or no DOCKER_HOST, no context chosen
// (DOCKER_CONTEXT, `currentContext` in config.json) and Linux's default socket. Any other endpoint
// (tcp, ssh, TLS, a named context, Windows' pipe) goes through the docker client, which knows how.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
import { dockerChildEnv } from "./child-env.js";

const TIMEOUT_MS = 30_000;

/** The daemon's unix socket when the docker client would certainly use it, else null. */
export function localSocket(env: NodeJS.ProcessEnv = dockerChildEnv()): string | null {
  const host = env.DOCKER_HOST;
  if (host) return host.startsWith("unix://") ? host.slice("unix://".length) : null;
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== "default") return null;
  if (process.platform !== "linux") return null;
  const configDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), ".docker");
  try {
    const config = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8")) as unknown;
    const current = (config as { currentContext?: unknown } | null)?.currentContext;
    if (current !== undefined && current !== "" && current !== "default") return null;
  } catch (e) {
    // No config file is docker's default too; one it cannot parse is left to docker to report.
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return null;
  }
  return "/var/run/docker.sock";
}

export class EngineApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** One API call; the answer's JSON, or an EngineApiError with the daemon's own message. */
export function apiCall(socketPath: string, method: "GET" | "DELETE", path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, host: "docker", timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("error", reject);
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

/** An image reference in a path: the router takes slashes as they are; the rest is escaped. */
export function imagePath(ref: string): string {
  return ref.split("/").map(encodeURIComponent).join("/");
}
