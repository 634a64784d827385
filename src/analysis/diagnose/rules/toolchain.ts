// toolchain-in-final-image: compilers, build tools and -dev headers installed in a layer of the
// final image. They are needed to build, not to run; a multi-stage build leaves them behind.
// One finding for the whole image, with one sketch that keeps what every line needs.
// https://docs.docker.com/build/building/multi-stage/
import { formatBytes } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { isToolchainPackage, removedInSameRun, systemInstalls } from "../packages.js";
import { quote } from "../text.js";
import { multiStageSketch, type ToolchainLine } from "./toolchain-sketch.js";

export const TOOLCHAIN_IN_FINAL_IMAGE = "toolchain-in-final-image";

/** 50 MB: below this the toolchain is a notice, not a warning. */
export const LARGE_TOOLCHAIN_BYTES = 50_000_000;

export function toolchainInFinalImage(ctx: DiagnosisContext): Finding[] {
  const lines: ToolchainLine[] = [];
  for (const ins of ctx.imageStages.flatMap((s) => s.instructions)) {
    if (ins.keyword !== "RUN") continue;
    const removed = removedInSameRun(ins);
    const tools = systemInstalls(ins)
      .flatMap((i) => i.packages)
      .filter((p) => isToolchainPackage(p) && !removed.has(p));
    if (tools.length) lines.push({ ins, tools: [...new Set(tools)] });
  }
  const [first] = lines;
  if (!first) return [];
  const sizes = lines.map((l) => ctx.layerOf(l.ins)?.sizeBytes).filter((b): b is number => b !== undefined);
  const bytes = sizes.length ? sizes.reduce((a, b) => a + b, 0) : null;
  return [
    makeFinding({
      rule: TOOLCHAIN_IN_FINAL_IMAGE,
      line: first.ins.line,
      severity: bytes !== null && bytes >= LARGE_TOOLCHAIN_BYTES ? "warning" : "notice",
      message: message(lines, bytes, sizes.length),
      fix: multiStageSketch(ctx, lines).join("\n"),
      seconds: null,
      bytes,
    }),
  ];
}

function message(lines: ToolchainLine[], bytes: number | null, measured: number): string {
  const tools = [...new Set(lines.flatMap((l) => l.tools))].join(", ");
  const tail = "They are needed to build, not to run.";
  if (lines.length === 1) {
    const size = bytes === null ? "" : `; the layer that installs them is ${formatBytes(bytes)}`;
    return `${quote((lines[0] as ToolchainLine).ins)} installs ${tools} into the final image${size}. ${tail}`;
  }
  const which = lines.map((l) => `${quote(l.ins)} (line ${l.ins.line})`);
  const listed = `${which.slice(0, -1).join(", ")} and ${which.at(-1) as string}`;
  const size =
    bytes === null
      ? ""
      : `; the layers that install them are ${formatBytes(bytes)} in all${measured < lines.length ? " (of those measured)" : ""}`;
  return `${listed} install ${tools} into the final image${size}. ${tail}`;
}
