// Small hand-built reports for the pure comparison and rendering tests. Real reports come from
// the engine tests; these only vary the fields a test is about.
import { summarize } from "../../src/analysis/summary.js";
import type { Report, ReportStep } from "../../src/report/schema.js";

export function step(
  instruction: string,
  status: ReportStep["status"],
  seconds: number | null,
  line: number,
  stage: string | null = null,
): ReportStep {
  return {
    name: `[${stage ? `${stage} ` : ""}${line}/9] ${instruction}`,
    instruction,
    stage,
    platform: null,
    status,
    seconds,
    line,
    error: null,
  };
}

/** Warm steps of a Dockerfile that installs before it copies the code: the install stays cached. */
export const GOOD_STEPS = [
  step("WORKDIR /app", "cached", null, 5),
  step("COPY requirements.txt .", "cached", null, 6),
  step("RUN pip install -r requirements.txt", "cached", null, 7),
  step("COPY . .", "done", 0.1, 8),
];

/** The same after `COPY . .` moved above the install: the install reruns on every code change. */
export const BAD_STEPS = [
  step("WORKDIR /app", "cached", null, 5),
  step("COPY . .", "done", 0.1, 6),
  step("RUN pip install -r requirements.txt", "done", 41.2, 7),
];

export function makeReport(opts: {
  cold?: ReportStep[];
  warm: ReportStep[];
  coldSeconds?: number;
  warmSeconds?: number;
  sizeBytes?: number;
}): Report {
  const cold = {
    wallSeconds: opts.coldSeconds ?? 30,
    format: "plain" as const,
    imageId: "sha256:c",
    steps: opts.cold ?? opts.warm.map((s) => ({ ...s, status: "done" as const })),
  };
  const warm = {
    wallSeconds: opts.warmSeconds ?? 10,
    format: "plain" as const,
    imageId: "sha256:w",
    steps: opts.warm,
  };
  return {
    schemaVersion: 1,
    tool: { name: "docker-cache-bench", version: "0.1.0" },
    createdAt: "2026-11-28T00:00:00.000Z",
    build: { context: "examples/app", dockerfile: "Dockerfile", target: null, platform: null, buildArgs: [] },
    docker: {
      mode: "buildx",
      clientVersion: "28.2.2",
      serverVersion: "20.10.24",
      buildxVersion: "0.13.1",
      driver: "docker",
    },
    cold,
    warm,
    touched: ["app/main.py"],
    touch: { effective: true, files: [{ path: "app/main.py", reason: "test", line: 6 }] },
    image: {
      id: "sha256:c",
      sizeBytes: opts.sizeBytes ?? 100_000_000,
      sizeKind: "uncompressed",
      storageDriver: "overlay2",
      layers: [],
    },
    summary: summarize(cold, warm),
    findings: [],
  };
}
