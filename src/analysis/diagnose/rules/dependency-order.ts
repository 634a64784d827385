// dependency-install-after-context-copy: a dependency install that the warm build re-ran only
// because an earlier COPY took the touched file along. Measured, never guessed from the text: a
// Dockerfile in the good order has the install cached after the touch and is never flagged.
import { formatSeconds } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import type { AvoidableInstall } from "../explain.js";
import { copyFlags, destinationDir, instructionText, quote } from "../text.js";

export const DEPENDENCY_INSTALL_AFTER_CONTEXT_COPY = "dependency-install-after-context-copy";

export function dependencyInstallAfterContextCopy(
  ctx: DiagnosisContext,
  avoidable: AvoidableInstall[],
): Finding[] {
  return avoidable.map((a) => {
    const took = a.step.seconds === null ? "" : ` and took ${formatSeconds(a.step.seconds)}`;
    return makeFinding({
      rule: DEPENDENCY_INSTALL_AFTER_CONTEXT_COPY,
      line: a.ins.line,
      severity: "warning",
      message: `${quote(a.ins)} rebuilt after a change to ${a.touched}${took}, because ${a.reason}.`,
      fix: reorderedLines(a, manifestDir(ctx, a)).join("\n"),
      seconds: a.step.seconds,
    });
  });
}

/** The manifests, then the install, then the original copy: the install now sees only the manifests. */
function reorderedLines(a: AvoidableInstall, dest: string): string[] {
  const lines: string[] = [];
  if (a.copy.stage !== a.stage)
    lines.push(`# in stage ${a.copy.stage.name ?? a.copy.stage.index}, before line ${a.copy.line}:`);
  if (a.install.note) lines.push(`# ${a.install.note}`);
  for (const group of manifestGroups(a.install.manifests, dest)) {
    lines.push(`COPY ${copyFlags(a.copy.instruction)}${group.sources.join(" ")} ${group.destination}`);
  }
  lines.push(depsOnly(a));
  lines.push(instructionText(a.copy.instruction));
  if (a.install.projectStep)
    lines.push(`# if the project itself must be installed too:`, a.install.projectStep);
  return lines;
}

/**
 * Where the manifests go: where the context root lands when the copy took the whole context;
 * else the directory the install runs in, where its relative paths (`-r requirements.txt`) point.
 */
function manifestDir(ctx: DiagnosisContext, a: AvoidableInstall): string {
  if (a.copy.sources.includes(".")) return destinationDir(a.copy);
  const dir = ctx.workdirAt(a.ins);
  return dir === ctx.workdirAt(a.copy.instruction) ? "./" : dir.replace(/\/?$/, "/");
}

function depsOnly(a: AvoidableInstall): string {
  const text = instructionText(a.ins);
  const f = a.install.depsOnlyFlag;
  if (!f || text.includes(f.flag)) return text;
  return text.replace(f.after, (m) => `${m} ${f.flag}`);
}

interface ManifestGroup {
  sources: string[];
  destination: string;
}

/**
 * Top-level manifests go in one COPY to the copy's destination; one in a directory
 * (`requirements/prod.txt`) brings its directory along, since it may include siblings
 * (`-r base.txt`) by relative path.
 */
export function manifestGroups(manifests: string[], dest: string): ManifestGroup[] {
  const top: string[] = [];
  const dirs = new Set<string>();
  for (const raw of manifests) {
    const m = relativeTo(raw, dest);
    const slash = m.lastIndexOf("/");
    if (slash === -1) top.push(m);
    else dirs.add(m.slice(0, slash));
  }
  const groups: ManifestGroup[] = [];
  if (top.length) groups.push({ sources: [...new Set(top)], destination: dest });
  for (const d of dirs) groups.push({ sources: [`${d}/`], destination: `${dest}${d}/` });
  return groups;
}

/** `/app/requirements.txt` read where the code lands at `/app/` is `requirements.txt` in the context. */
function relativeTo(path: string, dest: string): string {
  const p = path.replace(/^\.\//, "");
  if (!p.startsWith("/")) return p;
  return dest.startsWith("/") && p.startsWith(dest) ? p.slice(dest.length) : (p.split("/").at(-1) ?? p);
}
