// no-dockerignore and git-in-context: what the build sends to the daemon that the image does
// not need. Measured from the cold build's context transfer and the context's ignore rules.
// .git is the costly one: `COPY . .` then changes with every commit (whycache found 22% of
// Dockerfiles invalidated on every commit this way), but excluding it blindly breaks builds
// that read git metadata, so those get a different fix.
import type { Instruction } from "../../../dockerfile/index.js";
import { formatBytes, formatSeconds } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { classifyRun } from "../ecosystems.js";
import { commandName, runCommands, runScript } from "../shell.js";
import { quote } from "../text.js";

export const NO_DOCKERIGNORE = "no-dockerignore";
export const GIT_IN_CONTEXT = "git-in-context";

/** 10 MB, in the decimal units `formatBytes` prints. */
export const LARGE_CONTEXT_BYTES = 10_000_000;

const GIT_READERS =
  /\bgit\s+(describe|rev-parse|log|show|status|rev-list)\b|setuptools[-_]scm|hatch-vcs|versioneer|dunamai|poetry-dynamic-versioning/;

export function contextFindings(ctx: DiagnosisContext): Finding[] {
  const facts = ctx.input.report.context;
  if (!facts) return [];
  const large = facts.transferBytes !== null && facts.transferBytes >= LARGE_CONTEXT_BYTES;
  if (facts.dockerignore ? !facts.gitSent : !large && !facts.gitSent) return [];

  const parts: string[] = [];
  if (!facts.dockerignore) {
    const size =
      facts.transferBytes === null
        ? "the build context"
        : `the build context is ${formatBytes(facts.transferBytes)}`;
    parts.push(`${size} and there is no .dockerignore`);
  }
  const transfer = contextTransfer(ctx);
  if (transfer !== null) parts.push(`sending it took ${formatSeconds(transfer)} in the cold build`);
  if (facts.gitSent) parts.push(gitConsequence(ctx));
  const reader = gitReader(ctx);
  if (facts.gitSent && reader)
    parts.push(
      `the build reads git metadata (${quote(reader)} on line ${reader.line}), so .git cannot simply be excluded`,
    );

  const message = `${capitalize(parts.join("; "))}.`;
  const rule = facts.dockerignore ? GIT_IN_CONTEXT : NO_DOCKERIGNORE;
  return [
    makeFinding({
      rule,
      line: null,
      severity: "warning",
      message,
      fix: ignoreFix(ctx, facts.dockerignore, reader),
      seconds: transfer,
    }),
  ];
}

function gitConsequence(ctx: DiagnosisContext): string {
  const all = ctx.copies.find((c) => c.sources.includes("."));
  if (!all) return ".git is sent to the daemon";
  return (
    `.git is sent to the daemon and ${quote(all.instruction)} on line ${all.line} copies it into the image, ` +
    "so every commit invalidates that step and all after it, even one that changes no file the image needs"
  );
}

/** Seconds of the cold build's `[internal] load build context`: a fresh CI builder sends it all each time. */
function contextTransfer(ctx: DiagnosisContext): number | null {
  const step = ctx.input.report.cold.steps.find((s) => s.name?.startsWith("[internal] load build context"));
  return step?.seconds ?? null;
}

function gitReader(ctx: DiagnosisContext): Instruction | null {
  for (const stage of ctx.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword === "RUN" && GIT_READERS.test(runScript(ins))) return ins;
    }
  }
  return null;
}

function ignoreFix(ctx: DiagnosisContext, hasIgnore: boolean, reader: Instruction | null): string {
  const lines = [hasIgnore ? "# add to .dockerignore:" : "# .dockerignore"];
  if (reader) {
    lines.push(
      "# .git stays until the version comes from elsewhere, e.g. a build arg",
      "# (docker build --build-arg SETUPTOOLS_SCM_PRETEND_VERSION=$(git describe --tags) …),",
      "# or a bind mount for the one step that needs it, which never lands in a layer:",
      "#   RUN --mount=type=bind,source=.git,target=.git <the git command>",
    );
  } else {
    const build = projectBuild(ctx);
    if (build) {
      lines.push(
        `# if line ${build.line} takes its version from git (setuptools-scm, hatch-vcs), keep .git out`,
        "# and pass the version in: --build-arg SETUPTOOLS_SCM_PRETEND_VERSION=$(git describe --tags)",
      );
    }
    lines.push(".git");
  }
  if (!hasIgnore) lines.push(...ecosystemIgnores(ctx));
  return lines.join("\n");
}

const IGNORES: Record<string, string[]> = {
  python: ["__pycache__/", "*.pyc", ".venv/", ".pytest_cache/"],
  node: ["node_modules/", "npm-debug.log*"],
  rust: ["target/"],
  java: ["target/", "build/", ".gradle/"],
  dotnet: ["bin/", "obj/"],
  ruby: [".bundle/"],
};

const ECOSYSTEM_OF: [RegExp, string][] = [
  [/^(pip[0-9.]*|python[0-9.]*|poetry|uv|pipenv)$/, "python"],
  [/^(npm|npx|yarn|pnpm|node)$/, "node"],
  [/^cargo$/, "rust"],
  [/^(mvn|gradle|gradlew)$/, "java"],
  [/^dotnet$/, "dotnet"],
  [/^(bundle|gem|rake)$/, "ruby"],
];

/** What the Dockerfile's own tools leave in a working copy; node_modules when nothing is recognised. */
function ecosystemIgnores(ctx: DiagnosisContext): string[] {
  const found = new Set<string>();
  for (const ins of ctx.stages.flatMap((s) => s.instructions)) {
    for (const cmd of runCommands(ins)) {
      const name = commandName(cmd);
      for (const [re, eco] of ECOSYSTEM_OF) if (re.test(name)) found.add(eco);
    }
  }
  if (!found.size) found.add("node");
  return [...new Set([...found].flatMap((e) => IGNORES[e] ?? []))];
}

/** A RUN that builds the project itself may take its version from git without saying so. */
function projectBuild(ctx: DiagnosisContext): Instruction | null {
  for (const ins of ctx.stages.flatMap((s) => s.instructions)) {
    if (ins.keyword !== "RUN") continue;
    const kind = classifyRun(ins);
    if (kind.kind === "code" && /installs the project|python -m build|poetry build|uv build/.test(kind.why))
      return ins;
  }
  return null;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
