// A real build context on disk for a diagnosis test: the files (and .dockerignore) a project has,
// walked by the tool's own context walk, so a fix is checked against what the context really
// sends, as in a benchmark.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ContextListing } from "../../../src/analysis/diagnose/files.js";
import { measureContext } from "../../../src/context/measure.js";
import { readIgnoreFile } from "../../../src/touch/index.js";

/** Walks a context made of `files` (path → content; the Dockerfile is added) and removes it. */
export async function listContext(files: Record<string, string>): Promise<ContextListing> {
  const root = await mkdtemp(join(tmpdir(), "dcb-fixes-"));
  try {
    for (const [path, content] of Object.entries({ Dockerfile: "FROM scratch\n", ...files })) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
    return (await measureContext(root, await readIgnoreFile(root, join(root, "Dockerfile")))).listing;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
