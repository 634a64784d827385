// I/O: asks buildx what a bake or compose file builds (`docker buildx bake --print`), so the tool
// reads HCL, JSON and compose files exactly as `docker buildx bake` does and keeps no parser of
// its own. Needs the buildx plugin (a Docker 20.10 client's built-in BuildKit has no bake).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { DOCKER_ENV_ALLOWLIST, dockerChildEnv } from "../docker/child-env.js";
import { ExecError, execText } from "../docker/exec.js";
import { EnvironmentError, errorMessage, UsageError } from "../errors.js";
import { createRedactor } from "../report/redact.js";
import { capText, oneLine } from "../report/untrusted.js";
import { parseBakePrint, unprintedAttributes, type BakePlan } from "./parse.js";

/**
 * `--print` reads local files and prints JSON, well under a second; a buildx that hangs (a
 * builder it waits for, a remote file it fetches) must not hang the run, or the job until the
 * runner kills it.
 */
export const BAKE_PRINT_TIMEOUT_MS = 60_000;

export interface BakeOptions {
  docker: string;
  /** Bake or compose files (`-f`, repeatable, in order); paths in them resolve against `cwd`. */
  files: string[];
  /** Targets or groups; empty: the file's default group. */
  targets: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function resolveBake(o: BakeOptions): Promise<BakePlan> {
  const argv = [o.docker, "buildx", "bake", ...o.files.flatMap((f) => ["-f", f]), "--print", ...o.targets];
  const shown = `docker buildx bake --print ${[...o.files.map((f) => `-f ${f}`), ...o.targets].join(" ")}`;
  const source = o.env ?? process.env;
  const vars = await fileVariables(o.files, o.cwd, source);
  const timeoutMs = o.timeoutMs ?? BAKE_PRINT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let out: string;
  try {
    out = await execText(argv, { cwd: o.cwd, env: dockerChildEnv(source, { pass: vars }), signal });
  } catch (e) {
    if (signal.aborted)
      throw new EnvironmentError(`${shown} gave no answer in ${timeoutMs / 1000} s and was stopped`);
    throw bakeFailure(e, shown, o.docker, createRedactor(variableValues(source, vars)));
  }
  let json: unknown;
  try {
    json = JSON.parse(out);
  } catch {
    // The parser's message quotes the text, and the text holds the values the file interpolated.
    throw new UsageError(`${shown} did not print JSON (${out.length} characters of something else)`);
  }
  const plan = parseBakePrint(json, o.cwd, { compose: o.files.some(isComposeFile) });
  const texts = await Promise.all(
    o.files.map(async (name) => ({
      name,
      text: await readFile(resolve(o.cwd, name), "utf8").catch(() => ""),
    })),
  );
  plan.declined.push(...unprintedAttributes(json, texts));
  if (!plan.images.length)
    throw new UsageError(
      `${o.files.join(", ")}: no target to benchmark${plan.declined.length ? ` (${plan.declined.join("; ")})` : ""}`,
    );
  return plan;
}

/**
 * buildx reads `.hcl` and `.json` files as bake files and anything else it can parse as compose
 * (in practice `compose.yaml`, `docker-compose.yml` and their overrides).
 */
export function isComposeFile(file: string): boolean {
  return !/\.(hcl|json)$/i.test(file);
}

/** Characters of buildx's stderr quoted in the error: its last lines, not a dump of the file. */
const MAX_DETAIL = 1000;

/** The failure, with buildx's last stderr lines redacted: they can quote what the file interpolated. */
function bakeFailure(e: unknown, shown: string, docker: string, redact: (t: string) => string): Error {
  const raw =
    e instanceof ExecError
      ? e.stderrTail
          .filter((l) => l.trim())
          .slice(-3)
          .join(" / ") || `exited with ${e.exitCode}`
      : errorMessage(e);
  // Redacted before it is cut, so no value is left half in; a one-line message with no escapes.
  const detail = capText(oneLine(redact(raw)), MAX_DETAIL);
  if (/is not a docker command|unknown command/i.test(detail))
    return new EnvironmentError(
      `bake needs the buildx plugin (\`${docker} buildx\` is not there): ${detail}`,
    );
  return new UsageError(`${shown} failed: ${detail}`);
}

/**
 * The environment variables a bake file can read: HCL `variable` blocks and compose `${NAME}`
 * interpolation take their values from buildx's environment by name, so every name the files
 * spell that is set is passed to `bake --print` (docker children get an allowlist otherwise).
 */
export async function fileVariables(
  files: readonly string[],
  cwd: string,
  source: NodeJS.ProcessEnv,
): Promise<string[]> {
  const names = new Set<string>();
  for (const f of files) {
    const text = await readFile(resolve(cwd, f), "utf8").catch(() => "");
    for (const [word] of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (source[word] !== undefined) names.add(word);
    }
  }
  return [...names].sort();
}

/** Values of the passed variables that are not plain docker configuration, for the redactor. */
function variableValues(source: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = source[n];
    if (v !== undefined && !DOCKER_ENV_ALLOWLIST.includes(n)) out[n] = v;
  }
  return out;
}
