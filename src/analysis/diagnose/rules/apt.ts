// apt-update-separate and apt-lists-left: the two classic apt-get mistakes.
// https://docs.docker.com/build/building/best-practices/#apt-get
import type { Instruction, Stage } from "../../../dockerfile/index.js";
import { formatBytes } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { MIN_CACHE_LAYER_BYTES } from "./caches.js";
import { aptPackages, hasAptInstall, hasAptUpdate, removesAptLists } from "../packages.js";
import { quote } from "../text.js";

export const APT_UPDATE_SEPARATE = "apt-update-separate";
export const APT_LISTS_LEFT = "apt-lists-left";

/** The one RUN the Docker docs recommend, with the packages the Dockerfile installs. */
export function aptFix(packages: string[]): string {
  const list = packages.length ? [...new Set(packages)].join(" ") : "<packages>";
  return [
    "RUN apt-get update \\",
    `    && apt-get install -y --no-install-recommends ${list} \\`,
    "    && rm -rf /var/lib/apt/lists/*",
  ].join("\n");
}

/** RUNs after `ins` in its stage that install from the lists it fetched, up to the next update. */
function installsAfter(stage: Stage, ins: Instruction): Instruction[] {
  const out: Instruction[] = [];
  for (const next of stage.instructions.filter((i) => i.keyword === "RUN" && i.line > ins.line)) {
    if (hasAptUpdate(next)) break;
    if (hasAptInstall(next)) out.push(next);
  }
  return out;
}

/**
 * A cached `RUN apt-get update` layer is reused when only the install line changes, so the
 * install reads lists from whenever that layer was built: old versions, or 404s once the mirror
 * has moved on.
 */
export function aptUpdateSeparate(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of ctx.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== "RUN" || !hasAptUpdate(ins) || hasAptInstall(ins)) continue;
      const installs = installsAfter(stage, ins);
      const first = installs[0];
      if (!first) continue;
      findings.push(
        makeFinding({
          rule: APT_UPDATE_SEPARATE,
          line: ins.line,
          severity: "warning",
          message:
            `${quote(ins)} refreshes the package lists in a layer of its own, and ${quote(first)} on line ${first.line} ` +
            "installs from them: when only the install line changes, the cached lists are reused, " +
            "so the build installs outdated versions or fails with 404s.",
          fix: aptFix(installs.flatMap(aptPackages)),
          seconds: null,
        }),
      );
    }
  }
  return findings;
}

/**
 * Lists left by `apt-get update` stay in that layer for good; only an `rm` in the same RUN
 * keeps them out. Judged for the layers that end up in the image (a builder stage's lists are
 * thrown away with it).
 */
export function aptListsLeft(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of ctx.imageStages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== "RUN" || !hasAptUpdate(ins) || removesAptLists(ins)) continue;
      const layer = ctx.layerOf(ins);
      // A measured small layer cannot hold lists worth a finding (e.g. they went to a cache mount).
      if (layer && layer.sizeBytes < MIN_CACHE_LAYER_BYTES) continue;
      const updateOnly = !hasAptInstall(ins);
      const packages = [ins, ...(updateOnly ? installsAfter(stage, ins) : [])].flatMap(aptPackages);
      let measured = "";
      if (layer) {
        measured = updateOnly
          ? `; they are the whole ${formatBytes(layer.sizeBytes)} layer`
          : `; its layer, which holds them, is ${formatBytes(layer.sizeBytes)}`;
      }
      findings.push(
        makeFinding({
          rule: APT_LISTS_LEFT,
          line: ins.line,
          severity: layer ? "warning" : "notice",
          message: `${quote(ins)} leaves /var/lib/apt/lists/* in the image${measured}. A later \`rm\` cannot shrink this layer.`,
          fix: aptFix(packages),
          seconds: null,
          bytes: layer && updateOnly ? layer.sizeBytes : null,
        }),
      );
    }
  }
  return findings;
}
