// Maps a BuildKit step (`[stage i/n] INSTRUCTION`) back to its Dockerfile line.
//
// What BuildKit prints, checked on 2026-11-28 against Docker 20.10.24's built-in BuildKit
// (`DOCKER_BUILDKIT=1 docker build`) and buildx 0.13.1 with the docker driver, and against
// dockerfile2llb's prefixCommand/cmdTotal in moby/buildkit:
// (a) `n` counts the FROM plus every RUN, COPY, ADD and WORKDIR of the stage. ENV, ARG, LABEL,
//     CMD, ENTRYPOINT, EXPOSE, USER, SHELL, VOLUME, STOPSIGNAL, HEALTHCHECK, ONBUILD and
//     MAINTAINER make no vertex and are not counted. The FROM is not counted either when the
//     stage starts `FROM scratch` or `FROM <earlier stage>`: then the first RUN is `1/n`.
//     `i` is right-aligned to the width of `n`: `[ 2/12]`, `[stage-2  2/12]`.
// (b) With more than one stage in the Dockerfile, an unnamed stage is `stage-<index>`, its
//     position among ALL stages, built or not (`stage-2` for the third FROM). A Dockerfile
//     with a single stage prints no stage name at all, even when that stage has `AS name`.
//     Named stages print the name lower-cased (`AS Builder` → `[builder 2/5]`).
// (c) `--target` changes neither names nor numbers: a stage is numbered on its own. But a
//     vertex with the same digest as one already known to the daemon (a FROM of the same
//     image, and steps on top of it that do not depend on the context) is shown under the
//     name it got first, possibly from another stage or another build: seen `[unused 1/2]
//     FROM …` for a stage this build never reached, and `[stage-2 2/6] WORKDIR /app` from a
//     concurrent build of another Dockerfile (cf. docker/buildx#3312). So the prefix is only
//     trusted when the instruction text agrees, and a stage the target does not reach is
//     looked for elsewhere.
// (d) ARGs cannot be used in stage names (`AS ${NAME}` is a parse error). Instruction text is
//     printed with ARG/ENV values expanded (`RUN echo $V` → `RUN echo 1.0`); COPY/ADD lose
//     their quotes (`COPY ["a", "/b/"]` → `COPY [a, /b/]`); RUN keeps them; continuations are
//     joined, inner comments dropped. A heredoc prints its first body line: `RUN <<EOF (apt-get
//     update...)` (from public logs: the built-in 20.10 frontend here rejects heredocs).
import type { BuildArgs, DockerfileModel, Instruction, Stage } from "./model.js";
import { resolveBase } from "./parse.js";
import { baseStage, stagesForTarget } from "./stages.js";

export interface StepRef {
  stage: string | null;
  index: { i: number; n: number } | null;
  instruction: string | null;
}

/** The name BuildKit prints for a stage's steps: null for the only stage of a Dockerfile. */
export function buildkitStageName(model: DockerfileModel, stage: Stage): string | null {
  if (model.stages.length === 1) return null;
  return stage.name ?? `stage-${stage.index}`;
}

interface Counted {
  line: number;
  text: string;
  /** FROM: the image BuildKit prints, resolved; null when this entry is not a FROM. */
  image: string | null;
  stage: Stage;
}

/** The instructions of a stage that BuildKit numbers, as (a) above describes. */
export function numberedInstructions(model: DockerfileModel, stage: Stage, buildArgs?: BuildArgs): Counted[] {
  const args = buildArgs ?? model.buildArgs;
  const out: Counted[] = [];
  const image = resolveBase(model, stage, args);
  if (image.toLowerCase() !== "scratch" && !baseStage(model, stage, args)) {
    out.push({ line: stage.line, text: `FROM ${stage.base}`, image, stage });
  }
  for (const ins of stage.instructions) {
    if (["RUN", "COPY", "ADD", "WORKDIR"].includes(ins.keyword)) {
      out.push({ line: ins.line, text: stepText(ins), image: null, stage });
    }
  }
  return out;
}

export function lineForStep(
  model: DockerfileModel,
  step: StepRef,
  target?: string,
  buildArgs?: BuildArgs,
): number | null {
  // ONBUILD triggers come from the base image, not from this Dockerfile.
  if (step.instruction?.startsWith("ONBUILD ")) return null;
  let reached: Stage[];
  try {
    reached = stagesForTarget(model, target, buildArgs);
  } catch {
    reached = model.stages;
  }
  const stage = stageForStep(model, step.stage);
  const trusted = stage && reached.includes(stage) ? stage : undefined;

  if (trusted && step.index) {
    const counted = numberedInstructions(model, trusted, buildArgs);
    const at = counted[step.index.i - 1];
    if (
      counted.length === step.index.n &&
      at &&
      (step.instruction === null || matches(at, step.instruction))
    ) {
      return at.line;
    }
  }
  if (step.instruction === null) return null;
  const text = step.instruction;
  const groups = [trusted ? [trusted] : [], reached, model.stages];
  for (const group of groups) {
    const hits = group
      .flatMap((s) => numberedInstructions(model, s, buildArgs))
      .filter((c) => matches(c, text));
    if (hits.length === 1) return (hits[0] as Counted).line;
    // Identical FROMs are one vertex shared by every stage that uses them: the first is as true
    // as any. Other repeated text (two `RUN make`) is ambiguous: no line beats a wrong one.
    if (hits.length > 1) return hits.every((h) => h.image !== null) ? (hits[0] as Counted).line : null;
  }
  return null;
}

function stageForStep(model: DockerfileModel, name: string | null): Stage | undefined {
  if (name === null) return model.stages.length === 1 ? model.stages[0] : undefined;
  const lower = name.toLowerCase();
  const named = model.stages.find((s) => s.name === lower);
  if (named) return named;
  const m = /^stage-(\d+)$/.exec(lower);
  const byIndex = m ? model.stages[Number(m[1])] : undefined;
  return byIndex && byIndex.name === null ? byIndex : undefined;
}

/** The text BuildKit would print, before variable expansion; a heredoc's header only. */
function stepText(ins: Instruction): string {
  const args = ins.heredoc ? (ins.args.split("\n")[0] ?? "") : ins.args;
  return `${ins.keyword} ${args}`;
}

function matches(c: Counted, printed: string): boolean {
  if (c.image !== null) {
    const m = /^FROM\s+(\S+)/i.exec(printed);
    if (!m) return false;
    return sameImage(c.image, m[1] as string) || pattern(c.text).test(normalize(printed));
  }
  // A heredoc step prints `RUN <<EOF (first line...)`: compare the header only.
  const head = c.text.includes("<<") ? printed.replace(/\s+\(.*$/s, "") : printed;
  return pattern(c.text).test(normalize(head));
}

/** Quotes, JSON brackets and commas, escapes and runs of blanks differ between the two texts. */
function normalize(text: string): string {
  return text
    .replace(/["'[\],\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The Dockerfile text as a regular expression where each variable reference matches any value. */
function pattern(dockerfileText: string): RegExp {
  const parts = normalize(dockerfileText).split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/);
  const body = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*?");
  return new RegExp(`^${body.replace(/ /g, "\\s*")}$`, "i");
}

/** `python:3.12` = `docker.io/library/python:3.12`; a printed `@sha256:` pin is ignored. */
function sameImage(a: string, b: string): boolean {
  return canonicalImage(a) === canonicalImage(b);
}

function canonicalImage(ref: string): string {
  let r = ref.toLowerCase().replace(/@sha256:[0-9a-f]+$/, "");
  r = r
    .replace(/^docker\.io\//, "")
    .replace(/^index\.docker\.io\//, "")
    .replace(/^library\//, "");
  if (!/:[^/]+$/.test(r)) r += ":latest";
  return r;
}
