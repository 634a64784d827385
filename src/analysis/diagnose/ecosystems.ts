// What a RUN does with the code: install dependencies from manifests (which need only the
// manifests, so they belong before the code is copied), or build/test/install the code itself
// (which must rebuild after a code change).
import type { Instruction } from "../../dockerfile/index.js";
import { asPip, commandName, hasFlag, operands, runCommands, subcommand, type Command } from "./shell.js";
import { hasAptUpdate, systemInstalls } from "./packages.js";

export interface DependencyInstall {
  kind: "install";
  /** The command as users know it, e.g. `pip install -r`, `npm ci`, `apt-get install`. */
  tool: string;
  /** Context files it reads: copy these before it. Empty when it reads none (system packages). */
  manifests: string[];
  /** Flag that makes it skip the project itself (`poetry install --no-root`), when it needs one. */
  depsOnlyFlag?: { after: RegExp; flag: string };
  /** The step that installs the project itself once the code is there, for tools that do both. */
  projectStep?: string;
  /** A caveat for the fix, as a Dockerfile comment. */
  note?: string;
}

export type RunKind = DependencyInstall | { kind: "code"; why: string } | { kind: "other" };

const PIP_VALUE_FLAGS = new Set([
  "-r",
  "--requirement",
  "-c",
  "--constraint",
  "-i",
  "--index-url",
  "--extra-index-url",
  "-t",
  "--target",
  "--prefix",
  "--root",
  "-f",
  "--find-links",
]);

/** Commands that read the source tree by their nature. */
const CODE_COMMANDS: Record<string, (cmd: Command) => boolean> = {
  make: () => true,
  cmake: () => true,
  gcc: () => true,
  "g++": () => true,
  javac: () => true,
  tsc: () => true,
  pytest: () => true,
  tox: () => true,
  rake: () => true,
  hugo: () => true,
  webpack: () => true,
  vite: () => true,
  npx: () => true,
  go: (c) =>
    ["build", "test", "generate", "vet", "run"].includes(c[1] ?? "") ||
    (c[1] === "install" && !c.some((w) => w.includes("@"))),
  cargo: (c) => ["build", "test", "install", "run", "rustc"].includes(subcommand(c)?.name ?? ""),
  npm: (c) => ["run", "run-script", "test", "build", "pack", "publish"].includes(subcommand(c)?.name ?? ""),
  yarn: (c) => ["run", "build", "test", "pack"].includes(subcommand(c)?.name ?? ""),
  pnpm: (c) => ["run", "build", "test", "pack", "exec"].includes(subcommand(c)?.name ?? ""),
  bundle: (c) => subcommand(c)?.name === "exec",
  mvn: (c) => c.some((w) => /^(compile|package|install|verify|test|deploy)$/.test(w)),
  gradle: () => true,
  gradlew: () => true,
  dotnet: (c) => ["build", "publish", "test", "pack", "run"].includes(subcommand(c)?.name ?? ""),
  composer: (c) => ["dump-autoload", "dumpautoload", "run-script"].includes(subcommand(c)?.name ?? ""),
  python: (c) =>
    /^(setup\.py|manage\.py)$/.test(c[1]?.split("/").at(-1) ?? "") ||
    (c[1] === "-m" && /^(compileall|build|pytest)$/.test(c[2] ?? "")),
  poetry: (c) => ["build", "run"].includes(subcommand(c)?.name ?? ""),
  uv: (c) => ["build", "run"].includes(subcommand(c)?.name ?? ""),
};

function codeCommand(cmd: Command): string | null {
  const head = cmd[0] ?? "";
  const name = commandName(cmd).replace(/^python[0-9.]+$/, "python");
  if (Object.hasOwn(CODE_COMMANDS, name) && CODE_COMMANDS[name]?.(cmd)) return cmd.slice(0, 3).join(" ");
  // `./build.sh`, `sh scripts/test.sh`: a script from the context.
  if (head.startsWith("./") || (["sh", "bash"].includes(name) && /^[^-]/.test(cmd[1] ?? "-")))
    return cmd.slice(0, 2).join(" ");
  if (/collectstatic|compilemessages|assets:precompile/.test(cmd.join(" "))) return cmd.slice(0, 3).join(" ");
  return null;
}

/** `pip install`: requirement files are manifests; `.`, a path or `-e` installs the project itself. */
function pipInstall(cmd: Command): RunKind | null {
  const pip = asPip(cmd);
  if (!pip || pip[1] !== "install") return null;
  const files: string[] = [];
  for (let i = 2; i < pip.length; i++) {
    const w = pip[i] as string;
    const m = /^(?:-r|--requirement|-c|--constraint)(?:=(.+))?$/.exec(w) ?? /^-[rc](.+)$/.exec(w);
    if (m) {
      const file = m[1] ?? pip[++i];
      if (file) files.push(file);
    }
  }
  const targets = operands(pip, 2, PIP_VALUE_FLAGS);
  if (
    hasFlag(pip, "-e", "--editable") ||
    targets.some((t) => !t.includes("://") && (t.startsWith(".") || t.includes("/")))
  ) {
    return { kind: "code", why: "installs the project itself" };
  }
  return { kind: "install", tool: files.length ? "pip install -r" : "pip install", manifests: files };
}

function manifestInstall(cmd: Command): DependencyInstall | null {
  const name = commandName(cmd);
  const sub = subcommand(cmd)?.name;
  const words = cmd.join(" ");
  if (name === "npm" && sub === "ci")
    return { kind: "install", tool: "npm ci", manifests: ["package.json", "package-lock.json"] };
  if (name === "npm" && (sub === "install" || sub === "i")) {
    // `npm install -g tool` reads no manifest; a plain `npm install` reads package*.json.
    const global = hasFlag(cmd, "-g", "--global");
    return { kind: "install", tool: "npm install", manifests: global ? [] : ["package*.json"] };
  }
  if (name === "yarn" && (sub === undefined || sub === "install"))
    return { kind: "install", tool: "yarn install", manifests: ["package.json", "yarn.lock"] };
  if (name === "pnpm" && (sub === "install" || sub === "i"))
    return { kind: "install", tool: "pnpm install", manifests: ["package.json", "pnpm-lock.yaml"] };
  if (name === "pnpm" && sub === "fetch")
    return { kind: "install", tool: "pnpm fetch", manifests: ["pnpm-lock.yaml"] };
  if (name === "bundle" && sub === "install")
    return { kind: "install", tool: "bundle install", manifests: ["Gemfile", "Gemfile.lock"] };
  // `go install tool@version` fetches a tool and reads nothing from the context.
  if (name === "go" && sub === "install" && cmd.some((w) => w.includes("@"))) {
    return { kind: "install", tool: "go install", manifests: [] };
  }
  if (name === "go" && cmd[1] === "mod" && cmd[2] === "download")
    return { kind: "install", tool: "go mod download", manifests: ["go.mod", "go.sum"] };
  if (name === "composer" && sub === "install")
    return { kind: "install", tool: "composer install", manifests: ["composer.json", "composer.lock"] };
  if (name === "cargo" && sub === "fetch") {
    const note =
      "cargo reads Cargo.toml only with a target present: add a stub src/main.rs first, or use cargo-chef";
    return { kind: "install", tool: "cargo fetch", manifests: ["Cargo.toml", "Cargo.lock"], note };
  }
  if (name === "cargo" && sub === "chef" && cmd.includes("cook"))
    return { kind: "install", tool: "cargo chef cook", manifests: ["recipe.json"] };
  if (name === "poetry" && sub === "install") {
    return {
      kind: "install",
      tool: "poetry install",
      manifests: ["pyproject.toml", "poetry.lock"],
      depsOnlyFlag: { after: /poetry\s+install/, flag: "--no-root" },
      projectStep: "RUN poetry install --only-root",
    };
  }
  if (name === "uv" && sub === "sync") {
    return {
      kind: "install",
      tool: "uv sync",
      manifests: ["pyproject.toml", "uv.lock"],
      depsOnlyFlag: { after: /uv\s+sync/, flag: "--no-install-project" },
      projectStep: "RUN uv sync",
    };
  }
  if (name === "pipenv" && sub === "install")
    return { kind: "install", tool: "pipenv install", manifests: ["Pipfile", "Pipfile.lock"] };
  if (name === "mvn" && /dependency:(go-offline|resolve)/.test(words))
    return { kind: "install", tool: "mvn dependency:go-offline", manifests: ["pom.xml"] };
  if (name === "dotnet" && sub === "restore") {
    const note = "a glob COPY flattens directories: copy each project's .csproj to its own directory";
    return { kind: "install", tool: "dotnet restore", manifests: ["*.csproj"], note };
  }
  if (/^(conda|mamba|micromamba)$/.test(name) && /\benv\s+(create|update)\b|\binstall\b/.test(words)) {
    const f = cmd.findIndex((w) => w === "-f" || w === "--file");
    const file = f === -1 ? undefined : cmd[f + 1];
    return { kind: "install", tool: `${name} env`, manifests: file ? [file] : [] };
  }
  return null;
}

function classifyCommand(cmd: Command): RunKind {
  const code = codeCommand(cmd);
  if (code) return { kind: "code", why: `runs \`${code}\`` };
  const pip = pipInstall(cmd);
  if (pip) return pip;
  return manifestInstall(cmd) ?? { kind: "other" };
}

/**
 * A RUN is code when any of its commands is; else an install when any command installs
 * (manifests of every install in it are collected); else other.
 */
export function classifyRun(ins: Instruction): RunKind {
  const kinds = runCommands(ins).map(classifyCommand);
  const code = kinds.find((k) => k.kind === "code");
  if (code) return code;
  const installs = kinds.filter((k): k is DependencyInstall => k.kind === "install");
  const system = systemInstalls(ins);
  if (!installs.length && (system.length || hasAptUpdate(ins))) {
    return {
      kind: "install",
      tool: system[0]
        ? `${system[0].manager} ${system[0].manager === "apk" ? "add" : "install"}`
        : "apt-get update",
      manifests: [],
    };
  }
  const first = installs[0];
  if (!first) return { kind: "other" };
  return { ...first, manifests: [...new Set(installs.flatMap((i) => i.manifests))] };
}
