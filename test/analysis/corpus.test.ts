// The diagnosis over real Dockerfiles from public repositories (test/corpus/README.md: where each
// comes from, and the findings expected from reading it). Static: the touch is chosen by the real
// touch selection over a stand-in context with the repository's file list, and the warm build is
// the steps that touch reruns by BuildKit's cache rules (dockerfile/reach.ts), one second each.
// Known misses and known false findings are listed per entry with the reason: the test holds them
// to exactly that, so a rule fix shows up here as a changed result to record.
import { readdir, rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { CORPUS, entries, key, staticFindings, standInContext, type Entry } from "./corpus.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function findingsOf(e: Entry): Promise<{ touched: string | null; found: string[] }> {
  const dir = await standInContext(e.slug);
  dirs.push(dir);
  const { touched, findings } = await staticFindings(dir);
  return { touched, found: [...new Set(findings.map(key))].sort() };
}

describe("corpus: real Dockerfiles, expected findings written by hand", () => {
  it("has provenance for each entry: a repository at a commit, or written here and saying what for", async () => {
    for (const e of entries) {
      if (e.written !== undefined) {
        expect([e.repo, e.commit], e.slug).toEqual([undefined, undefined]);
        expect(e.written.length, e.slug).toBeGreaterThan(40);
        continue;
      }
      expect(e.repo, e.slug).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e.commit, e.slug).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it("has an entry for each directory on disk", async () => {
    const dirs = (await readdir(CORPUS, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && d.name !== "stand-in")
      .map((d) => d.name);
    expect(dirs.sort()).toEqual(entries.map((e) => e.slug).sort());
  });

  it.each(entries)(
    "$slug ($ecosystem): touches $touch, every expected problem found, nothing unexpected",
    async (e) => {
      const { touched, found } = await findingsOf(e);
      expect(touched).toBe(e.touch);
      const misses = new Set((e.knownMisses ?? []).map(key));
      const falses = (e.knownFalse ?? []).map(key);
      const want = [...e.expected.map(key).filter((k) => !misses.has(k)), ...falses].sort();
      expect(found).toEqual([...new Set(want)].sort());
    },
  );
});
