// I/O: asks buildx what a bake or compose file builds (`docker buildx bake --print`), so the tool
// reads HCL, JSON and compose files exactly as `docker buildx bake` does and keeps no parser of
// its own. Needs the buildx plugin (a Docker 20.10 client's built-in BuildKit has no bake).
import { execText } from "../docker/exec.js";
import { EnvironmentError, errorMessage, UsageError } from "../errors.js";
import { parseBakePrint, type BakePlan } from "./parse.js";

export interface BakeOptions {
  docker: string;
  /** Bake or compose files (`-f`, repeatable, in order); paths in them resolve against `cwd`. */
  files: string[];
  /** Targets or groups; empty: the file's default group. */
  targets: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export async function resolveBake(o: BakeOptions): Promise<BakePlan> {
  const argv = [o.docker, "buildx", "bake", ...o.files.flatMap((f) => ["-f", f]), "--print", ...o.targets];
  let out: string;
  try {
    out = await execText(argv, { cwd: o.cwd, ...(o.env ? { env: o.env } : {}) });
  } catch (e) {
    const text = errorMessage(e);
    if (/is not a docker command|unknown command/i.test(text))
      throw new EnvironmentError(
        `bake needs the buildx plugin (\`${o.docker} buildx\` is not there): ${text}`,
      );
    throw new UsageError(
      `docker buildx bake --print ${[...o.files.map((f) => `-f ${f}`), ...o.targets].join(" ")} failed: ${text}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(out);
  } catch (e) {
    throw new UsageError(`docker buildx bake --print did not print JSON: ${errorMessage(e)}`);
  }
  const plan = parseBakePrint(json, o.cwd);
  if (!plan.images.length)
    throw new UsageError(
      `${o.files.join(", ")}: no target to benchmark${plan.declined.length ? ` (${plan.declined.join("; ")})` : ""}`,
    );
  return plan;
}
