// Which build steps a change to one context file makes BuildKit run again. BuildKit keys a
// context COPY/ADD on the checksum of the files it selects, and every later step of a stage on
// the step before it; so a changed file reruns its stage from the first COPY/ADD that takes it
// to the end, and every stage that builds on a rerun stage (`FROM <stage>` from its start,
// `COPY --from` / `RUN --mount=from=` from that instruction on). A `COPY --from` whose files came
// out byte-identical would stay cached; a code change rarely leaves its build output unchanged,
// so this counts it as rerun: an upper bound, and what a code change usually costs.
import { contextCopyMatcher, type SourceMatcher } from "./glob.js";
import type { BuildArgs, ContextCopy, DockerfileModel, Instruction, Stage } from "./model.js";
import { baseStage, instructionStages, stagesForTarget } from "./stages.js";

/** Instructions that are build steps (the rest only set image config). */
const STEP_KEYWORDS = new Set(["RUN", "COPY", "ADD", "WORKDIR"]);

export interface Reach {
  /** The steps rerun after the change, in Dockerfile order. */
  steps: Instruction[];
  /** The first context COPY/ADD that takes the file (where the cache breaks), or null when none does. */
  firstCopy: ContextCopy | null;
}

/**
 * A reach calculator for the target's stages. `copies` are the target's context copies
 * (`contextCopies`); results are cached by the set of copies taking the file, so asking for
 * every file of a large context costs one pass over the Dockerfile per distinct set.
 */
export function reachCalculator(
  model: DockerfileModel,
  copies: ContextCopy[],
  target?: string,
  buildArgs?: BuildArgs,
): (relPath: string) => Reach {
  const args = buildArgs ?? model.buildArgs;
  const stages = stagesForTarget(model, target, args);
  const matchers: SourceMatcher[] = copies.map(contextCopyMatcher);
  const memo = new Map<string, Reach>();
  return (relPath) => {
    const taking = copies.filter((_, k) => (matchers[k] as SourceMatcher)(relPath));
    const key = taking.map((c) => c.line).join(",");
    let reach = memo.get(key);
    if (!reach) {
      reach = reachOf(model, stages, new Set(taking.map((c) => c.instruction)), args);
      reach.firstCopy = taking[0] ?? null;
      memo.set(key, reach);
    }
    return reach;
  };
}

function reachOf(model: DockerfileModel, stages: Stage[], taking: Set<Instruction>, args: BuildArgs): Reach {
  const rerun = new Set<Stage>();
  const steps: Instruction[] = [];
  for (const stage of stages) {
    const parent = baseStage(model, stage, args);
    let start = parent && rerun.has(parent) ? 0 : -1;
    for (let i = 0; start === -1 && i < stage.instructions.length; i++) {
      const ins = stage.instructions[i] as Instruction;
      if (taking.has(ins) || instructionStages(model, stage, i, args).some((s) => rerun.has(s))) start = i;
    }
    if (start === -1) continue;
    rerun.add(stage);
    steps.push(...stage.instructions.slice(start).filter((ins) => STEP_KEYWORDS.has(ins.keyword)));
  }
  return { steps, firstCopy: null };
}
