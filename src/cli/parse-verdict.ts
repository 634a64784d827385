// What `parse` says about its input besides the JSON: nothing for a complete log, a warning and
// exit 1 for one cut off mid-build, an error and exit 2 for input with no progress in it.
import type { BuildTrace } from "../progress/model.js";

export interface ParseVerdict {
  code: 0 | 1 | 2;
  message: string | null;
}

export function parseVerdict(
  trace: BuildTrace,
  seen: { lines: number; progressLines: number },
): ParseVerdict {
  if (seen.lines === 0) return { code: 2, message: "the log is empty" };
  if (seen.progressLines === 0 || trace.steps.length === 0) {
    return {
      code: 2,
      message: `no BuildKit progress in ${seen.lines} line${seen.lines === 1 ? "" : "s"} (expected \`docker build --progress=plain\` lines such as \`#1 [internal] load build definition\`, or \`--progress=rawjson\` objects)`,
    };
  }
  if (trace.errors.length > 0) return { code: 0, message: null };
  const running = trace.steps.filter((s) => s.status === "running").length;
  // Every build BuildKit finishes ends by exporting (`exporting to image`, `writing image sha256:…`).
  const exported =
    trace.imageId !== null ||
    trace.steps.some((s) => s.status !== "running" && /^exporting to /.test(s.name ?? ""));
  if (running === 0 && exported) return { code: 0, message: null };
  const why = running
    ? `${running} step${running === 1 ? "" : "s"} never finished`
    : "it ends before the image export";
  return { code: 1, message: `the log stops mid-build (truncated?): ${why}; times may be missing` };
}
