// One variable selects the Docker engine the test suites run on: DCB_ENGINE (unset: whatever `docker`
// points at, unchecked — a developer's own machine).
//   docker20           the machine's default daemon (Docker 20.10, classic store, buildx 0.13.1)
//   modern-containerd  Docker 28.5 with the containerd image store, buildx 0.29.1
//   modern-classic     Docker 28.5 with the classic store (overlay2), buildx 0.29.1
// The modern engines run side by side with 20.10 (scripts/setup-modern-docker.sh); each has an env file
// of `export` lines. applyEngine() puts that environment into process.env, so every child process the
// tests spawn — docker, the CLI, the bundled Action — inherits it, then checks the daemon really is the
// selected one, so a suite can never pass on the wrong engine unnoticed.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export const ENGINES = ["docker20", "modern-containerd", "modern-classic"] as const;
export type EngineName = (typeof ENGINES)[number];

const MODERN_ROOT = process.env.DCB_MODERN_ROOT ?? "/opt/docker-cache-bench/modern";
/** Variables an engine's env file may set; for docker20 they are cleared back to the machine's defaults. */
const ENGINE_VARS = ["DOCKER_HOST", "DOCKER_CONFIG", "PATH"] as const;

export interface EngineFacts {
  name: EngineName | "unselected";
  /** Major version of the daemon. */
  serverMajor: number;
  containerdStore: boolean;
  /** `docker info` .Driver: a graph driver (classic store) or a snapshotter (containerd store). */
  storageDriver: string;
}

export function selectedEngine(env: NodeJS.ProcessEnv = process.env): EngineName | null {
  const name = env.DCB_ENGINE;
  if (!name) return null;
  if (!(ENGINES as readonly string[]).includes(name)) {
    throw new Error(`DCB_ENGINE=${name}: expected one of ${ENGINES.join(", ")}`);
  }
  return name as EngineName;
}

/** The environment a modern engine's env file sets, read by the shell itself so `${PATH#…}` means what it says. */
export function engineEnv(
  name: Exclude<EngineName, "docker20">,
): Record<(typeof ENGINE_VARS)[number], string> {
  const file = join(MODERN_ROOT, "env", `${name}.env`);
  const script = `. "$1" && printf '%s\\0' ${ENGINE_VARS.map((v) => `"$${v}"`).join(" ")}`;
  let out: string;
  try {
    out = execFileSync("bash", ["-c", script, "_", file], { encoding: "utf8" });
  } catch {
    throw new Error(`engine ${name}: cannot read ${file}; run scripts/setup-modern-docker.sh ${name} first`);
  }
  const [host = "", config = "", path = ""] = out.split("\0");
  return { DOCKER_HOST: host, DOCKER_CONFIG: config, PATH: path };
}

let current: EngineFacts | null = null;

/** The engine this test file runs on (test/support/select-engine.ts applied it before the file loaded). */
export function currentEngine(): EngineFacts {
  current ??= applyEngine();
  return current;
}

/** Makes env point at the selected engine and returns what that engine is. */
export function applyEngine(env: NodeJS.ProcessEnv = process.env): EngineFacts {
  const name = selectedEngine(env);
  if (name === null) return readEngine("unselected", env);
  if (name === "docker20") {
    delete env.DOCKER_HOST;
    delete env.DOCKER_CONFIG;
    env.PATH = (env.PATH ?? "")
      .split(":")
      .filter((p) => !p.startsWith(MODERN_ROOT))
      .join(":");
  } else {
    Object.assign(env, engineEnv(name));
  }
  const facts = readEngine(name, env);
  const want = { docker20: [20, false], "modern-containerd": [28, true], "modern-classic": [28, false] }[
    name
  ];
  if (facts.serverMajor !== want[0] || facts.containerdStore !== want[1]) {
    throw new Error(
      `DCB_ENGINE=${name} but docker talks to engine ${facts.serverMajor} (${facts.containerdStore ? "containerd" : "classic"} store)`,
    );
  }
  return facts;
}

function readEngine(name: EngineFacts["name"], env: NodeJS.ProcessEnv): EngineFacts {
  const info = execFileSync(
    "docker",
    ["info", "--format", "{{.ServerVersion}}|{{.Driver}}|{{json .DriverStatus}}"],
    {
      encoding: "utf8",
      env,
    },
  ).trim();
  const [version = "", storageDriver = "", status = ""] = info.split("|");
  return {
    name,
    serverMajor: Number(version.split(".")[0]),
    containerdStore: status.includes("io.containerd.snapshotter"),
    storageDriver,
  };
}
