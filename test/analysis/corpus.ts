// The corpus (test/corpus/README.md): its entries, a stand-in context for each made from the
// repository's file list, and the diagnosis the static test (corpus.test.ts) runs on it. The
// engine test (test/engine/corpus-fixes.test.ts) builds the fixes of the same findings.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { diagnose } from "../../src/analysis/diagnose/index.js";
import { contextCopies, parseDockerfile, reachCalculator } from "../../src/dockerfile/index.js";
import type { Finding } from "../../src/report/schema.js";
import { chooseTouchTargets, NoTouchTargetError } from "../../src/touch/index.js";
import { scenario } from "./diagnose/scenario.js";

export const CORPUS = join(import.meta.dirname, "../corpus");

export interface Expected {
  rule: string;
  line: number;
}
export interface Known extends Expected {
  reason: string;
}
export interface Entry {
  slug: string;
  /** A public repository's Dockerfile, copied at `commit`… */
  repo?: string;
  path: string;
  commit?: string;
  /**
   * …or a Dockerfile written here in a common real-world shape, for a case no copied entry has
   * (what it stands for): never both.
   */
  written?: string;
  ecosystem: string;
  /**
   * The file an engineer would edit to stand for a code change (written by reading the file list:
   * application code the target's build copies, not a manifest, test, config or stray script),
   * or null when no context copy reaches the target.
   */
  touch: string | null;
  expected: Expected[];
  knownMisses?: Known[];
  knownFalse?: Known[];
}

export const entries = JSON.parse(await readFile(join(CORPUS, "corpus.json"), "utf8")) as Entry[];

export const key = (x: { rule: string; line: number | null }) => `${x.rule}:${x.line ?? "-"}`;

/** Wrapper scripts a Dockerfile runs from the context: stubs that call the stand-in tool. */
const WRAPPERS: Record<string, string> = { mvnw: "mvn", gradlew: "gradle" };

/**
 * A stand-in context in a new temporary directory: every file of the repository's listing with
 * a line of content (`nonce` in it, so concurrent builds never share steps), the Dockerfile and
 * `.dockerignore` as the repository has them. Shell scripts and build-tool wrappers are
 * executable stubs, since a Dockerfile may run them.
 */
export async function standInContext(slug: string, nonce = ""): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `dcb-corpus-${slug}-`));
  const files = (await readFile(join(CORPUS, slug, "files.txt"), "utf8")).split("\n").filter(Boolean);
  for (const f of files) {
    await mkdir(join(dir, dirname(f)), { recursive: true });
    const name = f.split("/").pop() as string;
    const wrapped = WRAPPERS[name];
    if (wrapped || name.endsWith(".sh")) {
      await writeFile(join(dir, f), `#!/bin/sh\n# ${f} ${nonce}\n${wrapped ? `exec ${wrapped} "$@"\n` : ""}`);
      await chmod(join(dir, f), 0o755);
    } else {
      await writeFile(join(dir, f), `${f}${nonce ? ` ${nonce}` : ""}\n`);
    }
  }
  for (const f of ["Dockerfile", ".dockerignore"]) {
    const text = await readFile(join(CORPUS, slug, f), "utf8").catch(() => null);
    if (text !== null) await writeFile(join(dir, f), text);
  }
  return dir;
}

/** The diagnosis of a stand-in context, warm build by BuildKit's cache rules (dockerfile/reach.ts). */
export async function staticFindings(dir: string): Promise<{ touched: string | null; findings: Finding[] }> {
  const text = await readFile(join(dir, "Dockerfile"), "utf8");
  let touched: string | null = null;
  try {
    touched =
      (await chooseTouchTargets({ contextDir: dir, dockerfilePath: join(dir, "Dockerfile") }))[0]?.path ??
      null;
  } catch (err) {
    if (!(err instanceof NoTouchTargetError)) throw err;
  }
  const model = parseDockerfile(text);
  const rebuilt: Record<number, number> = {};
  if (touched)
    for (const ins of reachCalculator(model, contextCopies(model))(touched).steps) rebuilt[ins.line] = 1;
  // No image history: rules that measure layers fall back to what the Dockerfile says.
  // scenario() drops one leading newline (made for template literals): keep the file's line numbers.
  const dockerfile = text.startsWith("\n") ? `\n${text}` : text;
  const input = scenario({ dockerfile, rebuilt, touched: touched ? [touched] : [], layers: null });
  return { touched, findings: diagnose(input) };
}
