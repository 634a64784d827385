// dependency-install-after-context-copy: a dependency install that the warm build re-ran only
// because an earlier COPY took the touched file along. Measured, never guessed from the text: a
// Dockerfile in the good order has the install cached after the touch and is never flagged.
import { formatSeconds } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { reorderEdit } from "../edit.js";
import type { AvoidableInstall } from "../explain.js";
import type { Instruction } from "../../../dockerfile/index.js";
import { copyLines } from "../copy-lines.js";
import { classifyRun } from "../ecosystems.js";
import { resolveManifests } from "../manifests.js";
import { commandCwd, namedFiles, type Placed } from "../paths.js";
import { runCommands, runScript } from "../shell.js";
import { copyFlags, instructionText, quote } from "../text.js";

export const DEPENDENCY_INSTALL_AFTER_CONTEXT_COPY = "dependency-install-after-context-copy";

export function dependencyInstallAfterContextCopy(
  ctx: DiagnosisContext,
  avoidable: AvoidableInstall[],
): Finding[] {
  return avoidable.map((a) => {
    const took = a.step.seconds === null ? "" : ` and took ${formatSeconds(a.step.seconds)}`;
    const fix = reorderedLines(ctx, a);
    const message = a.implicit
      ? `${quote(a.ins)} ${a.implicit.what} itself: it rebuilt after a change to ${a.touched}${took}, ` +
        `because ${a.reason}, so every code change fetches them again; ` +
        `\`${a.implicit.run}\` on the manifests alone, before the code, keeps them cached.`
      : `${quote(a.ins)} rebuilt after a change to ${a.touched}${took}, because ${a.reason}.`;
    return makeFinding({
      rule: DEPENDENCY_INSTALL_AFTER_CONTEXT_COPY,
      line: a.ins.line,
      severity: "warning",
      message,
      fix: fix.join("\n"),
      // A build that fetches implicitly stays where it is: only the explicit fetch is added.
      edit: reorderEdit(ctx, fix, a.copy.instruction, a.implicit ? [] : [a.ins]),
      seconds: a.step.seconds,
    });
  });
}

/**
 * The manifests, then the install, then the original copy: the install now sees only the
 * manifests. Steps between the copy and the install that provide its command (an installer, a
 * `COPY --from=composer`) move up with it; a WORKDIR it runs in comes along and is restored.
 */
function reorderedLines(ctx: DiagnosisContext, a: AvoidableInstall): string[] {
  const lines: string[] = [];
  if (a.copy.stage !== a.stage)
    lines.push(`# in stage ${a.copy.stage.name ?? a.copy.stage.index}, before line ${a.copy.line}:`);
  const install = installLines(ctx, a);
  if ("blocker" in install)
    return [
      `# ${install.blocker}, so line ${a.ins.line} cannot simply run before line ${a.copy.line}:`,
      "# install the dependencies in a stage of their own, or make the file part of the context",
    ];
  lines.push(...install.lines);
  // The COPY's own relative destination needs its directory back; the WORKDIR that followed it
  // in the Dockerfile still does the rest.
  const copyDir = ctx.workdirAt(a.copy.instruction);
  if (ctx.workdirAt(a.ins) !== copyDir && !a.copy.destination.startsWith("/"))
    lines.push(`WORKDIR ${copyDir}`);
  lines.push(instructionText(a.copy.instruction));
  if (a.install.projectStep)
    lines.push(
      a.install.projectStepNote ?? "# if the project itself must be installed too:",
      inInstallDir(ctx, a, a.install.projectStep),
    );
  return lines;
}

/** `RUN composer dump-autoload` in the directory the install `cd`s to within its RUN, if it does. */
function inInstallDir(ctx: DiagnosisContext, a: AvoidableInstall, step: string): string {
  const dir = commandCwd(ctx, a.ins, a.install.tool.split(" ")[0] ?? "");
  return dir === ctx.workdirAt(a.ins) ? step : step.replace(/^RUN /, `RUN cd ${dir} && `);
}

/**
 * The lines that run the install before the copy: what provides its command, its manifests and
 * the install itself (in its own WORKDIR); or why no such lines can build.
 */
export function installLines(
  ctx: DiagnosisContext,
  a: AvoidableInstall,
): { lines: string[] } | { blocker: string } {
  const resolved = resolveManifests(ctx, a.ins, a.install, a.copy, a.implicit?.run);
  const moved = providers(ctx, a);
  if (resolved.missing)
    return {
      blocker: `${resolved.missing.path} is not in what the build context sends (${resolved.missing.why})`,
    };
  if (moved.blocker) return { blocker: moved.blocker };
  const lines: string[] = [];
  if (a.install.note && !(ctx.files.known && a.install.tool === "dotnet restore"))
    lines.push(`# ${a.install.note}`);
  lines.push(...resolved.notes);
  const copyDir = ctx.workdirAt(a.copy.instruction);
  const flags = copyFlags(a.copy.instruction);
  for (const p of moved.steps) {
    lines.push(`# line ${p.ins.line} moves up with it: it provides ${p.provides}`);
    lines.push(...copyLines(p.files, copyDir, flags), instructionText(p.ins));
  }
  const runDir = ctx.workdirAt(a.ins);
  if (runDir !== copyDir) lines.push(`WORKDIR ${runDir}`);
  lines.push(...copyLines(resolved.placed, runDir, flags), a.implicit?.run ?? depsOnly(a));
  return { lines };
}

interface Provider {
  ins: Instruction;
  provides: string;
  files: Placed[];
}

/** Steps between the copy and the install that mention a command the install needs. */
function providers(
  ctx: DiagnosisContext,
  a: AvoidableInstall,
): { steps: Provider[]; blocker: string | null } {
  const steps: Provider[] = [];
  if (a.copy.stage !== a.stage || !a.install.needs.length) return { steps, blocker: null };
  const between = a.stage.instructions.filter((i) => i.line > a.copy.line && i.line < a.ins.line);
  for (const ins of between) {
    const text = ins.keyword === "RUN" ? runScript(ins) : ins.args;
    const provides = a.install.needs.find((n) => mentions(text, n));
    if (!provides || !["RUN", "COPY", "ADD", "ENV"].includes(ins.keyword)) continue;
    if (ins.keyword === "RUN" && classifyRun(ins).kind === "code" && !runsScript(ins))
      return { steps, blocker: `line ${ins.line} (${quote(ins)}) provides ${provides} and needs the code` };
    if ((ins.keyword === "COPY" || ins.keyword === "ADD") && ins.flags["from"] === undefined)
      return { steps, blocker: `line ${ins.line} (${quote(ins)}) provides ${provides} from the context` };
    steps.push({ ins, provides, files: ins.keyword === "RUN" ? namedFiles(ctx, ins, a.copy) : [] });
  }
  return { steps, blocker: null };
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w])`).test(text);
}

/** A RUN whose code is a script it names (`sh docker/install-composer.sh`): it moves with the script. */
function runsScript(ins: Instruction): boolean {
  return runCommands(ins).every((c) => {
    const head = c[0] ?? "";
    return (
      head.startsWith("./") ||
      (["sh", "bash", "php", "python", "python3"].includes(head) && !(c[1] ?? "-").startsWith("-"))
    );
  });
}

function depsOnly(a: AvoidableInstall): string {
  const text = instructionText(a.ins);
  const f = a.install.depsOnlyFlag;
  const missing = f?.flags.filter((flag) => !text.includes(flag)) ?? [];
  if (!f || !missing.length) return text;
  return text.replace(f.after, (m) => `${m} ${missing.join(" ")}`);
}
