// A measured build, made by hand: a Dockerfile text plus what the cold and warm builds and the
// image history would say about its lines. Steps and layers are derived from the Dockerfile the
// way BuildKit and `docker history` print them, so only what a test is about has to be given.
import { instructionFromCreatedBy } from "../../../src/docker/inspect.js";
import {
  parseDockerfile,
  stagesForTarget,
  type Instruction,
  type Stage,
} from "../../../src/dockerfile/index.js";
import type { DiagnosisInput } from "../../../src/analysis/diagnose/index.js";
import type { ContextListing } from "../../../src/analysis/diagnose/files.js";
import { summarize } from "../../../src/analysis/summary.js";
import type { Report, ReportStep } from "../../../src/report/schema.js";
import { makeReport, step } from "../../support/report.js";

export const MB = 1_000_000;

export interface Scenario {
  dockerfile: string;
  /** What the context sends (test/analysis/diagnose/project.ts walks a real one). */
  files?: ContextListing;
  /** Lines the warm build rebuilt, with their warm seconds; every other step is cached. */
  rebuilt?: Record<number, number>;
  /** Cold seconds by line (default 0.1 s). */
  cold?: Record<number, number>;
  /** Layer sizes by line, for the image's RUN/COPY/ADD layers (default 1 kB); null: no history. */
  layers?: Record<number, number> | null;
  touched?: string[];
  context?: Report["context"];
  buildArgs?: string[];
  target?: string | null;
  /** Seconds of the cold build's `[internal] load build context`. */
  contextSeconds?: number;
}

const STEP_KEYWORDS = ["RUN", "COPY", "ADD", "WORKDIR"];

export function scenario(s: Scenario): DiagnosisInput {
  const model = parseDockerfile(s.dockerfile.replace(/^\n/, ""));
  const target = s.target ?? null;
  const stages = stagesForTarget(model, target ?? undefined);
  const named = model.stages.length > 1;
  const ins = stages.flatMap((st) =>
    st.instructions
      .filter((i) => STEP_KEYWORDS.includes(i.keyword))
      .map((i) => ({ i, stage: named ? (st.name ?? `stage-${st.index}`) : null })),
  );
  const text = (i: Instruction) => `${i.keyword} ${i.args.replace(/^(\s*--\S+)+\s*/, "")}`;
  const cold: ReportStep[] = ins.map(({ i, stage }) =>
    step(text(i), "done", s.cold?.[i.line] ?? 0.1, i.line, stage),
  );
  if (s.contextSeconds !== undefined)
    cold.unshift(internal("[internal] load build context", s.contextSeconds));
  const warm = ins.map(({ i, stage }) => {
    const secs = s.rebuilt?.[i.line];
    return step(text(i), secs === undefined ? "cached" : "done", secs ?? 0, i.line, stage);
  });
  const report = makeReport({ cold, warm });
  const touched = s.touched ?? ["app/main.py"];
  return {
    report: {
      ...report,
      build: { ...report.build, target, buildArgs: s.buildArgs ?? [] },
      touched,
      touch: { effective: true, files: touched.map((path) => ({ path, reason: "test", line: null })) },
      image: {
        ...report.image,
        layers: s.layers === null ? [] : layers(model.stages, stages, s.layers ?? {}),
      },
      summary: summarize(report.cold, report.warm),
      ...(s.context ? { context: s.context } : {}),
    },
    dockerfile: model,
    target,
    files: s.files ?? null,
  };
}

function internal(name: string, seconds: number): ReportStep {
  return {
    name,
    instruction: null,
    stage: null,
    platform: null,
    status: "done",
    seconds,
    line: null,
    error: null,
  };
}

/** `docker history` of the final image: two base-image layers, then the final stage's chain. */
function layers(all: Stage[], built: Stage[], sizes: Record<number, number>): Report["image"]["layers"] {
  const chain: Stage[] = [];
  for (let st: Stage | undefined = built.at(-1); st;) {
    chain.unshift(st);
    const base = st.baseResolved.toLowerCase();
    st = all.find((p) => p.index < (st as Stage).index && p.name === base);
  }
  const createdBy = [
    "RUN /bin/sh -c apt-get update && apt-get install -y ca-certificates # buildkit",
    "WORKDIR /app",
    ...chain.flatMap((st) =>
      st.instructions.map((i) => {
        const body = i.args.replace(/^(\s*--\S+)+\s*/, "");
        return i.keyword === "RUN" ? `RUN /bin/sh -c ${body} # buildkit` : `${i.keyword} ${body} # buildkit`;
      }),
    ),
  ];
  const lineOf = new Map(chain.flatMap((st) => st.instructions).map((i, n) => [n + 2, i.line]));
  return createdBy.map((c, n) => {
    const instruction = instructionFromCreatedBy(c);
    const filesystem = /^(RUN|COPY|ADD)\b/.test(instruction);
    const line = lineOf.get(n);
    const size = filesystem ? ((line !== undefined ? sizes[line] : undefined) ?? 1000) : 0;
    return { createdBy: c, instruction, sizeBytes: size, emptyLayer: !filesystem };
  });
}
