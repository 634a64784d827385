// The corpus's fixes built on the real engine (test/corpus/README.md). Each corpus Dockerfile
// whose diagnosis suggests an edit is benchmarked in a stand-in context (its repository's file
// list, stub contents) with stand-in base images, then `--verify-fixes` applies each suggested
// fix to a temporary copy and benchmarks it: every fix must build, and the steps it moves must
// stay cached after the code change. A fix that does not build here is a product bug.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { parseDockerfile, type DockerfileModel } from "../../src/dockerfile/index.js";
import type { Finding } from "../../src/report/schema.js";
import { verifyDockerfileFixes } from "../../src/verify/dockerfile.js";
import { currentEngine } from "../support/engine.js";
import { CORPUS, entries, key, staticFindings, standInContext, type Entry } from "../analysis/corpus.js";
import { BASE_IMAGE, benchOptions } from "./helpers.js";

const STAND_IN = "docker-cache-bench/corpus-stand-in:local";
/** The label test/corpus/stand-in/Dockerfile sets. */
const LABEL = "docker-cache-bench.corpus-stand-in";
const docker = (...args: string[]) =>
  execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

interface Planned {
  entry: Entry;
  /** The findings with an edit, as the static diagnosis reports them (`rule:line`). */
  fixes: string[];
  /** The fixes, for the test's name. */
  label: string;
  heredoc: boolean;
}

/** The Dockerfile as built here: a `# syntax=` directive names a frontend image no registry can give. */
function withoutSyntaxDirective(text: string): string {
  return text.replace(
    /^#\s*syntax\s*=.*$/m,
    "# (syntax directive removed: the engine's built-in frontend is used)",
  );
}

async function plan(e: Entry): Promise<Planned> {
  const dir = await standInContext(e.slug);
  try {
    const { findings } = await staticFindings(dir);
    const text = await readFile(join(CORPUS, e.slug, "Dockerfile"), "utf8");
    const fixes = [...new Set(findings.filter((f) => f.edit).map(key))].sort();
    return {
      entry: e,
      fixes,
      label: fixes.join(", "),
      heredoc: /^\s*(RUN|COPY|ADD)\b.*<<-?["']?\w/im.test(text),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const planned = (await Promise.all(entries.map(plan))).filter((p) => p.fixes.length);
// Docker 20.10's built-in Dockerfile frontend predates heredocs (Dockerfile 1.4): it cannot parse
// those files at all, and the 1.4 frontend image cannot be pulled here.
const oldFrontend = currentEngine().serverMajor < 23;
// Whether a Dockerfile builds depends on the frontend and BuildKit, not on the image store: the
// classic-store modern engine runs the same BuildKit as modern-containerd, so it is not run
// twice (each engine's run is one cold and one warm build per entry and per fix).
const sameBuildKit = currentEngine().name === "modern-classic";
const buildable = planned.filter((p) => !(p.heredoc && oldFrontend));
const unparsable = planned.filter((p) => p.heredoc && oldFrontend);

/** Every image a Dockerfile pulls: FROM bases and `COPY --from` images that are not stages. */
function imagesOf(model: DockerfileModel): string[] {
  const stages = new Set(model.stages.flatMap((s) => (s.name ? [s.name] : [])));
  const refs = model.stages.flatMap((s) => [
    s.baseResolved,
    ...s.instructions.flatMap((i) => (typeof i.flags["from"] === "string" ? [i.flags["from"]] : [])),
  ]);
  return [...new Set(refs)].filter(
    (r) => r !== "scratch" && !stages.has(r.toLowerCase()) && !/^\d+$/.test(r),
  );
}

const tagged: string[] = [];
beforeAll(() => {
  if (sameBuildKit) return;
  docker("build", "-q", "--build-arg", `BASE=${BASE_IMAGE}`, "-t", STAND_IN, join(CORPUS, "stand-in"));
  const standInId = docker("image", "inspect", "--format", "{{.Id}}", STAND_IN);
  for (const p of buildable) {
    const text = readFileSync(join(CORPUS, p.entry.slug, "Dockerfile"), "utf8");
    for (const image of imagesOf(parseDockerfile(text))) {
      if (tagged.includes(image)) continue;
      let current = "";
      try {
        current = docker(
          "image",
          "inspect",
          "--format",
          `{{.Id}} {{index .Config.Labels "${LABEL}"}}`,
          image,
        );
      } catch {
        // not there yet: the usual case
      }
      // A stand-in left by an interrupted run (maybe an older build of it) is ours to re-tag.
      if (current && !current.startsWith(standInId) && !current.endsWith(" 1"))
        throw new Error(`${image} exists on this daemon and is not the stand-in`);
      docker("tag", STAND_IN, image);
      tagged.push(image);
    }
  }
}, 240_000);
afterAll(() => {
  for (const image of tagged) docker("rmi", image);
});

const verdict = (f: Finding) => ({
  finding: key(f),
  status: f.verification?.status ?? "not verified",
  error: f.verification?.error ?? null,
  rebuilt: (f.verification?.steps ?? []).filter((s) => !s.cached).map((s) => s.instruction),
});

describe.skipIf(sameBuildKit)(`corpus fixes built on the real engine (${currentEngine().name})`, () => {
  it("has fixes to build", () => {
    expect(planned.length).toBeGreaterThan(0);
    expect(buildable.length).toBeGreaterThan(0);
  });

  it.each(buildable)(
    "$entry.slug: every suggested fix builds, moved steps stay cached ($label)",
    async (p) => {
      const dir = await standInContext(p.entry.slug, randomBytes(6).toString("hex"));
      try {
        const path = join(dir, "Dockerfile");
        await writeFile(path, withoutSyntaxDirective(await readFile(path, "utf8")));
        const opts = benchOptions(dir, { buildArgs: {} });
        const report = await runBenchmark(opts);
        // The product's own run touches the file the corpus expects (corpus.json `touch`).
        expect(report.touched).toEqual([p.entry.touch]);
        // The real build finds the same fixes the static diagnosis does.
        expect([...new Set(report.findings.filter((f) => f.edit).map((f) => key(f)))].sort()).toEqual(
          p.fixes,
        );
        const verified = await verifyDockerfileFixes(opts, report, (o) => runBenchmark(o));
        const checked = verified.findings.filter((f) => f.verification).map(verdict);
        expect(checked.filter((c) => p.fixes.includes(c.finding)).length).toBe(p.fixes.length);
        expect(checked).toEqual(checked.map((c) => ({ ...c, status: "passed", error: null, rebuilt: [] })));
      } finally {
        await rm(dir, { recursive: true, force: true });
        await rm(`${dir}-state`, { recursive: true, force: true });
      }
    },
  );

  it.skip.each(unparsable)(
    "$entry.slug: uses heredocs, which this engine's built-in frontend cannot parse",
    () => undefined,
  );
});
