// Pure: findings (docs/rules.md) as markdown for the comment and summary, and as terminal text.
import type { Finding } from "./schema.js";
import { formatBytes, formatSeconds } from "./format.js";
import { mdInline } from "./markdown-escape.js";

const ICON: Record<Finding["severity"], string> = { warning: "⚠️", notice: "💡" };

function cost(f: Finding): string {
  const parts = [
    f.seconds ? `${formatSeconds(f.seconds)} per build` : "",
    f.bytes ? formatBytes(f.bytes) : "",
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** A fence longer than any backtick run in the text, so Dockerfile content cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

export function renderFindingsMarkdown(findings: Finding[], max = Infinity): string {
  if (!findings.length) return "";
  const shown = findings.slice(0, max);
  const out = ["#### Why, and how to fix it", ""];
  for (const f of shown) {
    out.push(
      `${ICON[f.severity]} **${f.line ? `Line ${f.line}` : "Build"}** · \`${f.rule}\`${cost(f)}: ${mdInline(f.message)}`,
      "",
    );
    if (f.fix.trim()) {
      const fc = fence(f.fix);
      out.push(
        "<details><summary>Fix</summary>",
        "",
        `${fc}dockerfile`,
        f.fix.trimEnd(),
        fc,
        "",
        "</details>",
        "",
      );
    }
  }
  if (findings.length > shown.length)
    out.push(`…and ${findings.length - shown.length} more in the job summary.`, "");
  return out.join("\n").trimEnd();
}

export function renderFindingsTerminal(findings: Finding[]): string[] {
  if (!findings.length) return [];
  const out = ["", "  Findings:"];
  for (const f of findings) {
    out.push(
      `  ${f.severity === "warning" ? "warning" : "notice "} ${f.line ? `line ${f.line}` : "build"} [${f.rule}]${cost(f)}: ${f.message}`,
    );
    const fix = f.fix
      .trimEnd()
      .split("\n")
      .filter((l) => l.trim());
    fix.forEach((l, i) => out.push(`      ${i === 0 ? "fix: " : "     "}${l}`));
  }
  return out;
}
