// What every rule needs, computed once: the stages the target builds, the stages whose layers
// end up in the image, the measured cold/warm step of each Dockerfile line, and the image layer
// of each instruction.
import { posix } from "node:path";
import {
  contextCopies,
  stagesForTarget,
  targetStage,
  type ContextCopy,
  type DockerfileModel,
  type Instruction,
  type Stage,
} from "../../dockerfile/index.js";
import { shellWords } from "../../dockerfile/words.js";
import type { BuildRun, Finding, Report } from "../../report/schema.js";
import { isCacheableStep, isRebuilt } from "../summary.js";
import { contextFiles, type ContextFiles, type ContextListing } from "./files.js";
import { runScript } from "./shell.js";

export interface DiagnosisInput {
  /** The head report; its `findings` are ignored. */
  report: Report;
  /** The Dockerfile, parsed with the same build args as the build. */
  dockerfile: DockerfileModel;
  target: string | null;
  /** The files the context sends (the tool's walk); fixes copy only what it lists. */
  files?: ContextListing | null;
}

/** One Dockerfile line as a build measured it (several platforms: the slowest, rebuilt if any was). */
export interface MeasuredStep {
  name: string;
  line: number;
  instruction: string;
  seconds: number | null;
  rebuilt: boolean;
}

export interface Layer {
  sizeBytes: number;
}

export interface DiagnosisContext {
  input: DiagnosisInput;
  model: DockerfileModel;
  /** Stages the target builds, in Dockerfile order. */
  stages: Stage[];
  /** The target stage and the stages its FROM chain inherits from: their layers are the image. */
  imageStages: Stage[];
  copies: ContextCopy[];
  /** What the context sends: "unknown" for every path without a listing. */
  files: ContextFiles;
  touched: string[];
  cold: ReadonlyMap<number, MeasuredStep>;
  warm: ReadonlyMap<number, MeasuredStep>;
  layerOf(ins: Instruction): Layer | null;
  stageOf(ins: Instruction): Stage;
  /** ENV values in effect before `ins`, inherited ones from earlier stages of its FROM chain included. */
  envBefore(ins: Instruction): Map<string, string>;
  /** The working directory `ins` runs in (`/` until a WORKDIR says otherwise). */
  workdirAt(ins: Instruction): string;
}

export function createContext(input: DiagnosisInput): DiagnosisContext {
  const model = input.dockerfile;
  const target = input.target ?? undefined;
  let stages: Stage[];
  let copies: ContextCopy[];
  let final: Stage;
  try {
    stages = stagesForTarget(model, target);
    copies = contextCopies(model, target);
    final = targetStage(model, target);
  } catch {
    // An unknown target cannot have been built; judge the whole file rather than nothing.
    stages = model.stages;
    copies = contextCopies(model);
    final = model.stages.at(-1) as Stage;
  }
  const imageStages = lineage(model, final);
  const layers = matchLayers(imageStages, input.report.image.layers);
  const stageByIns = new Map<Instruction, Stage>();
  for (const s of model.stages) for (const ins of s.instructions) stageByIns.set(ins, s);
  return {
    input,
    model,
    stages,
    imageStages,
    copies,
    files: contextFiles(input.files),
    touched: input.report.touched,
    cold: measure(input.report.cold),
    warm: measure(input.report.warm),
    layerOf: (ins) => layers.get(ins) ?? null,
    stageOf: (ins) => stageByIns.get(ins) as Stage,
    envBefore: (ins) => envBefore(model, stageByIns.get(ins) as Stage, ins),
    workdirAt: (ins) => workdirAt(model, stageByIns.get(ins) as Stage, ins),
  };
}

/** The stage and the earlier stages it is built `FROM`, root first. */
export function lineage(model: DockerfileModel, stage: Stage): Stage[] {
  const chain = [stage];
  for (let s = parentStage(model, stage); s && !chain.includes(s); s = parentStage(model, s))
    chain.unshift(s);
  return chain;
}

export function parentStage(model: DockerfileModel, stage: Stage): Stage | undefined {
  const base = stage.baseResolved.toLowerCase();
  return model.stages.find((s) => s.index < stage.index && s.name === base);
}

function measure(run: BuildRun): Map<number, MeasuredStep> {
  const out = new Map<number, MeasuredStep>();
  for (const s of run.steps) {
    if (!isCacheableStep(s) || s.line === null) continue;
    const prev = out.get(s.line);
    const seconds = s.seconds === null ? (prev?.seconds ?? null) : Math.max(s.seconds, prev?.seconds ?? 0);
    out.set(s.line, {
      name: s.name ?? (s.instruction as string),
      line: s.line,
      instruction: s.instruction as string,
      seconds,
      rebuilt: (prev?.rebuilt ?? false) || isRebuilt(s),
    });
  }
  return out;
}

/**
 * `docker history` lists the base image's layers, then ours. Walking both from the top and
 * matching text pairs each instruction with its own layer, never with an identical line of the
 * base image (`WORKDIR /app` is common to both).
 */
function matchLayers(stages: Stage[], layers: Report["image"]["layers"]): Map<Instruction, Layer> {
  const out = new Map<Instruction, Layer>();
  const instructions = stages
    .flatMap((s) => s.instructions)
    .filter((i) => ["RUN", "COPY", "ADD"].includes(i.keyword));
  let top = layers.length - 1;
  for (const ins of instructions.reverse()) {
    const want = instructionKey(ins);
    for (let j = top; j >= 0; j--) {
      const layer = layers[j];
      if (layer && layerKey(layer.instruction) === want) {
        out.set(ins, layer);
        top = j - 1;
        break;
      }
    }
  }
  return out;
}

function instructionKey(ins: Instruction): string {
  const text =
    ins.keyword === "RUN"
      ? `RUN ${runScript(ins)}`
      : `${ins.keyword} ${ins.args.replace(/^(\s*--\S+)+\s*/, "")}`;
  return normalize(ins.heredoc ? (text.split("\n")[0] ?? "") : text);
}

function layerKey(instruction: string): string {
  // A `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` stage records `RUN /bin/bash -o pipefail -c cmd`.
  const text = instruction.replace(/^RUN\s+(\/\S*\/)?(ba|da|a|z)?sh\s(.*?\s)?-[a-z]*c\s+/, "RUN ");
  return normalize(/^(RUN|COPY|ADD)\s+<</.test(text) ? (text.split("\n")[0] ?? "") : text);
}

/** Quotes, JSON brackets and commas and runs of blanks differ between the two texts. */
function normalize(text: string): string {
  return text
    .replace(/["'[\],\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function envBefore(model: DockerfileModel, stage: Stage, ins: Instruction): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of lineage(model, stage)) {
    for (const i of s.instructions) {
      if (i === ins) return env;
      if (i.keyword !== "ENV") continue;
      const words = shellWords(i.args, { escapeChar: model.escapeChar });
      if (words[0]?.includes("=")) {
        for (const w of words) env.set(w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1));
      } else if (words[0]) {
        env.set(words[0], words.slice(1).join(" "));
      }
    }
  }
  return env;
}

function workdirAt(model: DockerfileModel, stage: Stage, ins: Instruction): string {
  let dir = "/";
  for (const s of lineage(model, stage)) {
    for (const i of s.instructions) {
      if (i === ins) return dir;
      if (i.keyword === "WORKDIR") dir = posix.resolve(dir, i.args.trim());
    }
  }
  return dir;
}

export function makeFinding(f: Omit<Finding, "bytes"> & { bytes?: number | null }): Finding {
  return {
    ...f,
    seconds: f.seconds === null ? null : Math.round(f.seconds * 100) / 100,
    bytes: f.bytes ?? null,
  };
}
