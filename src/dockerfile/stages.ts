// Which stages a target builds, and which of their instructions read the build context.
// BuildKit only builds the stages the target reaches, so a COPY in an unreached stage never
// sees a touched file. Reachability follows BuildKit's dockerfile2llb:
//   FROM <stage>            an earlier stage, by name only
//   COPY --from=<x>         a stage by name, else by index, else an image or named context
//   RUN --mount=from=<x>    a stage by name only: verified 2026-11-28 on Docker 20.10.24's
//                           BuildKit, `from=1` is pulled as the image `docker.io/library/1`
import { posix } from "node:path";
import {
  UnknownTargetError,
  type BuildArgs,
  type ContextCopy,
  type DockerfileModel,
  type Stage,
} from "./model.js";
import { argDeclarations, globalLookup, resolveBase } from "./parse.js";
import { expandVariables, expandWord, shellWord, shellWords, type Lookup } from "./words.js";

/** The target stage: by name (case-insensitive, as `--target` is), else the last stage. */
export function targetStage(model: DockerfileModel, target?: string): Stage {
  if (target === undefined || target === "") return model.stages.at(-1) as Stage;
  const wanted = target.toLowerCase();
  const stage = model.stages.find((s) => s.name === wanted);
  if (!stage) {
    throw new UnknownTargetError(
      target,
      model.stages.flatMap((s) => (s.name ? [s.name] : [])),
    );
  }
  return stage;
}

/** Stages the target depends on, the target included, in Dockerfile order. */
export function stagesForTarget(model: DockerfileModel, target?: string, buildArgs?: BuildArgs): Stage[] {
  const args = buildArgs ?? model.buildArgs;
  const reached = new Set<Stage>();
  const visit = (stage: Stage) => {
    if (reached.has(stage)) return;
    reached.add(stage);
    for (const dep of stageDependencies(model, stage, args)) visit(dep);
  };
  visit(targetStage(model, target));
  return model.stages.filter((s) => reached.has(s));
}

export function stageDependencies(model: DockerfileModel, stage: Stage, buildArgs: BuildArgs): Stage[] {
  const deps: Stage[] = [];
  const parent = baseStage(model, stage, buildArgs);
  if (parent) deps.push(parent);
  stage.instructions.forEach((_, i) => deps.push(...instructionStages(model, stage, i, buildArgs)));
  return deps;
}

/** The other stages instruction `i` of the stage reads: `COPY --from=<stage>`, `RUN --mount=…,from=<stage>`. */
export function instructionStages(
  model: DockerfileModel,
  stage: Stage,
  i: number,
  buildArgs: BuildArgs,
): Stage[] {
  const ins = stage.instructions[i];
  if (!ins) return [];
  const lookup = stageLookup(model, stage, i, buildArgs);
  const deps: Stage[] = [];
  const from = ins.flags["from"];
  if (ins.keyword === "COPY" && typeof from === "string") {
    const ref = expandWord(from, { escapeChar: model.escapeChar, lookup });
    const dep = stageByName(model, ref) ?? stageByIndex(model, ref);
    if (dep && dep !== stage) deps.push(dep);
  }
  if (ins.keyword === "RUN") {
    for (const mount of ins.mounts) {
      const ref = mountFrom(mount);
      const dep =
        ref === null
          ? undefined
          : stageByName(model, expandWord(ref, { escapeChar: model.escapeChar, lookup }));
      if (dep && dep !== stage) deps.push(dep);
    }
  }
  return deps;
}

/** The earlier stage this stage's FROM names, if it names one (then it is not an image). */
export function baseStage(model: DockerfileModel, stage: Stage, buildArgs: BuildArgs): Stage | undefined {
  const base = resolveBase(model, stage, buildArgs).toLowerCase();
  return model.stages.find((s) => s.index < stage.index && s.name === base);
}

/** The image the target's stage chain starts FROM (through `FROM <stage>`), as resolved; `scratch` for none. */
export function imageBase(model: DockerfileModel, target: string | undefined, buildArgs: BuildArgs): string {
  let stage = targetStage(model, target);
  for (let parent = baseStage(model, stage, buildArgs); parent; parent = baseStage(model, stage, buildArgs)) {
    stage = parent;
  }
  return resolveBase(model, stage, buildArgs);
}

/**
 * COPY and ADD instructions of the target's stages that read the build context, in
 * Dockerfile order. Heredoc COPY/ADD, `--from` copies and ADD of URLs or git repositories
 * read something else.
 */
export function contextCopies(model: DockerfileModel, target?: string, buildArgs?: BuildArgs): ContextCopy[] {
  const args = buildArgs ?? model.buildArgs;
  const copies: ContextCopy[] = [];
  for (const stage of stagesForTarget(model, target, args)) {
    stage.instructions.forEach((ins, i) => {
      if (ins.keyword !== "COPY" && ins.keyword !== "ADD") return;
      if (ins.heredoc || ins.flags["from"] !== undefined) return;
      const words = copyWords(ins.args, model.escapeChar, stageLookup(model, stage, i, args));
      if (words.length < 2) return;
      const destination = words.at(-1) as string;
      const sources = words
        .slice(0, -1)
        .filter((src) => ins.keyword === "COPY" || !isRemoteSource(src))
        .map(normalizeSource);
      if (sources.length) copies.push({ stage, instruction: ins, sources, destination, line: ins.line });
    });
  }
  return copies;
}

/** Sources and destination of a COPY/ADD: flags dropped, JSON-array or shell form. */
function copyWords(args: string, escapeChar: string, lookup: Lookup): string[] {
  const rest = args.replace(/^(\s*--\S+)+\s*/, "");
  if (rest.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((w) => typeof w === "string")) {
        return parsed.map((w: string) => shellWord(w, { escapeChar, lookup }));
      }
    } catch {
      // Not valid JSON: BuildKit then reads the shell form, and so do we.
    }
  }
  return shellWords(rest, { escapeChar, lookup });
}

function isRemoteSource(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || /^git@/.test(src);
}

/** Context-relative posix pattern: no leading `/` or `./`, no `--parents` pivot (`a/./b`). */
function normalizeSource(src: string): string {
  const clean = posix.normalize(src.replace(/^\/+/, "")).replace(/\/+$/, "");
  return clean === "" ? "." : clean;
}

function stageByName(model: DockerfileModel, ref: string): Stage | undefined {
  const wanted = ref.toLowerCase();
  return model.stages.find((s) => s.name === wanted);
}

function stageByIndex(model: DockerfileModel, ref: string): Stage | undefined {
  return /^\d+$/.test(ref) ? model.stages[Number(ref)] : undefined;
}

/** `type=bind,from=builder,target=/x` → `builder`. */
function mountFrom(mount: string): string | null {
  for (const part of mount.split(",")) {
    const [key, ...value] = part.split("=");
    if (key?.trim().toLowerCase() === "from") return value.join("=").replace(/^["']|["']$/g, "");
  }
  return null;
}

/**
 * Variables visible to the stage's instruction `before`: ARGs redeclared in the stage (build
 * arg, else their default, else the global default) and ENVs, in order.
 * https://docs.docker.com/reference/dockerfile/#scope
 */
export function stageLookup(
  model: DockerfileModel,
  stage: Stage,
  before: number,
  buildArgs: BuildArgs,
): Lookup {
  const globals = globalLookup(model, buildArgs);
  const vars = new Map<string, string | undefined>();
  const lookup: Lookup = (name) => vars.get(name);
  const opts = { escapeChar: model.escapeChar, lookup };
  for (const ins of stage.instructions.slice(0, before)) {
    if (ins.keyword === "ARG") {
      for (const decl of argDeclarations(ins, model.escapeChar)) {
        const given = Object.hasOwn(buildArgs, decl.name) ? buildArgs[decl.name] : undefined;
        const dflt =
          decl.defaultValue === null ? globals(decl.name) : expandVariables(decl.defaultValue, opts);
        vars.set(decl.name, given ?? dflt);
      }
    } else if (ins.keyword === "ENV") {
      for (const [k, v] of envPairs(ins.args, model.escapeChar, lookup)) vars.set(k, v);
    }
  }
  return lookup;
}

function envPairs(args: string, escapeChar: string, lookup: Lookup): [string, string][] {
  const words = shellWords(args, { escapeChar, lookup });
  if (words[0]?.includes("=")) {
    return words.map((w) => {
      const eq = w.indexOf("=");
      return [w.slice(0, eq), w.slice(eq + 1)] as [string, string];
    });
  }
  // Legacy `ENV key value with spaces`.
  return words.length ? [[words[0] as string, words.slice(1).join(" ")]] : [];
}
