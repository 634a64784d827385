// What real builds need besides build args, passed through to docker as build-push-action names
// it: secrets, SSH, named build contexts, network, extra hosts, entitlements, /dev/shm, ulimits.
// Secret VALUES never reach argv: docker reads them from its environment (`--secret id=x,env=NAME`)
// or from a file the user named. cache-from/cache-to are deliberately absent (README: the cold
// build must start from nothing and the warm one from exactly the cold one's cache).
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { versionAtLeast, type DockerEnv } from "./detect.js";

export type SecretSource =
  | { kind: "env"; name: string }
  | { kind: "file"; path: string }
  /** The Action's `secrets:` input: the value itself, handed to docker through its environment. */
  | { kind: "value"; value: string };

export interface SecretSpec {
  id: string;
  source: SecretSource;
}

export interface BuildOptions {
  secrets: SecretSpec[];
  /** `default`, `default=/path/to/key` or `id=socket`, as `--ssh` takes them. */
  ssh: string[];
  /** Name → local path, `docker-image://…`, URL: `--build-context name=value`. */
  buildContexts: Record<string, string>;
  network: string | null;
  /** `host:ip`. */
  addHosts: string[];
  /** Entitlements, e.g. `network.host`. */
  allow: string[];
  shmSize: string | null;
  /** `nofile=1024:1024`. */
  ulimits: string[];
}

export const NO_BUILD_OPTIONS: BuildOptions = {
  secrets: [],
  ssh: [],
  buildContexts: {},
  network: null,
  addHosts: [],
  allow: [],
  shmSize: null,
  ulimits: [],
};

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

/** `NAME=VALUE` with a non-empty name; `what` names the setting in the error. */
export function splitPair(text: string, what: string, example: string): [string, string] {
  const eq = text.indexOf("=");
  const key = eq > 0 ? text.slice(0, eq).trim() : "";
  if (!key)
    throw new UsageError(`${what}: expected NAME=VALUE, got "${text.split("=")[0]}" (example: ${example})`);
  return [key, text.slice(eq + 1).trim()];
}

/** docker's own `--secret` syntax: `id=x,env=NAME` or `id=x,src=FILE` (a value is never accepted here). */
export function parseSecretFlag(text: string): SecretSpec {
  const fields = new Map<string, string>();
  for (const part of text.split(",")) {
    const [k, v] = splitPair(part, "--secret", "id=npm_token,env=NPM_TOKEN");
    fields.set(k, v);
  }
  const id = fields.get("id") ?? "";
  const env = fields.get("env");
  const src = fields.get("src") ?? fields.get("source");
  const known = [...fields.keys()].every((k) => ["id", "env", "src", "source", "type"].includes(k));
  if (!SECRET_ID.test(id) || !known || (env === undefined) === (src === undefined)) {
    throw new UsageError(
      `--secret takes id=ID,env=VARIABLE or id=ID,src=FILE (example: --secret id=npm_token,env=NPM_TOKEN); values never go on the command line`,
    );
  }
  return { id, source: env !== undefined ? { kind: "env", name: env } : { kind: "file", path: src ?? "" } };
}

/** A secret from one line of the Action's `secrets`, `secret-files` or `secret-envs` input. */
export function secretFromInput(kind: SecretSource["kind"], line: string, input: string): SecretSpec {
  const [id, value] = splitPair(
    line,
    input,
    `${kind === "value" ? "npm_token=…" : kind === "file" ? "npm_token=./token.txt" : "npm_token=NPM_TOKEN"}`,
  );
  if (!SECRET_ID.test(id))
    throw new UsageError(`${input}: "${id}" is not a secret id (letters, digits, ._-)`);
  const source: SecretSource =
    kind === "value" ? { kind, value } : kind === "file" ? { kind, path: value } : { kind, name: value };
  return { id, source };
}

/**
 * Argv and child environment for the options; inline secret values go to the environment only.
 * `pass` names what docker must read from the tool's own environment: a `--secret env=NAME`, and
 * SSH_AUTH_SOCK for --ssh (docker children get an allowlist, see child-env.ts).
 */
export function buildOptionArgs(
  o: BuildOptions,
  mode: "buildx" | "builtin",
): { argv: string[]; env: Record<string, string>; pass: string[] } {
  if (mode === "builtin" && (Object.keys(o.buildContexts).length || o.allow.length)) {
    throw new UsageError(
      "build contexts and --allow need buildx (docker build of Docker ≤ 22 has neither): drop --mode builtin or install buildx",
    );
  }
  const argv: string[] = [];
  const env: Record<string, string> = {};
  const pass: string[] = o.ssh.length ? ["SSH_AUTH_SOCK"] : [];
  o.secrets.forEach((s, i) => {
    const src = s.source;
    if (src.kind === "file") argv.push("--secret", `id=${s.id},src=${src.path}`);
    else if (src.kind === "env") {
      argv.push("--secret", `id=${s.id},env=${src.name}`);
      pass.push(src.name);
    } else {
      const name = `DOCKER_CACHE_BENCH_SECRET_${i}`;
      env[name] = src.value;
      argv.push("--secret", `id=${s.id},env=${name}`);
    }
  });
  for (const s of o.ssh) argv.push("--ssh", s);
  for (const [name, value] of Object.entries(o.buildContexts))
    argv.push("--build-context", `${name}=${value}`);
  if (o.network) argv.push("--network", o.network);
  for (const h of o.addHosts) argv.push("--add-host", h);
  for (const a of o.allow) argv.push("--allow", a);
  if (o.shmSize) argv.push("--shm-size", o.shmSize);
  for (const u of o.ulimits) argv.push("--ulimit", u);
  return { argv, env, pass };
}

/**
 * Refuses options the builder would drop without a word. The BuildKit inside a Docker 20.10 daemon
 * (the `docker` driver, and the 20.10 client's built-in BuildKit) ignores `--shm-size` and `--ulimit`:
 * measured on 20.10 through buildx 0.13.1 and DOCKER_BUILDKIT=1 docker build, /dev/shm stayed 64 MB
 * and `ulimit -n` the daemon's; Docker 28.5 honours both. BuildKit gained them in 0.10, which
 * daemons ship from 23.0 on. A benchmark of a build other than the one asked for is worse than none.
 */
export function refuseDroppedOptions(
  o: BuildOptions,
  env: Pick<DockerEnv, "mode" | "driver" | "serverVersion">,
): void {
  if (env.driver !== "docker" || versionAtLeast(env.serverVersion, [23, 0])) return;
  const dropped = [...(o.shmSize ? ["--shm-size"] : []), ...(o.ulimits.length ? ["--ulimit"] : [])];
  if (!dropped.length) return;
  const path = env.mode === "buildx" ? "buildx's docker driver" : "the built-in BuildKit";
  throw new UsageError(
    `${dropped.join(" and ")} would not reach the build: Docker ${env.serverVersion}'s BuildKit (${path}) ignores ${dropped.length > 1 ? "them" : "it"} silently; use Docker ≥ 23, or a buildx builder with the docker-container driver (--builder), or drop ${dropped.length > 1 ? "them" : "it"}`,
  );
}

/** Largest secret file read for redaction; bigger ones are keys and certificates, not printed by builds whole. */
const MAX_REDACTED_FILE = 64 * 1024;

/**
 * Every secret's value by id, for the redactor: a RUN step can print what it mounts. A missing
 * environment variable or file is the user's error, said before any build runs.
 */
export async function readSecretValues(
  secrets: readonly SecretSpec[],
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { id, source } of secrets) {
    if (source.kind === "value") out[id] = source.value;
    else if (source.kind === "env") {
      const v = env[source.name];
      if (v === undefined)
        throw new UsageError(`secret ${id}: the environment variable ${source.name} is not set`);
      out[id] = v;
    } else {
      const text = await readFile(source.path, "utf8").catch(() => {
        throw new UsageError(`secret ${id}: cannot read the file ${source.path}`);
      });
      if (text.length <= MAX_REDACTED_FILE) out[id] = text.trim();
    }
  }
  return out;
}
