// apk-cache-left and pip-cache-left: package caches written into a layer of the image. Like the
// apt lists, they can only be kept out in the RUN that writes them.
import type { Instruction } from "../../../dockerfile/index.js";
import { formatBytes } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { apkCacheLeft, pipCacheLeft } from "../packages.js";
import { instructionText, quote } from "../text.js";

export const APK_CACHE_LEFT = "apk-cache-left";
export const PIP_CACHE_LEFT = "pip-cache-left";

/** A measured layer below this cannot hold a cache worth a finding. */
export const MIN_CACHE_LAYER_BYTES = 1_000_000;

interface CacheRule {
  rule: string;
  what: string;
  applies: (ctx: DiagnosisContext, ins: Instruction) => boolean;
  fix: (ins: Instruction) => string;
}

const RULES: CacheRule[] = [
  {
    rule: APK_CACHE_LEFT,
    what: "apk's index and package cache (/var/cache/apk)",
    applies: (_ctx, ins) => apkCacheLeft(ins),
    // `--no-cache` fetches the index on the fly, so a separate `apk update` is no longer needed.
    fix: (ins) =>
      instructionText(ins)
        .replace(/apk\s+update\s*&&\s*/g, "")
        .replace(/apk\s+add\b(?![^&;|]*--no-cache)/g, "apk add --no-cache"),
  },
  {
    rule: PIP_CACHE_LEFT,
    what: "pip's download and wheel cache (/root/.cache/pip)",
    applies: (ctx, ins) => pipCacheLeft(ins, ctx.envBefore(ins)),
    fix: (ins) =>
      instructionText(ins).replace(
        /\b(pip[0-9.]*\s+install)\b(?![^&;|]*--no-cache-dir)/g,
        "$1 --no-cache-dir",
      ) + "\n# or once for every pip in the image:\nENV PIP_NO_CACHE_DIR=1",
  },
];

/** Judged for the layers that end up in the image; a builder stage's cache is thrown away with it. */
export function cacheLeft(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of ctx.imageStages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== "RUN") continue;
      for (const r of RULES) {
        if (!r.applies(ctx, ins)) continue;
        const layer = ctx.layerOf(ins);
        if (layer && layer.sizeBytes < MIN_CACHE_LAYER_BYTES) continue;
        const measured = layer ? ` Its layer, the cache included, is ${formatBytes(layer.sizeBytes)}.` : "";
        findings.push(
          makeFinding({
            rule: r.rule,
            line: ins.line,
            severity: layer ? "warning" : "notice",
            message: `${quote(ins)} leaves ${r.what} in the image, where nothing uses it.${measured}`,
            fix: r.fix(ins),
            seconds: null,
          }),
        );
      }
    }
  }
  return findings;
}
