// unneeded-dir-in-image: a COPY of the final image that takes along a directory the build does
// without (src/analysis/diagnose/context-dirs.ts). Its bytes are the walk's count of what the
// COPY took from it; when the build installs the same directory first, the COPY overwrites the
// image's own install with the host's (other platform, other versions).
import { posix } from "node:path";
import type { ContextCopy } from "../../../dockerfile/index.js";
import { formatBytes, formatSeconds } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { contextDirs, type UnneededDir } from "../context-dirs.js";
import { countText, ignorePatterns } from "../ignore-fix.js";
import { quote, sourceCovers } from "../text.js";
import { NOTICEABLE_FILES } from "./dockerignore.js";

export const UNNEEDED_DIR_IN_IMAGE = "unneeded-dir-in-image";

/** Image bytes worth a finding on their own. */
export const NOTICEABLE_IMAGE_BYTES = 1_000_000;

export function unneededDirInImage(ctx: DiagnosisContext): Finding[] {
  const facts = ctx.input.report.context;
  if (!facts?.disposable) return [];
  const dirs = contextDirs(ctx, null).unneeded.filter((d) => d.path !== ".git");
  const findings: Finding[] = [];
  for (const copy of ctx.copies) {
    if (!ctx.imageStages.includes(copy.stage)) continue;
    const taken = dirs.filter((d) => copy.sources.some((s) => sourceCovers(s, d.path)));
    if (!taken.length) continue;
    const files = taken.reduce((n, d) => n + d.files, 0);
    const bytes = taken.reduce((n, d) => n + d.bytes, 0);
    const overwritten = taken.find((d) => overwrites(ctx, copy, d));
    if (!overwritten && files < NOTICEABLE_FILES && bytes < NOTICEABLE_IMAGE_BYTES) continue;
    const layer = ctx.layerOf(copy.instruction);
    const warm = ctx.warm.get(copy.line);
    let text = `${quote(copy.instruction)} on line ${copy.line} copies ${taken.map(dirText).join(", ")} into the image`;
    if (overwritten?.recreatedBy)
      text += `, over what ${quote(overwritten.recreatedBy)} on line ${overwritten.recreatedBy.line} installed there (the host's files win, possibly built for another platform)`;
    const parts = [text];
    if (warm?.rebuilt && warm.seconds !== null)
      parts.push(`the COPY took ${formatSeconds(warm.seconds)} in the warm build`);
    if (layer) parts.push(`the layer is ${formatBytes(layer.sizeBytes)}`);
    findings.push(
      makeFinding({
        rule: UNNEEDED_DIR_IN_IMAGE,
        line: copy.line,
        severity: "warning",
        message: `${parts.join("; ")}.`,
        fix: [
          facts.dockerignore ? "# add to .dockerignore:" : "# .dockerignore",
          ...ignorePatterns(taken, []),
        ].join("\n"),
        seconds: null,
        bytes: layer ? Math.min(bytes, layer.sizeBytes) : bytes,
      }),
    );
  }
  return findings;
}

/** Does `copy` land the host's directory where the build's own install put it? */
function overwrites(ctx: DiagnosisContext, copy: ContextCopy, d: UnneededDir): boolean {
  const by = d.recreatedBy;
  if (d.kind !== "dependencies" || !by || by.line > copy.line || ctx.stageOf(by) !== copy.stage) return false;
  if (!copy.sources.includes(".")) return false;
  const dest = posix.resolve(ctx.workdirAt(copy.instruction), copy.destination);
  return dest === posix.resolve(ctx.workdirAt(by), posix.dirname(d.path));
}

function dirText(d: UnneededDir): string {
  return `${d.path}/ (${countText(d)})`;
}
