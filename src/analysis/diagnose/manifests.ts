// Pure: the files a dependency install reads, resolved against what the context really sends
// (docs/rules.md#dependency-install-after-context-copy): each manifest from the context path the
// COPY took it from, lock files only when they exist and the ignore file lets them through,
// every workspace package's manifest for a workspace install.
import { posix } from "node:path";
import type { ContextCopy, Instruction } from "../../dockerfile/index.js";
import type { DiagnosisContext } from "./context.js";
import type { DependencyInstall } from "./installs.js";
import { commandCwd, namedFiles, placedBy, sourceOf, targetOf, type Placed } from "./paths.js";
import { splitCommands } from "./shell.js";

export interface ResolvedManifests {
  placed: Placed[];
  /** Comment lines for the fix: what is left out and why, workspaces to check. */
  notes: string[];
  /** A file the install cannot run without that the context does not send: no reorder is valid. */
  missing: { path: string; why: string } | null;
}

const IS_GLOB = /[*?[]/;

/**
 * `run`: the step the fix runs when it is not `ins` itself (an implicit fetch's explicit step,
 * `RUN go mod download` for `RUN go build ./cmd/server`): the files it names are the ones to copy,
 * the build's own (`./cmd/server`) are code and would make the step rebuild with it.
 */
export function resolveManifests(
  ctx: DiagnosisContext,
  ins: Instruction,
  install: DependencyInstall,
  copy: ContextCopy,
  run?: string,
): ResolvedManifests {
  const out: ResolvedManifests = { placed: [], notes: [], missing: null };
  const cwd = commandCwd(ctx, ins, install.tool.split(" ")[0] ?? "");
  const required = install.manifests.filter((m) => !install.mayLack?.includes(m));
  const own = resolveOne(ctx, ins, copy, cwd, install.workspace?.file ?? "").placed[0]?.source ?? "";
  const workspace = workspaceFiles(ctx, install, copy, posix.dirname(own));
  for (const m of [...install.manifests, ...(install.optional ?? [])]) {
    const need = required.includes(m) ? "required" : install.manifests.includes(m) ? "usual" : "optional";
    const found = resolveOne(ctx, ins, copy, cwd, m);
    const status = found.status;
    if (status === "sent" || (status === "unknown" && need !== "optional")) {
      out.placed.push(...found.placed);
    } else if (status === "excluded" && need !== "optional") {
      if (need === "required") out.missing ??= { path: m, why: "the .dockerignore excludes it" };
      else out.notes.push(`# ${m} is not copied: the .dockerignore excludes it, so the build never had it`);
    } else if (status === "absent" && need === "required" && !(IS_GLOB.test(m) && workspace.files.length)) {
      out.missing ??= { path: m, why: "the build context has no such file" };
    }
  }
  const commands = run === undefined ? undefined : splitCommands(run.replace(/^RUN\s+/, ""));
  for (const p of namedFiles(ctx, ins, copy, commands).filter((p) => ctx.files.status(p.source) === "sent"))
    out.placed.push(p);
  out.placed.push(...workspace.files);
  out.notes.push(...workspace.notes);
  out.placed = dedupe(out.placed);
  return out;
}

interface One {
  status: "sent" | "excluded" | "absent" | "unknown" | "generated";
  placed: Placed[];
}

/** One manifest as the install names it (relative to `cwd`, maybe a glob or a `dir/`). */
function resolveOne(
  ctx: DiagnosisContext,
  ins: Instruction,
  copy: ContextCopy,
  cwd: string,
  manifest: string,
): One {
  const dir = manifest.endsWith("/");
  const target = posix.resolve(cwd, manifest);
  const from = placedBy(ctx, ins, target);
  // A file outside where the copy writes (`-r /tmp/reqs` made by the same RUN) is not the context's.
  if (!from && manifest.startsWith("/") && sourceOf(ctx, copy, target) === null && !under(target, cwd))
    return { status: "generated", placed: [] };
  // Not written by any context copy before it: the name relative to the context root.
  const source = from?.source ?? relativeName(manifest, cwd);
  // A manifest in a directory (`-r requirements/prod.txt`) brings its directory along: it may
  // include its siblings (`-r base.txt`) by relative path.
  const brings = !dir && !IS_GLOB.test(manifest) && manifest.replace(/^\.\//, "").includes("/");
  if (brings) {
    const status = ctx.files.status(source);
    return { status, placed: [{ source: `${posix.dirname(source)}/`, target: posix.dirname(target) }] };
  }
  if (IS_GLOB.test(source) && ctx.files.known) {
    const files = ctx.files
      .named(posix.basename(source))
      .filter((f) => posix.dirname(f) === posix.dirname(source));
    return files.length
      ? {
          status: "sent",
          placed: files.map((f) => ({
            source: f,
            target: posix.join(posix.dirname(target), posix.basename(f)),
          })),
        }
      : { status: "absent", placed: [] };
  }
  const status = IS_GLOB.test(source) ? "unknown" : ctx.files.status(source);
  return { status, placed: [{ source: dir ? `${source.replace(/\/$/, "")}/` : source, target }] };
}

function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir.replace(/\/$/, "")}/`);
}

/** `/app/requirements.txt` read in /app: `requirements.txt` at the context root. */
function relativeName(manifest: string, cwd: string): string {
  const m = manifest.replace(/^\.\//, "");
  if (!m.startsWith("/")) return m;
  return m.startsWith(`${cwd}/`) ? m.slice(cwd.length + 1) : posix.basename(m);
}

/** Every workspace package's manifest that the copy takes along, or a note naming them. */
function workspaceFiles(
  ctx: DiagnosisContext,
  install: DependencyInstall,
  copy: ContextCopy,
  root: string,
): { files: Placed[]; notes: string[] } {
  const ws = install.workspace;
  if (!ws) return { files: [], notes: [] };
  const nested = ctx.files
    .named(ws.file)
    .filter((f) => posix.dirname(f) !== root && (root === "." || f.startsWith(`${root}/`)))
    .flatMap((source) => {
      const target = targetOf(ctx, copy, source);
      return target ? [{ source, target }] : [];
    });
  if (!nested.length) return { files: [], notes: [] };
  const on = ws.when === "always" || (ws.when !== "hint" && ctx.files.status(ws.when) === "sent");
  if (on) return { files: nested, notes: [] };
  if (ws.when !== "hint") return { files: [], notes: [] };
  const names = nested.slice(0, 5).map((p) => p.source);
  const more = nested.length > names.length ? ` and ${nested.length - names.length} more` : "";
  return {
    files: [],
    notes: [
      `# if ${ws.file} declares workspaces, copy each workspace's ${ws.file} too: ${names.join(", ")}${more}`,
    ],
  };
}

function dedupe(placed: Placed[]): Placed[] {
  const seen = new Set<string>();
  return placed.filter((p) => {
    const key = `${p.source}→${p.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
