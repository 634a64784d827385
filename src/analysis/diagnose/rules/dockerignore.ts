// no-dockerignore, context-cost and git-in-context: what the build sends to the daemon that the
// image does not need. Files count, not only bytes: BuildKit stats and checksums every file it
// is sent, so 30,000 small files cost seconds per build where 3 MB would not (docs/rules.md).
// .git is the costly one for the cache: `COPY . .` then changes with every commit (whycache
// found 22% of Dockerfiles invalidated on every commit this way), but excluding it blindly
// breaks builds that read git metadata, so those get a different fix.
import type { Instruction } from "../../../dockerfile/index.js";
import { contextSizes } from "../../../report/context-cost.js";
import { formatSeconds } from "../../../report/format.js";
import type { ContextFacts, Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { contextDirs, type ContextDirs, type SentDir, type UnneededDir } from "../context-dirs.js";
import { classifyRun } from "../ecosystems.js";
import { countText, renderIgnoreFix } from "../ignore-fix.js";
import { runScript } from "../shell.js";
import { quote } from "../text.js";

export const NO_DOCKERIGNORE = "no-dockerignore";
export const CONTEXT_COST = "context-cost";
export const GIT_IN_CONTEXT = "git-in-context";

/** 10 MB, in the decimal units `formatBytes` prints. */
export const LARGE_CONTEXT_BYTES = 10_000_000;
/** Files in unneeded directories worth a finding: about 0.3 s per build on the reference engine. */
export const NOTICEABLE_FILES = 1_000;
/** A `load build context` this slow (cold or warm) is worth a finding even when nothing is named. */
export const SLOW_CONTEXT_SECONDS = 1;
/** Directories named in a message; the fix lists them all. */
const MAX_NAMED = 5;

const GIT_READERS =
  /\bgit\s+(describe|rev-parse|log|show|status|rev-list)\b|setuptools[-_]scm|hatch-vcs|versioneer|dunamai|poetry-dynamic-versioning/;

interface ContextCost {
  facts: ContextFacts;
  dirs: ContextDirs;
  /** Unneeded directories other than .git (which `gitSent` covers). */
  waste: UnneededDir[];
  cold: number | null;
  warm: number | null;
  reader: Instruction | null;
}

export function contextFindings(ctx: DiagnosisContext): Finding[] {
  const facts = ctx.input.report.context;
  if (!facts) return [];
  const reader = gitReader(ctx);
  const dirs = contextDirs(ctx, reader);
  const waste = dirs.unneeded.filter((d) => d.path !== ".git");
  const c: ContextCost = { facts, dirs, waste, ...loadSeconds(ctx), reader };
  const rule = chooseRule(c);
  if (!rule) return [];

  const parts = [intro(c, rule)];
  if (c.cold !== null || c.warm !== null) parts.push(`sending it took ${timeText(c)}`);
  if (rule !== GIT_IN_CONTEXT && waste.length)
    parts.push(`it holds what the build does without: ${namedDirs(waste)}`);
  else if (rule !== GIT_IN_CONTEXT && heaviest(facts).length)
    parts.push(`the heaviest directories: ${heaviest(facts).map(dirText).join(", ")}`);
  if (facts.gitSent) parts.push(gitConsequence(ctx));
  if (facts.gitSent && reader)
    parts.push(
      `the build reads git metadata (${quote(reader)} on line ${reader.line}), so .git cannot simply be excluded`,
    );

  return [
    makeFinding({
      rule,
      line: null,
      severity: "warning",
      message: `${capitalize(parts.join("; "))}.`,
      fix: ignoreFix(ctx, c, rule),
      seconds: c.cold ?? c.warm,
    }),
  ];
}

function chooseRule(c: ContextCost): string | null {
  const files = c.waste.reduce((n, d) => n + d.files, 0);
  const bytes = c.waste.reduce((n, d) => n + d.bytes, 0);
  const noticeable = files >= NOTICEABLE_FILES || bytes >= LARGE_CONTEXT_BYTES;
  // A tiny context can take a second to set up on a loaded machine: slowness alone counts
  // only for a context big enough to explain it.
  const big =
    (c.facts.files ?? 0) >= NOTICEABLE_FILES ||
    (c.facts.bytes ?? c.facts.transferBytes ?? 0) >= LARGE_CONTEXT_BYTES;
  const slow = big && Math.max(c.cold ?? 0, c.warm ?? 0) >= SLOW_CONTEXT_SECONDS;
  if (!c.facts.dockerignore) {
    const large = c.facts.transferBytes !== null && c.facts.transferBytes >= LARGE_CONTEXT_BYTES;
    return large || c.facts.gitSent || noticeable || slow ? NO_DOCKERIGNORE : null;
  }
  if (noticeable || (slow && !c.facts.gitSent)) return CONTEXT_COST;
  return c.facts.gitSent ? GIT_IN_CONTEXT : null;
}

function intro(c: ContextCost, rule: string): string {
  if (rule === GIT_IN_CONTEXT) return ".git is sent to the daemon";
  // Both sizes, each named (src/report/context-cost.ts says why they differ).
  const { onDisk, transferred } = contextSizes(c.facts);
  const what = onDisk
    ? `the build context is ${onDisk}${transferred ? ` (${transferred})` : ""}`
    : transferred
      ? `${transferred} of build context`
      : "the build context";
  return rule === NO_DOCKERIGNORE ? `${what} and there is no .dockerignore` : what;
}

function timeText(c: ContextCost): string {
  if (c.cold !== null && c.warm !== null)
    return `${formatSeconds(c.cold)} in the cold build and ${formatSeconds(c.warm)} in the warm one`;
  return c.cold !== null
    ? `${formatSeconds(c.cold)} in the cold build`
    : `${formatSeconds(c.warm)} in the warm build`;
}

function namedDirs(dirs: UnneededDir[]): string {
  const named = dirs.slice(0, MAX_NAMED).map((d) => {
    const why = d.recreatedBy ? `; line ${d.recreatedBy.line} makes it again` : "";
    return `${d.path}/ (${countText(d)}${why})`;
  });
  const more = dirs.length - named.length;
  return named.join(", ") + (more > 0 ? ` and ${more} more` : "");
}

/** Top-level directories (not .git) that hold a fifth of the context's files or bytes: worth a look. */
function heaviest(facts: ContextFacts): { path: string; files: number; bytes: number }[] {
  const files = facts.files ?? 0;
  const bytes = facts.bytes ?? 0;
  return (facts.topDirs ?? [])
    .filter((d) => d.path !== ".git")
    .filter((d) => (d.files >= 100 && d.files >= files / 5) || (d.bytes >= 1_000_000 && d.bytes >= bytes / 5))
    .slice(0, 3);
}

function dirText(d: SentDir | { path: string; files: number; bytes: number }): string {
  return `${d.path}/ (${countText(d)})`;
}

function gitConsequence(ctx: DiagnosisContext): string {
  const all = ctx.copies.find((c) => c.sources.includes("."));
  if (!all) return ".git is sent to the daemon";
  return (
    `.git is sent to the daemon and ${quote(all.instruction)} on line ${all.line} copies it into the image, ` +
    "so every commit invalidates that step and all after it, even one that changes no file the image needs"
  );
}

/** Seconds of `[internal] load build context` in the cold and warm builds. */
function loadSeconds(ctx: DiagnosisContext): { cold: number | null; warm: number | null } {
  const of = (steps: { name: string | null; seconds: number | null }[]) =>
    steps.find((s) => s.name?.startsWith("[internal] load build context"))?.seconds ?? null;
  return { cold: of(ctx.input.report.cold.steps), warm: of(ctx.input.report.warm.steps) };
}

function gitReader(ctx: DiagnosisContext): Instruction | null {
  for (const stage of ctx.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword === "RUN" && GIT_READERS.test(runScript(ins))) return ins;
    }
  }
  return null;
}

function ignoreFix(ctx: DiagnosisContext, c: ContextCost, rule: string): string {
  const notes: string[] = [];
  if (c.reader) {
    notes.push(
      "# .git stays until the version comes from elsewhere, e.g. a build arg",
      "# (docker build --build-arg SETUPTOOLS_SCM_PRETEND_VERSION=$(git describe --tags) …),",
      "# or a bind mount for the one step that needs it, which never lands in a layer:",
      "#   RUN --mount=type=bind,source=.git,target=.git <the git command>",
    );
  } else if (c.facts.gitSent) {
    const build = projectBuild(ctx);
    if (build)
      notes.push(
        `# if line ${build.line} takes its version from git (setuptools-scm, hatch-vcs), keep .git out`,
        "# and pass the version in: --build-arg SETUPTOOLS_SCM_PRETEND_VERSION=$(git describe --tags)",
      );
  }
  const git: SentDir[] =
    c.facts.gitSent && !c.reader
      ? [c.dirs.unneeded.find((d) => d.path === ".git") ?? { path: ".git", files: 0, bytes: 0, kind: "vcs" }]
      : [];
  const onlyGit = rule === GIT_IN_CONTEXT;
  return renderIgnoreFix({
    hasIgnore: c.facts.dockerignore,
    notes,
    exclude: onlyGit ? git : [...git, ...c.waste],
    kept: onlyGit ? [] : c.dirs.kept.filter((k) => k.path !== ".git"),
    heaviest: !onlyGit && !c.waste.length ? heaviest(c.facts) : null,
  });
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
