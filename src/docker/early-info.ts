// `docker info`, the first thing a run asks the engine, started by the CLI's entry before the rest
// of the tool is loaded. Detection takes that answer only when it asks the same client with the same
// environment; otherwise (another --docker, a test calling detection again) it asks anew. Kept
// small: the entry loads it, and with it only the exec helpers.
import { dockerChildEnv } from "./child-env.js";
import { execText } from "./exec.js";

/** One `docker info` answers what four probes used to: daemon, store, client and buildx versions. */
export const INFO_FORMAT =
  '{"server":{{json .ServerVersion}},"driver":{{json .Driver}},"driverStatus":{{json .DriverStatus}},"client":{{json .ClientInfo}}}';

let early: { docker: string; env: string; text: Promise<string> } | null = null;

export function startEarlyInfo(docker = "docker", env: NodeJS.ProcessEnv = dockerChildEnv()): void {
  const text = execText([docker, "info", "--format", INFO_FORMAT], { env });
  // A run that ends before detection (a usage error) never reads it: not an unhandled rejection.
  text.catch(() => undefined);
  early = { docker, env: JSON.stringify(env), text };
}

/** `docker info`'s answer: the early one, once, when asked the same way; else a new one. */
export function dockerInfo(docker: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  const e = early;
  early = null;
  if (e && e.docker === docker && e.env === JSON.stringify(env)) return e.text;
  return execText([docker, "info", "--format", INFO_FORMAT], { env, signal });
}
