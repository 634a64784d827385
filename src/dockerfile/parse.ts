// Dockerfile text → DockerfileModel. dockerfile-ast finds the instructions, their lines,
// flags, heredocs and parser directives (`# escape=`); the argument text is rebuilt here
// from the raw lines so that it reads the way BuildKit prints it in step names.
import { DockerfileParser, From, ModifiableInstruction } from "dockerfile-ast";
import type { Heredoc, Instruction as AstInstruction } from "dockerfile-ast";
import {
  DockerfileParseError,
  type BuildArgs,
  type DockerfileModel,
  type GlobalArg,
  type Instruction,
  type Stage,
} from "./model.js";
import { expandVariables, expandWord, shellWords, type Lookup } from "./words.js";

export interface ParseOptions {
  /** `--build-arg` values: they override ARG defaults in FROM lines and COPY sources. */
  buildArgs?: BuildArgs;
}

export function parseDockerfile(text: string, options: ParseOptions = {}): DockerfileModel {
  // BuildKit ignores a UTF-8 BOM; dockerfile-ast would read it as part of the first keyword.
  const source = text.replace(/^\uFEFF/, "");
  const ast = DockerfileParser.parse(source);
  const lines = source.split(/\r?\n/);
  const escapeChar = ast.getEscapeCharacter();
  const buildArgs = options.buildArgs ?? {};

  const globalArgs: GlobalArg[] = [];
  const stages: Stage[] = [];
  for (const ins of ast.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === "FROM" && ins instanceof From) {
      stages.push(toStage(ins, stages.length, lines, escapeChar));
      continue;
    }
    const current = stages.at(-1);
    if (current) {
      current.instructions.push(toInstruction(ins, keyword, lines, escapeChar));
    } else if (keyword === "ARG") {
      globalArgs.push(...argDeclarations(toInstruction(ins, keyword, lines, escapeChar), escapeChar));
    }
    // Anything else before the first FROM is an error BuildKit reports; nothing to model.
  }
  if (stages.length === 0) throw new DockerfileParseError("the Dockerfile has no FROM instruction");

  const model: DockerfileModel = { globalArgs, stages, escapeChar, buildArgs };
  for (const stage of stages) stage.baseResolved = resolveBase(model, stage, buildArgs);
  return model;
}

/** The FROM image with global ARGs expanded; `--build-arg` only overrides ARGs that are declared. */
export function resolveBase(model: DockerfileModel, stage: Stage, buildArgs: BuildArgs): string {
  const lookup = globalLookup(model, buildArgs);
  return expandWord(stage.base, { escapeChar: model.escapeChar, lookup });
}

/**
 * Global ARG values: a build arg, else the default, which may use ARGs declared above it
 * (`ARG REG=docker.io` + `ARG IMAGE=$REG/app`).
 */
export function globalLookup(
  model: DockerfileModel,
  buildArgs: BuildArgs,
  upTo = model.globalArgs.length,
): Lookup {
  return (name) => {
    const at = model.globalArgs.slice(0, upTo).findLastIndex((a) => a.name === name);
    const decl = model.globalArgs[at];
    if (!decl) return undefined;
    if (Object.hasOwn(buildArgs, name)) return buildArgs[name];
    if (decl.defaultValue === null) return undefined;
    return expandVariables(decl.defaultValue, {
      escapeChar: model.escapeChar,
      lookup: globalLookup(model, buildArgs, at),
    });
  };
}

/** `ARG a=1 b` → two declarations. */
export function argDeclarations(ins: Instruction, escapeChar: string): GlobalArg[] {
  return shellWords(ins.args, { escapeChar }).map((word) => {
    const eq = word.indexOf("=");
    return eq === -1
      ? { name: word, defaultValue: null, line: ins.line }
      : { name: word.slice(0, eq), defaultValue: word.slice(eq + 1), line: ins.line };
  });
}

function toStage(ins: From, index: number, lines: string[], escapeChar: string): Stage {
  const parsed = toInstruction(ins, "FROM", lines, escapeChar);
  const platform = parsed.flags["platform"];
  return {
    index,
    name: ins.getBuildStage()?.toLowerCase() ?? null,
    base: ins.getImage() ?? "",
    baseResolved: "",
    platform: typeof platform === "string" ? platform : null,
    line: parsed.line,
    instructions: [],
  };
}

function toInstruction(
  ins: AstInstruction,
  keyword: string,
  lines: string[],
  escapeChar: string,
): Instruction {
  const range = ins.getRange();
  const start = range.start.line;
  const end = range.end.line;
  const heredocs = heredocsOf(ins);
  const bodyStart = heredocs.length ? Math.min(...heredocs.map(heredocBodyLine)) : end + 1;
  const header = joinContinuations(lines, start, Math.min(bodyStart - 1, end), escapeChar);
  const body = lines.slice(bodyStart, end + 1);
  const full = [header, ...body].join("\n");
  const args = full.replace(/^\s*\S+\s*/, "");

  const flags: Record<string, string | true> = {};
  const mounts: string[] = [];
  if (ins instanceof ModifiableInstruction) {
    for (const flag of ins.getFlags()) {
      const value = flag.getValue();
      flags[flag.getName()] = value ?? true;
      if (flag.getName() === "mount" && value !== null) mounts.push(value);
    }
  }
  return { keyword, args, line: start + 1, endLine: end + 1, flags, mounts, heredoc: heredocs.length > 0 };
}

// dockerfile-ast declares getHeredocs() protected on the base class but implements it for
// every instruction; RUN, COPY and ADD are the ones BuildKit accepts heredocs in.
function heredocsOf(ins: AstInstruction): Heredoc[] {
  if (!["RUN", "COPY", "ADD"].includes(ins.getKeyword().toUpperCase())) return [];
  return (ins as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
}

function heredocBodyLine(h: Heredoc): number {
  return (h.getContentRange() ?? h.getDelimiterRange() ?? h.getStartRange()).start.line;
}

/**
 * Joins `start..end` the way BuildKit's parser does: a line ending in the escape character
 * (trailing blanks allowed) continues on the next; comment and empty lines inside a
 * continuation are dropped; the escape character and newline vanish, other whitespace stays
 * (`RUN a \` + `    && b` is printed as `RUN a     && b`).
 */
function joinContinuations(lines: string[], start: number, end: number, escapeChar: string): string {
  const continuation = new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`);
  let out = "";
  for (let i = start; i <= end; i++) {
    const line = lines[i] ?? "";
    if (i > start && (/^\s*#/.test(line) || line.trim() === "")) continue;
    if (continuation.test(line)) {
      out += line.replace(continuation, "");
      continue;
    }
    out += line;
    break;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
