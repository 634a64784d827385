// Pure: which of the disposable directories the context sends (src/context/kinds.ts) this
// build really does without. A dependency directory or a build output counts only when the
// build makes its own (an install or a build step of that tool); a cache or VCS data never
// counts as needed. Whatever kind, a directory stays when the Dockerfile names it: a COPY/ADD
// source inside it always, and for what the build does not recreate, any mention in a RUN,
// CMD, ENTRYPOINT, ENV or WORKDIR (`CMD node dist/server.js` needs the host's dist/).
import type { Instruction } from "../../dockerfile/index.js";
import type { ContextFacts } from "../../report/schema.js";
import type { DiagnosisContext } from "./context.js";
import { asPip, commandName, runCommands, runScript, subcommand, type Command } from "./shell.js";
import { classifyRun } from "./ecosystems.js";
import { sourceCovers } from "./text.js";

export type SentDir = NonNullable<ContextFacts["disposable"]>[number];

export interface UnneededDir extends SentDir {
  /** The instruction that makes the directory again in the image, when the build does. */
  recreatedBy: Instruction | null;
}

export interface KeptDir extends SentDir {
  /** The instruction that needs the host's copy. */
  neededBy: Instruction;
}

export interface ContextDirs {
  unneeded: UnneededDir[];
  kept: KeptDir[];
}

const NAMES_READ = new Set(["RUN", "CMD", "ENTRYPOINT", "ENV", "WORKDIR", "VOLUME"]);

type Maker = (cmd: Command) => boolean;

const NODE_INSTALL: Maker = (c) => {
  const name = commandName(c);
  const sub = subcommand(c)?.name;
  return (
    (name === "npm" && ["ci", "install", "i"].includes(sub ?? "")) ||
    (name === "yarn" && (sub === undefined || sub === "install")) ||
    (name === "pnpm" && ["install", "i"].includes(sub ?? "")) ||
    (name === "bower" && sub === "install")
  );
};
const PYTHON_INSTALL: Maker = (c) =>
  asPip(c)?.[1] === "install" ||
  (["poetry", "pipenv"].includes(commandName(c)) && subcommand(c)?.name === "install") ||
  (commandName(c) === "uv" && ["sync", "venv"].includes(subcommand(c)?.name ?? "")) ||
  (/^python[0-9.]*$/.test(commandName(c)) && c[1] === "-m" && ["venv", "virtualenv"].includes(c[2] ?? ""));
const VENDOR_INSTALL: Maker = (c) =>
  ["composer", "bundle"].includes(commandName(c)) && subcommand(c)?.name === "install";

/** The RUN that recreates a directory of this kind and name, if the build has one. */
function recreator(ctx: DiagnosisContext, dir: SentDir): Instruction | null {
  const name = dir.path.split("/").at(-1) ?? "";
  const runs = ctx.stages.flatMap((s) => s.instructions).filter((i) => i.keyword === "RUN");
  const byCommand = (make: Maker) => runs.find((i) => runCommands(i).some(make)) ?? null;
  if (dir.kind === "virtualenv") return byCommand(PYTHON_INSTALL);
  if (dir.kind === "dependencies") return byCommand(name === "vendor" ? VENDOR_INSTALL : NODE_INSTALL);
  if (dir.kind === "build-output") return runs.find((i) => classifyRun(i).kind === "code") ?? null;
  return null;
}

/** The instruction that needs the host's copy of `dir`, if any. */
function needer(ctx: DiagnosisContext, dir: SentDir, recreated: boolean): Instruction | null {
  for (const copy of ctx.copies) {
    if (copy.sources.some((s) => s !== "." && (sourceCovers(s, dir.path) || s.startsWith(`${dir.path}/`))))
      return copy.instruction;
  }
  if (recreated) return null;
  const name = dir.path.split("/").at(-1) ?? "";
  const mention = new RegExp(`(^|[^\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w.-])`);
  for (const ins of ctx.stages.flatMap((s) => s.instructions)) {
    if (!NAMES_READ.has(ins.keyword)) continue;
    if (mention.test(ins.keyword === "RUN" ? runScript(ins) : ins.args)) return ins;
  }
  return null;
}

/** Splits the disposable directories the context sends into those the build does without and those it needs. */
export function contextDirs(ctx: DiagnosisContext, gitReader: Instruction | null): ContextDirs {
  const out: ContextDirs = { unneeded: [], kept: [] };
  for (const dir of ctx.input.report.context?.disposable ?? []) {
    const recreatedBy = recreator(ctx, dir);
    const isDependency =
      dir.kind === "dependencies" || dir.kind === "virtualenv" || dir.kind === "build-output";
    const neededBy =
      dir.path === ".git" && gitReader
        ? gitReader
        : isDependency && !recreatedBy
          ? (needer(ctx, dir, false) ?? coveringCopy(ctx, dir))
          : needer(ctx, dir, recreatedBy !== null);
    if (neededBy) out.kept.push({ ...dir, neededBy });
    else out.unneeded.push({ ...dir, recreatedBy });
  }
  return out;
}

/**
 * A dependency directory or build output that the build does not make itself is what the image
 * runs with when a COPY takes it along (no install: the host's node_modules is the app's).
 */
export function coveringCopy(ctx: DiagnosisContext, dir: SentDir): Instruction | null {
  const copy = ctx.copies.find((c) => c.sources.some((s) => sourceCovers(s, dir.path)));
  return copy?.instruction ?? null;
}
