// volatile-arg-early: an ARG whose value changes every build (a commit SHA, a date, a build
// number) declared before expensive steps. Every RUN after an ARG has it in its environment, so
// a new value is a cache miss from the first RUN on, used or not:
// https://docs.docker.com/reference/dockerfile/#impact-on-build-caching
import type { Instruction, Stage } from "../../../dockerfile/index.js";
import { argDeclarations } from "../../../dockerfile/parse.js";
import { formatSeconds } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { instructionText, quote } from "../text.js";

export const VOLATILE_ARG_EARLY = "volatile-arg-early";

/** Names that change with every commit or every run. */
const VOLATILE =
  /(^|_)(GIT_?SHA|SHA|COMMIT|COMMIT_(SHA|HASH|ID)|REVISION|VCS_REF|BUILD_?(DATE|TIME|TIMESTAMP|ID|NUMBER)|TIMESTAMP|RUN_(ID|NUMBER)|CACHE_?BUST)$/i;
/** Version names change per release, and pin tools as often (`NODE_VERSION`): only these, only when a RUN reads them. */
const VERSION = /^(APP_|BUILD_|IMAGE_|RELEASE_)?VERSION$/i;

const STEP_KEYWORDS = new Set(["RUN", "COPY", "ADD", "WORKDIR"]);

export function volatileArgEarly(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of ctx.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== "ARG") continue;
      for (const { name } of argDeclarations(ins, ctx.model.escapeChar)) {
        const f = judge(ctx, stage, ins, name);
        if (f) findings.push(f);
      }
    }
  }
  return findings;
}

function judge(ctx: DiagnosisContext, stage: Stage, arg: Instruction, name: string): Finding | null {
  const volatile = VOLATILE.test(name);
  if (!volatile && !VERSION.test(name)) return null;
  const after = stage.instructions.filter((i) => i.line > arg.line);
  const names = aliases(after, name);
  const reads = (i: Instruction) => [...names].some((n) => references(i, n));
  if (!volatile && !after.some((i) => i.keyword === "RUN" && reads(i))) return null;

  // The first step that sees the value: any RUN (through its environment), or a step naming it.
  const point = after.find((i) => i.keyword === "RUN" || (STEP_KEYWORDS.has(i.keyword) && reads(i)));
  if (!point) return null;
  // Steps that rebuild with it although they do not read it: what declaring it later saves.
  const victims = after.filter((i) => i.line >= point.line && STEP_KEYWORDS.has(i.keyword) && !reads(i));
  if (!victims.length) return null;

  const measured = victims.map((i) => ctx.cold.get(i.line)?.seconds).filter((s): s is number => s != null);
  const seconds = measured.length ? measured.reduce((a, b) => a + b, 0) : null;
  const how = reads(point)
    ? `${quote(point)} on line ${point.line} uses it`
    : `${quote(point)} on line ${point.line} has it in its environment`;
  const cost = seconds === null ? "" : `; they took ${formatSeconds(seconds)} in the cold build`;
  const passed = ctx.input.report.build.buildArgs.includes(name)
    ? " This build passed it with --build-arg."
    : "";
  const users = after.filter(reads);
  return makeFinding({
    rule: VOLATILE_ARG_EARLY,
    // The annotation goes where the cache breaks; the message names the ARG's own line.
    line: point.line,
    severity: "warning",
    message:
      `ARG ${name} (line ${arg.line}) changes from build to build, and ${how}: a new value rebuilds ` +
      `${victims.length} step${victims.length === 1 ? "" : "s"} after it that do not read it${cost}.${passed}`,
    fix: [
      `# lines ${point.line}–${stage.instructions.at(-1)?.endLine ?? point.line} first${users.length ? " (less the lines below)" : ""}, then, as late as possible:`,
      `ARG ${name}`,
      ...(users.length
        ? users.map(instructionText)
        : [`# (nothing in this stage reads ${name}: the ARG can go)`]),
    ].join("\n"),
    seconds,
  });
}

/** The ARG and the ENV names set from it (`ENV REVISION=$GIT_SHA`), which carry the same value. */
function aliases(after: Instruction[], name: string): Set<string> {
  const names = new Set([name]);
  for (const i of after) {
    if (i.keyword !== "ENV" || ![...names].some((n) => references(i, n))) continue;
    for (const m of i.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) if (m[1]) names.add(m[1]);
  }
  return names;
}

export function references(ins: Instruction, name: string): boolean {
  return new RegExp(`\\$(\\{${name}(?=[:}+?-])|${name}(?![A-Za-z0-9_]))`).test(ins.args);
}
