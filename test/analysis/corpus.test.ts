// The diagnosis over real Dockerfiles from public repositories (test/corpus/README.md: where each
// comes from, and the findings expected from reading it). Static: the touch is chosen by the real
// touch selection over a stand-in context with the repository's file list, and the warm build is
// the steps that touch reruns by BuildKit's cache rules (dockerfile/reach.ts), one second each.
// Known misses and known false findings are listed per entry with the reason: the test holds them
// to exactly that, so a rule fix shows up here as a changed result to record.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diagnose } from "../../src/analysis/diagnose/index.js";
import { contextCopies, parseDockerfile, reachCalculator } from "../../src/dockerfile/index.js";
import { chooseTouchTargets, NoTouchTargetError } from "../../src/touch/index.js";
import { scenario } from "./diagnose/scenario.js";

const CORPUS = join(import.meta.dirname, "../corpus");

interface Expected {
  rule: string;
  line: number;
}
interface Known extends Expected {
  reason: string;
}
interface Entry {
  slug: string;
  repo: string;
  path: string;
  commit: string;
  ecosystem: string;
  expected: Expected[];
  knownMisses?: Known[];
  knownFalse?: Known[];
}

const entries = JSON.parse(await readFile(join(CORPUS, "corpus.json"), "utf8")) as Entry[];
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A stand-in context: every file of the repository's directory, with a line of content. */
async function standIn(slug: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `dcb-corpus-${slug}-`));
  dirs.push(dir);
  const files = (await readFile(join(CORPUS, slug, "files.txt"), "utf8")).split("\n").filter(Boolean);
  for (const f of files) {
    await mkdir(join(dir, dirname(f)), { recursive: true });
    await writeFile(join(dir, f), `${f}\n`);
  }
  for (const f of ["Dockerfile", ".dockerignore"]) {
    const text = await readFile(join(CORPUS, slug, f), "utf8").catch(() => null);
    if (text !== null) await writeFile(join(dir, f), text);
  }
  return dir;
}

async function findingsOf(e: Entry): Promise<{ touched: string | null; found: string[] }> {
  const dir = await standIn(e.slug);
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
  const input = scenario({ dockerfile: text, rebuilt, touched: touched ? [touched] : [], layers: null });
  const found = diagnose(input).map((f) => `${f.rule}:${f.line}`);
  return { touched, found: [...new Set(found)].sort() };
}

const key = (x: Expected) => `${x.rule}:${x.line}`;

describe("corpus: real Dockerfiles, expected findings written by hand", () => {
  it("has at least one entry per file on disk and provenance for each", async () => {
    for (const e of entries) {
      expect(e.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it.each(entries)("$slug ($ecosystem): every expected problem found, nothing unexpected", async (e) => {
    const { found } = await findingsOf(e);
    const misses = new Set((e.knownMisses ?? []).map(key));
    const falses = (e.knownFalse ?? []).map(key);
    const want = [...e.expected.map(key).filter((k) => !misses.has(k)), ...falses].sort();
    expect(found).toEqual([...new Set(want)].sort());
  });
});
