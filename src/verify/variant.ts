// I/O: benchmark a variant of the project — the same build with a fix applied — in a temporary
// copy of its context (in the private state dir: src/verify/workspace.ts), never touching the
// user's files. Used to verify a suggested
// .dockerignore (src/verify/dockerignore.ts), and meant for any fix that can be applied to files:
// a rewritten Dockerfile is a `files` entry (or `dockerfile`).
//
// The copy is cheap: files are hard links (same inode, same mtime and mode, so the build sees the
// same content and metadata), directories are recreated, symlinks copied as links, and whatever
// `omit` drops is never visited. Only the files the fix writes and the files the warm build's
// touch appends to are real copies, since writing through a hard link would write the user's
// file. When the temporary directory is on another filesystem (no hard links), files are copied
// (reflinked where the filesystem can).
import { constants } from "node:fs";
import { copyFile, link, lstat, mkdir, readdir, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { BenchmarkOptions } from "../benchmark.js";
import { BuildFailedError } from "../errors.js";
import type { Report, VerifiedRun } from "../report/schema.js";
import { contextLoadSeconds } from "../report/assemble.js";
import { openVariantRoot } from "./workspace.js";

export interface Variant {
  /** Files to (over)write in the copy, context-relative `/` paths → content (e.g. `.dockerignore`). */
  files?: Record<string, string>;
  /** Context-relative paths to leave out of the copy (a directory: all of it). */
  omit?: (relPath: string, isDirectory: boolean) => boolean;
  /** Dockerfile text to build instead of the original (written next to the copy's context). */
  dockerfile?: string;
}

export type VariantOutcome = { ok: true; report: Report } | { ok: false; error: string };

/** Runs a benchmark (runBenchmark, injected so the verify module does not import the engine). */
export type BenchmarkRunner = (opts: BenchmarkOptions) => Promise<Report>;

/**
 * Benchmarks `variant` the way `base` was benchmarked (same builder, build args, target,
 * platform, progress; the same touched files when the copy still has them; one warm build) in a
 * temporary copy, and removes the copy. A build that fails is an outcome, not an error: the
 * fix broke the build. Anything else (the copy cannot be made, docker is gone) throws.
 */
export async function benchmarkVariant(
  base: BenchmarkOptions,
  baseReport: Report,
  variant: Variant,
  run: BenchmarkRunner,
): Promise<VariantOutcome> {
  const contextDir = resolve(base.contextDir);
  const workspace = await openVariantRoot(base.stateDir);
  const root = workspace.dir;
  try {
    const copy = join(root, "context");
    const touched = baseReport.touched;
    await copyTree(contextDir, copy, "", {
      omit: variant.omit ?? (() => false),
      realCopies: new Set([...touched, ...Object.keys(variant.files ?? {})]),
    });
    for (const [rel, content] of Object.entries(variant.files ?? {})) {
      await rm(join(copy, rel), { force: true }); // never write through a hard link
      await mkdir(dirname(join(copy, rel)), { recursive: true });
      await writeFile(join(copy, rel), content);
    }
    const dockerfile = await variantDockerfile(base, contextDir, copy, root, variant.dockerfile);
    const kept: string[] = [];
    for (const t of touched) if (await lstat(join(copy, t)).catch(() => null)) kept.push(t);
    workspace.guard.throwIfInterrupted();
    const report = await run({
      ...base,
      contextDir: copy,
      dockerfile,
      touch: kept,
      repeat: 1,
      keepImage: false,
      stateDir: join(root, "state"),
    });
    return { ok: true, report };
  } catch (e) {
    if (e instanceof BuildFailedError) return { ok: false, error: e.message };
    throw e;
  } finally {
    await workspace.remove();
  }
}

/** The numbers a verification compares, from a report. */
export function verifiedRun(r: Report): VerifiedRun {
  return {
    coldSeconds: r.summary.coldSeconds,
    warmSeconds: r.summary.warmSeconds,
    contextSeconds: contextLoadSeconds(r.cold),
    imageBytes: r.image.sizeBytes,
  };
}

/** The Dockerfile path for the variant: the override, else the copy's own when it is inside the context. */
async function variantDockerfile(
  base: BenchmarkOptions,
  contextDir: string,
  copy: string,
  root: string,
  text: string | undefined,
): Promise<string> {
  const original = resolve(base.dockerfile ?? join(contextDir, "Dockerfile"));
  const rel = relative(contextDir, original);
  const inside = !rel.startsWith("..") && !rel.startsWith("/");
  if (text === undefined) return inside ? join(copy, rel) : original;
  const path = join(root, "Dockerfile");
  await writeFile(path, text);
  // `<Dockerfile>.dockerignore` takes precedence over the context's; keep it next to the override.
  await copyFile(`${original}.dockerignore`, `${path}.dockerignore`).catch(() => undefined);
  return path;
}

interface CopyOptions {
  omit: (relPath: string, isDirectory: boolean) => boolean;
  /** Files written by the fix or the touch: copied, never linked. */
  realCopies: Set<string>;
}

async function copyTree(from: string, to: string, rel: string, o: CopyOptions): Promise<void> {
  await mkdir(join(to, rel), { recursive: true });
  for (const entry of await readdir(join(from, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (o.omit(child, entry.isDirectory())) continue;
    const src = join(from, child);
    const dst = join(to, child);
    if (entry.isDirectory()) await copyTree(from, to, child, o);
    else if (entry.isSymbolicLink()) await symlink(await readlink(src), dst);
    else if (entry.isFile()) await linkOrCopy(src, dst, o.realCopies.has(child));
  }
}

async function linkOrCopy(src: string, dst: string, real: boolean): Promise<void> {
  if (!real) {
    try {
      await link(src, dst);
      return;
    } catch {
      // EXDEV (another filesystem), EPERM: fall through to a copy.
    }
  }
  await copyFile(src, dst, constants.COPYFILE_FICLONE);
}
