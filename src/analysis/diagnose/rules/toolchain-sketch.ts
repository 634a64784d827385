// The multi-stage sketch of toolchain-in-final-image: one for the whole Dockerfile, whatever the
// number of toolchain lines. The original instructions become a build stage; the final stage
// starts clean and gets back what the app runs with: every run-time package any line installed,
// the users it runs as, the virtualenv, and the paths the build wrote to. Never `COPY --from=build
// / /`: that copies the toolchain too.
import { posix } from "node:path";
import type { Instruction, Stage } from "../../../dockerfile/index.js";
import type { DiagnosisContext } from "../context.js";
import { classifyRun } from "../ecosystems.js";
import { systemInstalls, type SystemInstall } from "../packages.js";
import { asPip, commandName, hasFlag, runCommands } from "../shell.js";
import { instructionText } from "../text.js";

/** Metadata the running container needs, which the final stage keeps. */
const RUNTIME_KEYWORDS = new Set([
  "ENV",
  "EXPOSE",
  "USER",
  "CMD",
  "ENTRYPOINT",
  "HEALTHCHECK",
  "LABEL",
  "STOPSIGNAL",
  "VOLUME",
]);

/** Toolchain images have a smaller sibling to run in. */
const RUNTIME_BASE: [RegExp, string][] = [
  [/^(docker\.io\/)?(library\/)?golang(:|$)/, "gcr.io/distroless/static-debian12"],
  [/^(docker\.io\/)?(library\/)?(rust|gcc)(:|$)/, "debian:bookworm-slim"],
  [/^(docker\.io\/)?(library\/)?maven(:|$)/, "eclipse-temurin:21-jre"],
];

/**
 * A Go binary built with cgo (a C compiler installed, `CGO_ENABLED=1`) links against libc:
 * distroless/static has none, distroless/base has glibc.
 */
function runtimeBaseFor(base: string, tools: Set<string>, all: Instruction[]): string | undefined {
  const found = RUNTIME_BASE.find(([re]) => re.test(base))?.[1];
  if (found !== "gcr.io/distroless/static-debian12") return found;
  const cgo =
    [...tools].some((t) => /^(gcc|g\+\+|build-essential|build-base|musl-dev|libc6?-dev|clang)/.test(t)) ||
    all.some((i) => /CGO_ENABLED=1/.test(i.args));
  if (!cgo) return found;
  return /:.*alpine/.test(base) ? "alpine:3" : "gcr.io/distroless/base-debian12";
}

/** Commands that make the users and directories a USER line needs; they read nothing. */
const USER_SETUP = new Set(["useradd", "adduser", "groupadd", "addgroup", "mkdir", "chown", "chmod", "ln"]);

/** System directories of the base image: an output there is copied as the file, never the directory. */
const SYSTEM_DIRS = /^\/(usr(\/local)?\/)?(s?bin|lib|lib64|etc)?\/?$/;

export interface ToolchainLine {
  ins: Instruction;
  tools: string[];
}

export function multiStageSketch(ctx: DiagnosisContext, lines: ToolchainLine[]): string[] {
  const stages = ctx.imageStages;
  const root = stages[0] as Stage;
  const all = stages.flatMap((s) => s.instructions);
  const name = buildStageName(ctx);
  const firstPip = all.find((i) => runCommands(i).some((c) => asPip(c)?.[1] === "install"));
  const build = [`FROM ${root.base} AS ${name}`];
  for (const i of all) {
    if (RUNTIME_KEYWORDS.has(i.keyword) && i.keyword !== "ENV") continue;
    if (i === firstPip) build.push("RUN python -m venv /opt/venv", 'ENV PATH="/opt/venv/bin:$PATH"');
    build.push(instructionText(i));
  }
  const tools = new Set(lines.flatMap((l) => l.tools));
  const runtimeBase = runtimeBaseFor(root.baseResolved, tools, all);
  const final = ["", `FROM ${runtimeBase ?? root.base}`];
  if (runtimeBase) final.push(`# (${root.baseResolved} is itself a toolchain image)`);
  final.push(...runtimePackages(all.flatMap(systemInstalls), tools));
  final.push(...userSetup(all));
  if (firstPip) final.push(`COPY --from=${name} /opt/venv /opt/venv`, 'ENV PATH="/opt/venv/bin:$PATH"');
  final.push(...appFiles(ctx, all, name));
  for (const i of all) if (RUNTIME_KEYWORDS.has(i.keyword)) final.push(instructionText(i));
  const which = lines.map((l) => l.ins.line);
  const note =
    which.length === 1
      ? `# line ${which[0]}'s toolchain stays in the build stage`
      : `# the toolchain of lines ${which.join(", ")} stays in the build stage`;
  return [note, ...build, ...final];
}

/** `build`, unless another stage of the Dockerfile already has that name. */
function buildStageName(ctx: DiagnosisContext): string {
  const taken = new Set(ctx.model.stages.map((s) => s.name));
  return ["build", "toolchain", "build-stage"].find((n) => !taken.has(n)) ?? "build-stage";
}

/** The packages of every install that are not toolchain: the running app may need any of them. */
function runtimePackages(installs: SystemInstall[], tools: Set<string>): string[] {
  const out: string[] = [];
  const headers = [...tools].filter((t) => /-(dev|devel)$/.test(t));
  if (headers.length) out.push(`# plus the run-time library of each -dev package: ${headers.join(", ")}`);
  for (const manager of ["apt-get", "apk", "yum"] as const) {
    const pkgs = installs
      .filter((i) => i.manager === manager)
      .flatMap((i) => i.packages.filter((p) => !tools.has(p)));
    if (!pkgs.length) continue;
    const list = [...new Set(pkgs)].join(" ");
    if (manager === "apt-get") {
      out.push(
        `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`,
      );
    } else if (manager === "apk") {
      out.push(`RUN apk add --no-cache ${list}`);
    } else {
      out.push(`RUN yum install -y ${list} && yum clean all`);
    }
  }
  return out;
}

/** RUN lines that only create users and their directories: a USER line fails without them. */
function userSetup(all: Instruction[]): string[] {
  if (!all.some((i) => i.keyword === "USER")) return [];
  return all
    .filter((i) => {
      const cmds = runCommands(i);
      return cmds.length > 0 && cmds.every((c) => USER_SETUP.has(commandName(c)));
    })
    .map(instructionText);
}

/**
 * What the build wrote that the app runs with: the working directory, where each COPY put its
 * files, and the `-o` outputs of compilers. A COPY of the context to `/` is repeated from the
 * context; what a RUN wrote to `/` cannot be told from the toolchain, so the sketch names it.
 */
function appFiles(ctx: DiagnosisContext, all: Instruction[], name: string): string[] {
  const workdir = all.filter((i) => i.keyword === "WORKDIR").at(-1);
  const dir = workdir ? posix.resolve(ctx.workdirAt(workdir), workdir.args.trim()) : "/";
  const paths = new Set<string>(dir === "/" ? [] : [dir]);
  const fromContext: string[] = [];
  for (const i of all) {
    if (i.keyword === "COPY" || i.keyword === "ADD") {
      const copy = ctx.copies.find((c) => c.instruction === i);
      const words = i.args
        .replace(/^(\s*--\S+)+\s*/, "")
        .trim()
        .split(/\s+/);
      const dest = copy?.destination ?? words.at(-1) ?? ".";
      const sources = copy?.sources ?? words.slice(0, -1);
      const target = posix.resolve(ctx.workdirAt(i), dest);
      if (target === "/") fromContext.push(instructionText(i));
      // Into a system directory (`COPY run.sh /usr/local/bin/`): the files, not the directory.
      else if (SYSTEM_DIRS.test(`${target}/`))
        for (const s of sources) paths.add(posix.join(target, posix.basename(s)));
      else paths.add(target);
    }
    for (const out of outputs(i)) paths.add(posix.resolve(ctx.workdirAt(i), out));
    const made = installDir(i);
    if (made) paths.add(posix.resolve(ctx.workdirAt(i), made));
  }
  const lines: string[] = [];
  if (dir !== "/") lines.push(`WORKDIR ${dir}`);
  for (const p of outermost([...paths])) lines.push(`COPY --from=${name} ${p} ${p}`);
  lines.push(...fromContext);
  if (dir === "/") {
    const writers = all.filter((i) => i.keyword === "RUN" && writesUnknown(i)).map((i) => i.line);
    if (writers.length)
      lines.push(
        `# the app lives in /, next to the toolchain: copy what line${writers.length > 1 ? "s" : ""} ${writers.join(", ")} made that it needs, by path`,
      );
  }
  if (!lines.length) lines.push(`# COPY --from=${name} <what the app needs at run time> <where>`);
  return lines;
}

/** `go build -o /server`, `gcc -o app main.c`, `cargo build --out-dir /out`: where a compiler writes. */
function outputs(ins: Instruction): string[] {
  if (ins.keyword !== "RUN") return [];
  const out: string[] = [];
  for (const c of runCommands(ins)) {
    for (let i = 1; i < c.length; i++) {
      const w = c[i] as string;
      const m = /^(?:-o|--output|--out-dir)(?:=(.+))?$/.exec(w);
      if (m && !["apt-get", "curl", "wget"].includes(commandName(c))) {
        const path = m[1] ?? c[i + 1];
        if (path && !path.startsWith("-")) out.push(path);
      }
    }
  }
  return out;
}

/** Where an install writes, relative to its working directory, when the tool says so by itself. */
const INSTALL_DIRS: [RegExp, string][] = [
  [/^(npm|yarn|pnpm|bun) /, "node_modules"],
  [/^composer /, "vendor"],
];
/** Installs that may write into the working directory, where is up to their config (.venv). */
const MAY_WRITE_HERE = /^(uv|poetry|pipenv) /;

function installDir(ins: Instruction): string | null {
  const kind = classifyRun(ins);
  if (kind.kind !== "install" || runCommands(ins).some((c) => hasFlag(c, "-g", "--global"))) return null;
  return INSTALL_DIRS.find(([re]) => re.test(kind.tool))?.[1] ?? null;
}

/** A RUN that writes to the working directory without saying where: a build, or such an install. */
function writesUnknown(ins: Instruction): boolean {
  const kind = classifyRun(ins);
  if (kind.kind === "code") return outputs(ins).length === 0;
  return kind.kind === "install" && MAY_WRITE_HERE.test(kind.tool);
}

/** Paths not inside another of the list. */
function outermost(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q === "/" ? q : `${q}/`)));
}
