import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import type { ContextFacts, Finding } from "../../../src/report/schema.js";
import { MB, scenario, type Scenario } from "./scenario.js";

const NODE = `
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "src/index.js"]
`;

type Dir = NonNullable<ContextFacts["disposable"]>[number];
const dir = (path: string, files: number, bytes: number, kind: Dir["kind"]): Dir => ({
  path,
  files,
  bytes,
  kind,
});

function facts(over: Partial<ContextFacts>): ContextFacts {
  return { transferBytes: 2 * MB, dockerignore: false, gitSent: false, files: 100, bytes: 2 * MB, ...over };
}

const contextRules = ["no-dockerignore", "context-cost", "git-in-context", "unneeded-dir-in-image"];
const run = (s: Scenario): Finding[] => diagnose(scenario(s)).filter((f) => contextRules.includes(f.rule));
const byRule = (fs: Finding[], rule: string) => fs.find((f) => f.rule === rule);

describe("context-cost: directories the build does without, by files and seconds", () => {
  it("30,000 files of node_modules, no .dockerignore, npm ci in the build: named with counts and seconds", () => {
    const fs = run({
      dockerfile: NODE,
      contextSeconds: 10.8,
      rebuilt: { 5: 11.7 },
      // The walk's bytes and BuildKit's transfer differ (it syncs only what it lacks): both named.
      context: facts({
        files: 30_005,
        bytes: 2_770_000,
        transferBytes: 898_000,
        disposable: [dir("node_modules", 30_000, 627_000, "dependencies")],
      }),
    });
    const f = byRule(fs, "no-dockerignore");
    expect(f).toMatchObject({ severity: "warning", seconds: 10.8, line: null });
    expect(f?.message).toBe(
      "The build context is 2.77 MB on disk in 30,005 files (BuildKit transferred 898 kB) and there is no .dockerignore; sending it took 10.8s in the cold build; " +
        "it holds what the build does without: node_modules/ (30,000 files, 627 kB; line 4 makes it again).",
    );
    expect(f?.fix).toBe("# .dockerignore\nnode_modules");
    const img = byRule(fs, "unneeded-dir-in-image");
    expect(img).toMatchObject({ line: 5, bytes: 1000 /* capped by the 1 kB layer of the scenario */ });
    expect(img?.message).toMatch(/over what `RUN npm ci` on line 4 installed there/);
    expect(img?.message).toMatch(/the COPY took 11.7s in the warm build/);
  });

  it.each<{
    name: string;
    dockerfile: string;
    disposable: Dir[];
    kept: string;
    because: RegExp;
    excluded: string[];
  }>([
    {
      name: "a prebuilt dist/ that a COPY names stays; node_modules goes",
      dockerfile:
        "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY dist/ ./dist/\nCOPY . .\n",
      disposable: [dir("node_modules", 5000, MB, "dependencies"), dir("dist", 40, MB, "build-output")],
      kept: "dist",
      because: /^# dist\/ stays: line 5 \(COPY dist\/ \.\/dist\/\) needs it$/m,
      excluded: ["node_modules"],
    },
    {
      name: "dist/ that CMD runs and nothing builds stays",
      dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/server.js"]\n',
      disposable: [dir("dist", 40, MB, "build-output"), dir("coverage", 2000, MB, "cache")],
      kept: "dist",
      because: /^# dist\/ stays: line 4 /m,
      excluded: ["coverage"],
    },
    {
      name: "node_modules that no install recreates is what the app runs with: stays",
      dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n',
      disposable: [
        dir("node_modules", 5000, MB, "dependencies"),
        dir(".pytest_cache", 1200, 10_000, "cache"),
      ],
      kept: "node_modules",
      because: /^# node_modules\/ stays: line 3 \(COPY \. \.\) needs it$/m,
      excluded: [".pytest_cache"],
    },
    {
      name: "a Go vendor/ is read by go build (no composer or bundle install): it is not even a candidate",
      dockerfile: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor -o /app .\n",
      disposable: [dir("build", 3000, MB, "build-output")],
      kept: "",
      because: /./,
      excluded: ["build"],
    },
  ])("$name", (c) => {
    const fs = run({ dockerfile: c.dockerfile, context: facts({ disposable: c.disposable }) });
    const f = byRule(fs, "no-dockerignore");
    const patterns = (f?.fix ?? "").split("\n").filter((l) => !l.startsWith("#"));
    expect(patterns).toEqual(c.excluded);
    if (c.kept) {
      expect(patterns).not.toContain(c.kept);
      expect(f?.fix).toMatch(c.because);
    }
  });

  it("a .dockerignore that misses a .venv: context-cost, and the fix adds to the file", () => {
    const fs = run({
      dockerfile:
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
      contextSeconds: 3.2,
      context: facts({
        dockerignore: true,
        disposable: [dir(".venv", 8000, 60 * MB, "virtualenv"), dir("app/__pycache__", 3, 3000, "cache")],
      }),
    });
    const f = byRule(fs, "context-cost");
    expect(f?.message).toMatch(
      /^The build context is 2.00 MB on disk in 100 files \(BuildKit transferred 2.00 MB\); sending it took 3.2s in the cold build; it holds what the build does without: \.venv\/ \(8,000 files, 60.0 MB; line 4 makes it again\), app\/__pycache__\/ \(3 files, 3.00 kB\)\.$/,
    );
    expect(f?.fix).toBe("# add to .dockerignore:\n.venv\napp/__pycache__");
    expect(byRule(fs, "unneeded-dir-in-image")?.message).not.toMatch(/over what/); // pip installs into site-packages
  });

  it("many nested caches of one name become one **/ pattern, unless a kept directory shares the name", () => {
    const caches = ["a", "b", "c"].map((p) => dir(`${p}/__pycache__`, 400, 1000, "cache"));
    const fs = run({
      dockerfile: "FROM python:3.12-slim\nCOPY . /app\n",
      context: facts({ disposable: caches }),
    });
    expect(byRule(fs, "no-dockerignore")?.fix).toBe("# .dockerignore\n**/__pycache__");
  });

  it("a slow context step with nothing known to be unneeded names the heaviest directories", () => {
    const fs = run({
      dockerfile: "FROM python:3.12-slim\nCOPY . /app\n",
      contextSeconds: 4,
      context: facts({
        dockerignore: true,
        files: 70_100,
        bytes: 901 * MB,
        topDirs: [
          { path: "data", files: 70_000, bytes: 900 * MB },
          { path: "src", files: 90, bytes: MB },
        ],
      }),
    });
    const f = byRule(fs, "context-cost");
    expect(f?.message).toMatch(/the heaviest directories: data\/ \(70,000 files, 900 MB\)/);
    expect(f?.fix).toBe(
      "# add to .dockerignore:\n# the heaviest directories sent; exclude what the image does not need:\n#   data/ (70,000 files, 900 MB)",
    );
  });

  it.each<{ name: string; s: Scenario }>([
    {
      name: "a good .dockerignore: nothing disposable is sent",
      s: { dockerfile: NODE, contextSeconds: 0.1, context: facts({ dockerignore: true, disposable: [] }) },
    },
    {
      name: "a few cache files under the threshold, fast context, with a .dockerignore",
      s: {
        dockerfile: NODE,
        contextSeconds: 0.2,
        context: facts({ dockerignore: true, disposable: [dir("src/__pycache__", 10, 9000, "cache")] }),
      },
    },
    {
      name: "a tiny context whose step took 1.5 s on a loaded machine",
      s: { dockerfile: NODE, contextSeconds: 1.5, context: facts({ files: 12, disposable: [] }) },
    },
    {
      name: "small context, no .dockerignore, nothing disposable",
      s: { dockerfile: NODE, contextSeconds: 0.2, context: facts({ disposable: [] }) },
    },
  ])("silent: $name", ({ s }) => {
    expect(run(s)).toEqual([]);
  });
});
