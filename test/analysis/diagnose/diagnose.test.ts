import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createContext } from "../../../src/analysis/diagnose/context.js";
import { RULE_IDS, diagnose, sortFindings } from "../../../src/analysis/diagnose/index.js";
import { parseHistory } from "../../../src/docker/inspect.js";
import { parseDockerfile, type Instruction } from "../../../src/dockerfile/index.js";
import { FindingSchema, type Finding } from "../../../src/report/schema.js";
import { MB, scenario } from "./scenario.js";

const root = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

describe("diagnose", () => {
  // Real `docker history` of examples/python-bad-order (test/fixtures/docker/README.md).
  it("matches a real image history to the Dockerfile's own layers", () => {
    const input = scenario({
      dockerfile: read("examples/python-bad-order/Dockerfile"),
      rebuilt: { 6: 0.2, 7: 9.4 },
    });
    input.dockerfile = parseDockerfile(read("examples/python-bad-order/Dockerfile"), {
      buildArgs: { BASE: "docker-cache-bench/base:local" },
    });
    input.report.image.layers = parseHistory(read("test/fixtures/docker/history-python-bad-order.jsonl"));
    const ctx = createContext(input);
    const ins = (line: number) =>
      ctx.imageStages[0]?.instructions.find((i) => i.line === line) as Instruction;
    expect(ctx.layerOf(ins(7))?.sizeBytes).toBe(1_638_400);
    expect(ctx.layerOf(ins(6))?.sizeBytes).toBe(843);

    const findings = diagnose(input);
    expect(findings.map((f) => [f.rule, f.line, f.seconds])).toEqual([
      ["dependency-install-after-context-copy", 7, 9.4],
    ]);
  });

  it("the good-order example has nothing to say", () => {
    const dockerfile = read("examples/python-good-order/Dockerfile");
    expect(diagnose(scenario({ dockerfile, rebuilt: { 8: 0.2 } }))).toEqual([]);
  });

  it("every finding is valid against the report schema, warnings first, costliest first", () => {
    const findings = diagnose(
      scenario({
        dockerfile: `
FROM python:3.12
RUN apt-get update
RUN apt-get install -y build-essential
WORKDIR /app
ARG GIT_SHA
COPY . .
RUN pip install -r requirements.txt
`,
        rebuilt: { 6: 0.1, 7: 41.2 },
        cold: { 7: 45 },
        layers: { 2: 40 * MB, 3: 220 * MB, 7: 90 * MB },
        context: { transferBytes: 60 * MB, dockerignore: false, gitSent: false },
        contextSeconds: 2,
      }),
    );
    for (const f of findings) expect(FindingSchema.parse(f)).toEqual(f);
    expect(findings.map((f) => f.rule)).toEqual([
      "volatile-arg-early", // 45 s (cold) if the value changes
      "dependency-install-after-context-copy", // 41.2 s per code change
      "no-dockerignore", // 2 s
      "toolchain-in-final-image", // 220 MB
      "apt-lists-left", // 40 MB
      "apt-update-separate",
      "pip-cache-left",
      "base-not-slim",
    ]);
  });

  it.each([
    {
      target: "dev",
      rules: [
        ["dependency-install-after-context-copy", 4],
        ["base-not-slim", 1],
      ],
    },
    { target: null, rules: [] },
  ])("only the stages the target builds are judged (target $target)", ({ target, rules }) => {
    const dockerfile = `
FROM python:3.12 AS dev
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements-dev.txt
FROM python:3.12-slim AS prod
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
`;
    const findings = diagnose(
      scenario({ dockerfile, target, rebuilt: target ? { 3: 0.1, 4: 20 } : { 9: 0.1 } }),
    );
    expect(findings.map((f) => [f.rule, f.line])).toEqual(rules);
    if (target)
      expect(findings[0]?.fix).toBe(
        "COPY requirements-dev.txt ./\nRUN pip install --no-cache-dir -r requirements-dev.txt\nCOPY . .",
      );
  });

  it("sortFindings: severity, then seconds, then bytes, then line", () => {
    const f = (
      rule: string,
      severity: Finding["severity"],
      seconds: number | null,
      bytes: number | null,
      line: number,
    ) => ({ rule, severity, seconds, bytes, line, message: "", fix: "" }) satisfies Finding;
    const sorted = sortFindings([
      f("n", "notice", 99, null, 1),
      f("b", "warning", null, 5, 9),
      f("c", "warning", null, null, 2),
      f("a", "warning", 3, null, 7),
      f("d", "warning", null, 5, 4),
    ]);
    expect(sorted.map((x) => x.rule)).toEqual(["a", "d", "b", "c", "n"]);
  });
});

describe("docs/rules.md", () => {
  it("has a section for every rule id, and no other", () => {
    const sections = [...read("docs/rules.md").matchAll(/^## `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    expect(sections.sort()).toEqual([...RULE_IDS].sort());
  });
});
