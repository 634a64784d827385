// Picks the file the synthetic "code change" goes into. The benchmark should see what a
// developer's edit costs, so the file must reach the build (read by a COPY/ADD of a stage the
// target builds, not excluded by the ignore file) and should be application code, not a
// dependency manifest whose change would also re-run the dependency install.
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { buildkitStageName, contextCopies, parseDockerfile } from "../dockerfile/index.js";
import type { BuildArgs, ContextCopy, DockerfileModel } from "../dockerfile/index.js";
import {
  listContextFiles,
  literalRoot,
  MAX_CONTEXT_FILES,
  readIgnoreFile,
  sourceMatcher,
  type IgnoreFile,
} from "./context.js";
import { InvalidTouchPathError, NoTouchTargetError } from "./errors.js";
import { fileCategory, isManifest } from "./kinds.js";

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
  return [await defaultPlan(contextDir, model, copies, ignore, dockerfilePath)];
}

interface Candidate {
  path: string;
  key: [number, number, number, number, string];
  good: boolean;
}

async function defaultPlan(
  contextDir: string,
  model: DockerfileModel,
  copies: ContextCopy[],
  ignore: IgnoreFile,
  dockerfilePath: string,
): Promise<TouchPlan> {
  const roots = copies.flatMap((c) => c.sources.map(literalRoot));
  const listing = await listContextFiles(contextDir, roots, ignore);
  // The Dockerfile and the ignore file describe the build; an edit to them is not a code change.
  const buildFiles = new Set(
    [dockerfilePath, ignore.path].map((p) => (p ? relative(contextDir, p).split(sep).join("/") : "")),
  );
  const reaching = listing.files.filter((f) => !ignore.isExcluded(f) && !buildFiles.has(f));
  const matchers = copies.map((c) => c.sources.map(sourceMatcher));
  const copiedBy = (k: number, f: string) => (matchers[k] ?? []).some((m) => m(f));

  let fallback: { copy: number; best: Candidate } | null = null;
  for (let k = copies.length - 1; k >= 0; k--) {
    const candidates = reaching
      .filter((f) => copiedBy(k, f))
      .map((f) =>
        rank(
          f,
          copies.slice(0, k).some((_, j) => copiedBy(j, f)),
        ),
      )
      .sort(compareCandidates);
    const best = await preferNonEmpty(contextDir, candidates);
    if (!best) continue;
    if (best.good) return plan(model, copies, k, best.path, k === copies.length - 1 ? "last" : "walked-back");
    fallback ??= { copy: k, best };
  }
  if (fallback) return plan(model, copies, fallback.copy, fallback.best.path, "manifest-only");
  const links = listing.symlinks.filter(
    (f) => !ignore.isExcluded(f) && copies.some((_, k) => copiedBy(k, f)),
  );
  throw new NoTouchTargetError(noTargetMessage(contextDir, model, copies, ignore, listing.truncated, links));
}

/** Sort key: not a manifest, not copied earlier, source code, shallow, then by name. */
function rank(path: string, copiedEarlier: boolean): Candidate {
  const manifest = isManifest(path) ? 1 : 0;
  const earlier = copiedEarlier ? 1 : 0;
  const key: Candidate["key"] = [manifest, earlier, fileCategory(path), path.split("/").length, path];
  return { path, key, good: manifest === 0 && earlier === 0 };
}

/**
 * The best candidate, skipping empty files (an empty `__init__.py` is code, but a reader of the
 * report expects the touch to stand for a real edit) as long as an equally ranked non-empty
 * file exists. Stats lazily: only the few files at the top of the ranking.
 */
async function preferNonEmpty(contextDir: string, sorted: Candidate[]): Promise<Candidate | undefined> {
  const first = sorted[0];
  if (!first) return undefined;
  const sameClass = (c: Candidate) => c.key.slice(0, 3).every((v, i) => v === first.key[i]);
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

function plan(
  model: DockerfileModel,
  copies: ContextCopy[],
  k: number,
  path: string,
  why: "last" | "walked-back" | "manifest-only",
): TouchPlan {
  const copy = copies[k] as ContextCopy;
  const head = `copied by ${describe(copy)} (Dockerfile line ${copy.line})`;
  const where = stageLabel(model, copy);
  const later = copies.slice(k + 1).map((c) => c.line);
  const reason =
    why === "last"
      ? `${head}, the last instruction that reads the build context in ${where}`
      : why === "walked-back"
        ? `${head} in ${where}; the later context copies (line ${later.join(", ")}) reach only dependency manifests, files copied earlier, or nothing`
        : `${head} in ${where}; no context copy reaches anything but dependency manifests or files copied earlier, so this touch also re-runs what depends on them`;
  return { path, reason, line: copy.line, warning: null };
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
  const reader = copies.findLast((c) => c.sources.some((s) => sourceMatcher(s)(path)));
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
