// Picks the file the synthetic "code change" goes into. The benchmark should see what a
// developer's edit costs, so the file must reach the build (read by a COPY/ADD of a stage the
// target builds, not excluded by the ignore file), should be application code rather than a
// dependency manifest, a test, configuration or a script in another language, and among those
// the one whose change reruns the most build steps.
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import {
  buildkitStageName,
  contextCopies,
  contextCopyMatcher,
  parseDockerfile,
  reachCalculator,
  type Reach,
} from "../dockerfile/index.js";
import type { BuildArgs, ContextCopy, DockerfileModel } from "../dockerfile/index.js";
import {
  listContextFiles,
  literalRoot,
  MAX_CONTEXT_FILES,
  readIgnoreFile,
  type IgnoreFile,
} from "./context.js";
import { InvalidTouchPathError, NoTouchTargetError } from "./errors.js";
import { codeRole, fileCategory, isManifest } from "./kinds.js";
import { projectFit } from "./project.js";

export interface TouchPlan {
  /** Relative to the context root, `/`-separated. */
  path: string;
  /** A sentence saying why this file, e.g. which COPY reads it. */
  reason: string;
  /** Dockerfile line of the COPY/ADD that reads it, when one does. */
  line: number | null;
  /** Set when the touch will probably not show in the build (ignored, or copied by nothing). */
  warning: string | null;
}

export interface ChooseOptions {
  contextDir: string;
  /** Absolute, or relative to contextDir. */
  dockerfilePath: string;
  target?: string;
  buildArgs?: BuildArgs;
  /** `--touch PATH` values, relative to contextDir (or absolute inside it). */
  explicit?: string[];
}

export async function chooseTouchTargets(opts: ChooseOptions): Promise<TouchPlan[]> {
  const contextDir = resolve(opts.contextDir);
  const dockerfilePath = resolve(contextDir, opts.dockerfilePath);
  const model = parseDockerfile(await readFile(dockerfilePath, "utf8"), { buildArgs: opts.buildArgs ?? {} });
  const copies = contextCopies(model, opts.target);
  const ignore = await readIgnoreFile(contextDir, dockerfilePath);
  if (opts.explicit?.length) {
    const plans: TouchPlan[] = [];
    for (const p of opts.explicit) plans.push(await explicitPlan(contextDir, p, model, copies, ignore));
    return plans;
  }
  return [await defaultPlan(contextDir, model, copies, ignore, dockerfilePath, opts)];
}

interface Candidate {
  path: string;
  /**
   * Compared in order: not a manifest, source code, of the project's language (projectFit),
   * application rather than supporting code (codeRole), most steps rerun, shallow, by name.
   */
  key: [number, number, number, number, number, number, string];
  reach: Reach;
}

/** The leading key entries that say what kind of file it is and what it reaches (not where it sits). */
const CLASS_LENGTH = 5;

/**
 * The touch stands for a developer's code change, so it goes into the file most like code that
 * reaches the most build steps: a change to `app/main.py`, copied before an install, reruns the
 * install too, and the benchmark must show that, not the single cheap COPY of a `.env` that comes
 * last (issue 9). Dependency manifests come last: changing one is a dependency update, not an edit.
 */
async function defaultPlan(
  contextDir: string,
  model: DockerfileModel,
  copies: ContextCopy[],
  ignore: IgnoreFile,
  dockerfilePath: string,
  opts: ChooseOptions,
): Promise<TouchPlan> {
  const roots = copies.flatMap((c) => c.sources.map(literalRoot));
  const listing = await listContextFiles(contextDir, roots, ignore);
  // The Dockerfile and the ignore file describe the build; an edit to them is not a code change.
  const buildFiles = new Set(
    [dockerfilePath, ignore.path].map((p) => (p ? relative(contextDir, p).split(sep).join("/") : "")),
  );
  const reachOf = reachCalculator(model, copies, opts.target, opts.buildArgs);
  const reaching: { path: string; reach: Reach }[] = [];
  for (const f of listing.files) {
    if (ignore.isExcluded(f) || buildFiles.has(f)) continue;
    const reach = reachOf(f);
    if (reach.firstCopy) reaching.push({ path: f, reach });
  }
  const fit = projectFit(reaching.map((r) => r.path));
  const candidates = reaching.map(({ path: f, reach }): Candidate => {
    const category = fileCategory(f);
    // Language and role judge code only: a README is text whatever directory it sits in.
    const code = category === 0;
    const key: Candidate["key"] = [
      isManifest(f) ? 1 : 0,
      category,
      code ? fit(f) : 0,
      code ? codeRole(f) : 0,
      -reach.steps.length,
      f.split("/").length,
      f,
    ];
    return { path: f, key, reach };
  });
  const best = await preferNonEmpty(contextDir, candidates.sort(compareCandidates));
  if (best) return plan(model, best);
  const matchers = copies.map(contextCopyMatcher);
  const links = listing.symlinks.filter((f) => !ignore.isExcluded(f) && matchers.some((m) => m(f)));
  throw new NoTouchTargetError(noTargetMessage(contextDir, model, copies, ignore, listing.truncated, links));
}

/**
 * The best candidate, skipping empty files (an empty `__init__.py` is code, but a reader of the
 * report expects the touch to stand for a real edit) as long as an equally ranked non-empty
 * file exists. Stats lazily: only the few files at the top of the ranking.
 */
async function preferNonEmpty(contextDir: string, sorted: Candidate[]): Promise<Candidate | undefined> {
  const first = sorted[0];
  if (!first) return undefined;
  const sameClass = (c: Candidate) => c.key.slice(0, CLASS_LENGTH).every((v, i) => v === first.key[i]);
  for (const c of sorted) {
    if (!sameClass(c)) break;
    const size = await stat(join(contextDir, c.path)).then(
      (st) => st.size,
      () => 0,
    );
    if (size > 0) return c;
  }
  return first;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  for (let i = 0; i < a.key.length; i++) {
    const x = a.key[i] as number | string;
    const y = b.key[i] as number | string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function plan(model: DockerfileModel, best: Candidate): TouchPlan {
  const copy = best.reach.firstCopy as ContextCopy;
  const n = best.reach.steps.length;
  const head = `copied by ${describe(copy)} (Dockerfile line ${copy.line}) in ${stageLabel(model, copy)}; a change to it reruns ${n} build step${n === 1 ? "" : "s"}`;
  const [manifest, category, foreign, support] = best.key;
  const reason =
    manifest === 1
      ? `${head}. No context copy reaches anything but dependency manifests, so this touch also re-runs what depends on them`
      : `${head}, the most of any ${category === 0 ? "source file" : category === 1 ? "text file" : "file"} the build copies${fallbackNote(foreign, support)}`;
  return { path: best.path, reason, line: copy.line, warning: null };
}

/** Says so when the pick is code of a lesser kind, so a reader knows why and can pass --touch. */
function fallbackNote(foreign: number, support: number): string {
  if (foreign === 1)
    return " (no source file of a project the copied dependency manifests declare reaches the build)";
  if (support === 1) return " (only tests, configuration or package markers reach the build)";
  return "";
}

async function explicitPlan(
  contextDir: string,
  given: string,
  model: DockerfileModel,
  copies: ContextCopy[],
  ignore: IgnoreFile,
): Promise<TouchPlan> {
  const abs = resolve(contextDir, given);
  const info = await lstat(abs).catch(() => null);
  if (!info) throw new InvalidTouchPathError(given, `no such file (looked for ${abs})`);
  if (info.isSymbolicLink())
    throw new InvalidTouchPathError(given, "is a symbolic link; name the file it points to");
  if (!info.isFile()) throw new InvalidTouchPathError(given, "is not a regular file");
  const rel = relative(await realpath(contextDir), await realpath(abs));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new InvalidTouchPathError(given, `is outside the build context ${contextDir}`);
  }
  const path = rel.split(sep).join("/");
  // The first copy that takes the file: where its change breaks the cache.
  const reader = copies.find((c) => contextCopyMatcher(c)(path));
  if (ignore.isExcluded(path)) {
    const warning = `${path} is excluded by ${ignore.path ?? ".dockerignore"}, so the build never sees the touch and the warm build will look fully cached`;
    return { path, reason: `chosen with --touch; ${warning}`, line: reader?.line ?? null, warning };
  }
  if (!reader) {
    const warning = `no COPY or ADD in the stages that build the target reads ${path}, so the touch should not invalidate any step`;
    return { path, reason: `chosen with --touch; ${warning}`, line: null, warning };
  }
  return {
    path,
    reason: `chosen with --touch; copied by ${describe(reader)} (Dockerfile line ${reader.line}) in ${stageLabel(model, reader)}`,
    line: reader.line,
    warning: null,
  };
}

function noTargetMessage(
  contextDir: string,
  model: DockerfileModel,
  copies: ContextCopy[],
  ignore: IgnoreFile,
  truncated: boolean,
  links: string[],
): string {
  const suggestion = "Pass --touch PATH to name a file the build copies.";
  if (copies.length === 0) {
    return `No file to touch: no COPY or ADD in the stages that build the target reads the build context (all use --from, URLs or heredocs). ${suggestion}`;
  }
  const searched = copies.map((c) => `${describe(c)} (line ${c.line}, ${stageLabel(model, c)})`).join("; ");
  const ignored = ignore.path ? ` after applying ${ignore.path}` : "";
  const cut = truncated ? ` The walk stopped after ${MAX_CONTEXT_FILES.toLocaleString("en-US")} files.` : "";
  const linked = links.length
    ? ` ${links.slice(0, 3).join(", ")}${links.length > 3 ? ` and ${links.length - 3} more` : ""} ${links.length === 1 ? "is a symbolic link" : "are symbolic links"}: the build copies the link itself, so editing what it points to changes nothing the build sees.`
    : "";
  return `No file to touch: searched ${contextDir} for the sources of ${searched} and found no regular file that reaches the build${ignored} (the Dockerfile and ignore file do not count).${linked}${cut} ${suggestion}`;
}

function describe(copy: ContextCopy): string {
  const text = `${copy.instruction.keyword} ${copy.instruction.args}`.replace(/\s+/g, " ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function stageLabel(model: DockerfileModel, copy: ContextCopy): string {
  const name = buildkitStageName(model, copy.stage);
  return name === null ? "the only stage" : `stage '${name}'`;
}
