// Why the warm build rebuilt what it rebuilt. The measured facts (which steps ran again after the
// touch) are split into steps that had to run (they read the touched file, or build the code) and
// steps that ran only because an earlier COPY took the touched file along with everything else.
import type { ContextCopy, Instruction, Stage } from "../../dockerfile/index.js";
import { round } from "../summary.js";
import {
  createContext,
  lineage,
  type DiagnosisContext,
  type DiagnosisInput,
  type MeasuredStep,
} from "./context.js";
import { classifyRun, type DependencyInstall } from "./ecosystems.js";
import { fetchedBefore, implicitFetch, type ImplicitFetch } from "./implicit.js";
import { runScript } from "./shell.js";
import { copyReach, quote, sourceCovers } from "./text.js";

export interface RebuiltStep {
  name: string;
  line: number;
  seconds: number | null;
}

export interface ExpectedStep extends RebuiltStep {
  /** Why it had to rebuild, e.g. "copies app/main.py", "runs `python -m compileall`". */
  reason: string;
}

export interface AvoidableStep extends RebuiltStep {
  instruction: string;
  /** Why it rebuilt although it does not need the code. */
  reason: string;
}

export interface RebuildExplanation {
  /** The first step (by Dockerfile order) the touch invalidated; null when nothing rebuilt. */
  firstInvalidated: { name: string; line: number; instruction: string } | null;
  /** The steps that rebuilt after it, in Dockerfile order. */
  chain: RebuiltStep[];
  /** Rebuilt steps (the first one included) that read the touched file or need the code. */
  expected: ExpectedStep[];
  /** Dependency installs that rebuilt only because an earlier COPY took the touched file along. */
  avoidable: AvoidableStep[];
  /** Sum of the avoidable steps' warm seconds: what every code change pays for them. */
  avoidableSeconds: number;
}

/** An avoidable install with what the rules need to build a fix. */
export interface AvoidableInstall {
  step: MeasuredStep;
  ins: Instruction;
  stage: Stage;
  install: DependencyInstall;
  copy: ContextCopy;
  /** The touched file the copy takes along. */
  touched: string;
  reason: string;
  /** Set when the step is a build that fetches the dependencies itself: the fix adds this step before the copy, and the build stays. */
  implicit?: ImplicitFetch;
}

export interface RebuildAnalysis {
  rebuilt: { step: MeasuredStep; ins: Instruction }[];
  expected: ExpectedStep[];
  avoidable: AvoidableInstall[];
  /** Builds that rebuild as they must, but fetch their dependencies again inside (implicit.ts). */
  implicit: AvoidableInstall[];
}

export function explainRebuilds(input: DiagnosisInput): RebuildExplanation {
  return toExplanation(analyzeRebuilds(createContext(input)));
}

export function toExplanation(a: RebuildAnalysis): RebuildExplanation {
  const [first, ...rest] = a.rebuilt;
  const plain = ({ step }: { step: MeasuredStep }): RebuiltStep => ({
    name: step.name,
    line: step.line,
    seconds: step.seconds,
  });
  return {
    firstInvalidated: first
      ? { name: first.step.name, line: first.step.line, instruction: first.step.instruction }
      : null,
    chain: rest.map(plain),
    expected: a.expected,
    avoidable: a.avoidable.map((v) => ({ ...plain(v), instruction: v.step.instruction, reason: v.reason })),
    avoidableSeconds: round(
      a.avoidable.reduce((t, v) => t + (v.step.seconds ?? 0), 0),
      2,
    ),
  };
}

export function analyzeRebuilds(ctx: DiagnosisContext): RebuildAnalysis {
  const rebuilt = ctx.stages
    .flatMap((stage) => stage.instructions)
    .flatMap((ins) => {
      const step = ctx.warm.get(ins.line);
      return step?.rebuilt ? [{ step, ins }] : [];
    })
    .sort((a, b) => a.ins.line - b.ins.line);
  const expected: ExpectedStep[] = [];
  const avoidable: AvoidableInstall[] = [];
  const implicit: AvoidableInstall[] = [];
  for (const { step, ins } of rebuilt) {
    const why = expectedReason(ctx, ins);
    if (why) {
      expected.push({ name: step.name, line: step.line, seconds: step.seconds, reason: why });
      const fetch = ins.keyword === "RUN" ? implicitFetch(ins) : null;
      const a = fetch && !fetchedBefore(ctx, ins, fetch) ? afterCopy(ctx, step, ins, fetch.install) : null;
      if (a && fetch) implicit.push({ ...a, implicit: fetch });
      continue;
    }
    const install = classifyRun(ins);
    const a = install.kind === "install" ? afterCopy(ctx, step, ins, install) : null;
    if (a) avoidable.push(a);
  }
  return { rebuilt, expected, avoidable, implicit };
}

function expectedReason(ctx: DiagnosisContext, ins: Instruction): string | null {
  if (ins.keyword === "COPY" || ins.keyword === "ADD") {
    const from = ins.flags["from"];
    if (typeof from === "string") return `copies from ${from}, which rebuilt`;
    const copy = ctx.copies.find((c) => c.instruction === ins);
    const touched = copy && ctx.touched.find((t) => copy.sources.some((s) => sourceCovers(s, t)));
    return touched ? `copies ${touched}` : null;
  }
  if (ins.keyword !== "RUN") return null;
  const script = runScript(ins);
  const named = ctx.touched.find((t) => script.includes(t));
  if (named) return `reads ${named}`;
  const kind = classifyRun(ins);
  if (kind.kind === "code") return kind.why;
  if (kind.kind === "install") {
    const manifest = ctx.touched.find((t) => readsManifest(kind, t));
    if (manifest) return `reads ${manifest}, which changed`;
    const deps = dependenciesFirst(ctx, ins, kind);
    if (deps) return `installs the project itself (line ${deps.line} installed its dependencies)`;
  }
  return null;
}

/**
 * The recommended split (`uv sync --no-install-project`, then the code, then `uv sync`): the
 * later run of the same tool without the flags installs the project, which must rerun.
 */
function dependenciesFirst(
  ctx: DiagnosisContext,
  ins: Instruction,
  kind: DependencyInstall,
): Instruction | null {
  const flags = kind.depsOnlyFlag?.flags;
  if (!flags || flags.some((f) => runScript(ins).includes(f))) return null;
  const earlier = lineage(ctx.model, ctx.stageOf(ins))
    .flatMap((s) => s.instructions)
    .filter(
      (i) => i.keyword === "RUN" && i !== ins && (ctx.stageOf(i) !== ctx.stageOf(ins) || i.line < ins.line),
    );
  return (
    earlier.find((i) => {
      const k = classifyRun(i);
      return k.kind === "install" && k.tool === kind.tool && flags.every((f) => runScript(i).includes(f));
    }) ?? null
  );
}

function readsManifest(install: DependencyInstall, touched: string): boolean {
  const base = touched.split("/").at(-1) ?? touched;
  return install.manifests
    .map((m) => m.replace(/\/$/, ""))
    .some((m) => sourceCovers(m, touched) || sourceCovers(m.split("/").at(-1) || m, base));
}

/** The install with the first context copy before it that takes a touched file along, or null. */
function afterCopy(
  ctx: DiagnosisContext,
  step: MeasuredStep,
  ins: Instruction,
  install: DependencyInstall,
): AvoidableInstall | null {
  const stage = ctx.stageOf(ins);
  const chain = lineage(ctx.model, stage);
  // The first copy that takes a touched file along is the one the install must move above.
  for (const copy of ctx.copies) {
    if (!chain.includes(copy.stage) || (copy.stage === stage && copy.line > ins.line)) continue;
    const touched = ctx.touched.find((t) => copy.sources.some((s) => sourceCovers(s, t)));
    if (!touched) continue;
    const where =
      copy.stage === stage
        ? `on line ${copy.line}`
        : `on line ${copy.line} (stage ${copy.stage.name ?? copy.stage.index})`;
    const reason = `${quote(copy.instruction)} ${where} ${copyReach(copy, touched)} before it`;
    return { step, ins, stage, install, copy, touched, reason };
  }
  return null;
}
