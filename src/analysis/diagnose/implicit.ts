// Builds that fetch their dependencies themselves: `dotnet build`/`publish`/`test` restore the
// NuGet packages unless told `--no-restore`, a Gradle task other than `dependencies` or a Maven
// build goal downloads every artifact it resolves, `go build` downloads the modules go.sum names.
// After a COPY of the code they must rebuild, but the download inside them need not: the
// explicit step (`dotnet restore`, `gradle dependencies`, `mvn dependency:go-offline`,
// `go mod download`) run on the manifests alone, before the code, keeps it cached. A build after
// such a step (anywhere earlier in its stages) is already split and is left alone; so is one that
// is offline (`--offline`, `-o`, `-mod=vendor`, a vendor/ directory the context sends).
import type { Instruction } from "../../dockerfile/index.js";
import { lineage, type DiagnosisContext } from "./context.js";
import { classifyRun } from "./ecosystems.js";
import { isGradleDependencies, manifestInstall, type DependencyInstall } from "./installs.js";
import {
  commandName,
  hasFlag,
  operands,
  runCommands,
  splitCommands,
  subcommand,
  type Command,
} from "./shell.js";

export interface ImplicitFetch {
  /** The explicit step to run before the code, e.g. `RUN dotnet restore "app.csproj"`. */
  run: string;
  /** What the build does that the step takes over, for the message. */
  what: string;
  install: DependencyInstall;
}

const MAVEN_BUILD = /^(compile|test|package|install|verify|deploy|spring-boot:\w+)$/;
const GO_BUILD = new Set(["build", "install", "test", "vet", "run", "generate"]);
const DOTNET_RESTORING = new Set(["build", "publish", "test", "pack", "run"]);
const DOTNET_PROJECT = /\.(csproj|fsproj|vbproj|sln|slnx)$/;
const DOTNET_VALUE_FLAGS = new Set([
  "-c",
  "--configuration",
  "-o",
  "--output",
  "-f",
  "--framework",
  "-r",
  "--runtime",
]);

/**
 * `-mod=vendor` / `-mod vendor`: go reads vendor/ and downloads nothing (set in GOFLAGS instead,
 * it needs the vendor/modules.txt that fetchedBefore looks for). `-mod=readonly`, the default
 * since Go 1.16, only forbids changing go.mod: it still downloads.
 */
const goVendored = (cmd: Command) =>
  cmd.some((w, i) => w === "-mod=vendor" || (w === "-mod" && cmd[i + 1] === "vendor"));

/** The dependency fetch a RUN's build does by itself, or null. */
export function implicitFetch(ins: Instruction): ImplicitFetch | null {
  // A cache mount keeps what the build downloads from one build to the next.
  if (ins.mounts.some((m) => /(^|,)type=cache(,|$)/.test(m))) return null;
  for (const cmd of runCommands(ins)) {
    const name = commandName(cmd);
    const sub = subcommand(cmd)?.name ?? "";
    let run: string | null = null;
    let what = "";
    if (name === "dotnet" && DOTNET_RESTORING.has(sub) && !hasFlag(cmd, "--no-restore")) {
      const project = operands(cmd, 2, DOTNET_VALUE_FLAGS).find((w) => DOTNET_PROJECT.test(w));
      run = `dotnet restore${project ? ` ${/^[\w./-]+$/.test(project) ? project : JSON.stringify(project)}` : ""}`;
      what = "restores its NuGet packages";
    } else if ((name === "gradle" || name === "gradlew") && sub && !isGradleDependencies(cmd)) {
      if (hasFlag(cmd, "--offline")) continue;
      run = `${cmd[0]} dependencies${hasFlag(cmd, "--no-daemon") ? " --no-daemon" : ""}`;
      what = "downloads its dependencies";
    } else if ((name === "mvn" || name === "mvnw") && cmd.some((w) => MAVEN_BUILD.test(w))) {
      if (hasFlag(cmd, "-o", "--offline")) continue;
      run = `${cmd[0]} dependency:go-offline${hasFlag(cmd, "-B", "--batch-mode") ? " -B" : ""}`;
      what = "downloads its dependencies";
    } else if (name === "go" && GO_BUILD.has(sub) && !cmd.some((w) => w.includes("@"))) {
      if (goVendored(cmd)) continue;
      run = "go mod download";
      what = "downloads its modules";
    }
    const install = run === null ? null : manifestInstall(splitCommands(run)[0] ?? []);
    if (run !== null && install) return { run: `RUN ${run}`, what, install };
  }
  return null;
}

/**
 * Whether an earlier RUN of the build's stages already fetches: the explicit step, or an earlier
 * build that fetches implicitly (`dotnet publish` after `dotnet build`: the build's finding is
 * the one to fix, and the same fix covers both).
 */
export function fetchedBefore(ctx: DiagnosisContext, ins: Instruction, fetch: ImplicitFetch): boolean {
  // Vendored modules: `go build` reads vendor/ and downloads nothing.
  if (fetch.install.tool === "go mod download" && ctx.files.status("vendor/modules.txt") === "sent")
    return true;
  const stage = ctx.stageOf(ins);
  return lineage(ctx.model, stage)
    .flatMap((s) => s.instructions)
    .some((i) => {
      if (i.keyword !== "RUN" || (ctx.stageOf(i) === stage && i.line >= ins.line)) return false;
      const kind = classifyRun(i);
      if (kind.kind === "install" && kind.tool === fetch.install.tool) return true;
      return implicitFetch(i)?.install.tool === fetch.install.tool;
    });
}
