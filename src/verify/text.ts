// How a verification reads in a finding: the measured numbers, or why the fix was withdrawn.
import { formatBytes, formatSeconds, formatSigned } from "../report/format.js";
import type { Verification } from "../report/schema.js";

/** "load build context 10.8s → 0.1s, cold build …, warm build 19.6s → 0.6s, image −628 kB" (passed only). */
export function measuredNumbers(v: Verification, lead: "warm" | "context"): string {
  const a = v.after;
  if (!a) return "";
  const b = v.before;
  const parts: string[] = [];
  if (lead === "context" && b.contextSeconds !== null && a.contextSeconds !== null)
    parts.push(`load build context ${formatSeconds(b.contextSeconds)} → ${formatSeconds(a.contextSeconds)}`);
  const warm = `warm build ${formatSeconds(b.warmSeconds)} → ${formatSeconds(a.warmSeconds)}`;
  const cold = `cold build ${formatSeconds(b.coldSeconds)} → ${formatSeconds(a.coldSeconds)}`;
  parts.push(...(lead === "warm" ? [warm, cold] : [cold, warm]));
  parts.push(`image ${formatSigned(a.imageBytes - b.imageBytes, formatBytes)}`);
  return parts.join(", ");
}

/** The fix text of a withdrawn suggestion: what failed (first lines of the error) and what to do. */
export function withdrawnFix(v: Verification, advice: string): string {
  return [
    "# Suggestion withdrawn: the build failed with it in a temporary copy:",
    ...(v.error ?? "unknown error")
      .split("\n")
      .slice(0, 3)
      .map((l) => `#   ${l}`),
    `# ${advice}`,
  ].join("\n");
}
