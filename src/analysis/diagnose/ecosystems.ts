// What a RUN does with the code: install dependencies from manifests (which need only the
// manifests, so they belong before the code is copied), or build/test/install the code itself
// (which must rebuild after a code change).
import type { Instruction } from "../../dockerfile/index.js";
import { asPip, commandName, hasFlag, operands, runCommands, subcommand, type Command } from "./shell.js";
import { hasAptUpdate, systemInstalls } from "./packages.js";
import { isGradleDependencies, manifestInstall, type DependencyInstall } from "./installs.js";

export type { DependencyInstall } from "./installs.js";

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
    (c[1] === "install" && !c.some((w) => w.includes("@"))) ||
    // tidy and vendor read the imports of the code; download reads only go.mod and go.sum.
    (c[1] === "mod" && ["tidy", "vendor"].includes(c[2] ?? "")),
  cargo: (c) => ["build", "test", "install", "run", "rustc"].includes(subcommand(c)?.name ?? ""),
  npm: (c) => ["run", "run-script", "test", "build", "pack", "publish"].includes(subcommand(c)?.name ?? ""),
  yarn: (c) => ["run", "build", "test", "pack"].includes(subcommand(c)?.name ?? ""),
  pnpm: (c) => ["run", "build", "test", "pack", "exec"].includes(subcommand(c)?.name ?? ""),
  bundle: (c) => subcommand(c)?.name === "exec",
  mvn: (c) =>
    c.some((w) => /^(compile|package|install|verify|test|deploy)$/.test(w) || /^spring-boot:/.test(w)),
  mvnw: (c) => CODE_COMMANDS["mvn"]?.(c) ?? false,
  gradle: (c) => !isGradleDependencies(c),
  gradlew: (c) => !isGradleDependencies(c),
  bun: (c) => ["run", "build", "test", "x"].includes(subcommand(c)?.name ?? ""),
  // `gem build x.gemspec`, `gem install ./pkg/x.gem`: the project's own gem.
  gem: (c) =>
    subcommand(c)?.name === "build" ||
    (subcommand(c)?.name === "install" && c.slice(2).some((w) => /\.gem$/.test(w) || w.startsWith("."))),
  dotnet: (c) => ["build", "publish", "test", "pack", "run"].includes(subcommand(c)?.name ?? ""),
  composer: (c) => ["dump-autoload", "dumpautoload", "run-script"].includes(subcommand(c)?.name ?? ""),
  python: (c) =>
    /^(setup\.py|manage\.py)$/.test(c[1]?.split("/").at(-1) ?? "") ||
    (c[1] === "-m" && /^(compileall|build|pytest)$/.test(c[2] ?? "")),
  poetry: (c) => ["build", "run"].includes(subcommand(c)?.name ?? ""),
  uv: (c) => ["build", "run"].includes(subcommand(c)?.name ?? ""),
};

/** A command that reads the code by its name (`go build`, `npm run build`, `make`). */
function namedCodeCommand(cmd: Command): string | null {
  const name = commandName(cmd).replace(/^python[0-9.]+$/, "python");
  return Object.hasOwn(CODE_COMMANDS, name) && CODE_COMMANDS[name]?.(cmd) ? cmd.slice(0, 3).join(" ") : null;
}

/** A script from the context (`./build.sh`, `sh scripts/test.sh`), or a framework's build task. */
function scriptCommand(cmd: Command): string | null {
  const head = cmd[0] ?? "";
  const name = commandName(cmd);
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
  return {
    kind: "install",
    tool: files.length ? "pip install -r" : "pip install",
    manifests: files,
    needs: [commandName(cmd)],
  };
}

/**
 * Code by name first (`mvn dependency:resolve package` builds), then installs, then scripts: a
 * wrapper in the context (`./mvnw dependency:go-offline`) that only resolves is an install.
 */
function classifyCommand(cmd: Command): RunKind {
  const code = namedCodeCommand(cmd);
  if (code) return { kind: "code", why: `runs \`${code}\`` };
  const install = pipInstall(cmd) ?? manifestInstall(cmd);
  if (install) return install;
  const script = scriptCommand(cmd);
  return script ? { kind: "code", why: `runs \`${script}\`` } : { kind: "other" };
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
      needs: [],
    };
  }
  const first = installs[0];
  if (!first) return { kind: "other" };
  return installs.length === 1 ? first : mergeInstalls(first, installs);
}

/** Several installs in one RUN: the first one's tool and fix flags, every one's files and needs. */
function mergeInstalls(first: DependencyInstall, all: DependencyInstall[]): DependencyInstall {
  const union = (pick: (i: DependencyInstall) => string[] | undefined) => [
    ...new Set(all.flatMap((i) => pick(i) ?? [])),
  ];
  return {
    ...first,
    manifests: union((i) => i.manifests),
    mayLack: union((i) => i.mayLack),
    optional: union((i) => i.optional),
    needs: union((i) => i.needs),
    note: all.map((i) => i.note).find(Boolean),
  };
}
