// The COPY source matcher (src/dockerfile/glob.ts) against BuildKit itself: one build copies the
// same context with each pattern into its own directory and exports the result with
// `-o type=local`; every file holds its own context path, so what each pattern took is read back
// from the contents, whatever directory layout the copy flattened it into.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { copySourceCovers } from "../../src/dockerfile/glob.js";
import { MODES } from "./helpers.js";

const FILES = [
  "a/b.py",
  "a/x/b.py",
  "a/x/y/b.py",
  "src/main.py",
  "src/test.py",
  "src/t.py",
  "src/!x.py",
  "src/^y.py",
  "src/ab.py",
  "c/top.txt",
  "c/d/e.txt",
  "README.md",
  "docs/README.md",
  "app1.py",
  "app12.py",
];

const PATTERNS = [
  "a/**/b.py",
  "a/*/b.py",
  "src/[!t]*.py",
  "src/[^t]*.py",
  "src/?.py",
  "src/[a-b]?.py",
  "c/*",
  "*.md",
  "app?.py",
  "*/README.md",
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries)
    if (e.isFile()) out.push((await readFile(join(e.parentPath, e.name), "utf8")).trim());
  return out.sort();
}

describe("COPY source patterns: the matcher takes exactly what BuildKit copies", () => {
  it.each(MODES)(
    "$label",
    async ({ docker, mode }) => {
      const root = await mkdtemp(join(tmpdir(), "dcb-glob-"));
      const ctx = join(root, "ctx");
      const nonce = `${Date.now()}-${Math.random()}`;
      for (const f of FILES) {
        await mkdir(join(ctx, dirname(f)), { recursive: true });
        await writeFile(join(ctx, f), `${f}\n`);
      }
      await writeFile(join(ctx, "nonce.txt"), nonce);
      const lines = PATTERNS.map((p, i) => `COPY ${p} /p${i}/`);
      await writeFile(join(ctx, "Dockerfile"), ["FROM scratch", "COPY nonce.txt /", ...lines, ""].join("\n"));
      const out = join(root, "out");
      const argv = mode === "buildx" ? ["buildx", "build"] : ["build"];
      execFileSync(docker, [...argv, "-q", "-o", `type=local,dest=${out}`, ctx], {
        env: { ...process.env, DOCKER_BUILDKIT: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      const got: Record<string, string[]> = {};
      const want: Record<string, string[]> = {};
      for (const [i, p] of PATTERNS.entries()) {
        got[p] = await filesUnder(join(out, `p${i}`));
        want[p] = FILES.filter((f) => copySourceCovers(p, f)).sort();
      }
      expect(got).toEqual(want);
      // The two cases issue 9 named, spelled out.
      expect(want["a/**/b.py"]).toEqual(["a/x/b.py"]);
      expect(want["src/[!t]*.py"]).toEqual(["src/!x.py", "src/t.py", "src/test.py"]);
    },
    120_000,
  );
});
