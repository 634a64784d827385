// Pure: a failed build as the CLI prints it and as the job summary shows it. The step's output is
// untrusted text: in markdown it sits in a fence longer than any backtick run it contains.
import { mdCode, mdText } from "./markdown-escape.js";
import type { BuildError, FailedReport } from "./schema.js";

const RECORD_NOTE = "(where it failed: from BuildKit's build record of the build)";
const DISAGREE = "BuildKit's build record and the build log disagree";

/** The error line, then the failing step's last output lines, indented and marked. */
export function renderFailureTerminal(error: BuildError): string {
  const out = [error.message];
  if (error.source === "record") out.push(RECORD_NOTE);
  for (const d of error.record?.disagreements ?? []) out.push(`${DISAGREE}: ${d}`);
  if (error.logTail.length) {
    out.push(
      `last ${error.logTail.length === 1 ? "line" : `${error.logTail.length} lines`} of the step's output:`,
    );
    for (const l of error.logTail) out.push(`  | ${l}`);
  }
  return out.join("\n");
}

/** Text in a fenced block that no line of it can close. */
export function mdFence(lines: readonly string[], info = "text"): string {
  const longest = Math.max(
    2,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))),
  );
  const fence = "`".repeat(longest + 1);
  return [`${fence}${info}`, ...lines, fence].join("\n");
}

/** The job summary of a run that ended in an error: a failed build's step, line and log tail, or the message. */
export function renderFailureMarkdown(message: string, failed: FailedReport | null): string {
  const title = failed ? ` ${mdText(failed.build.context)}` : "";
  const out = [`### 🐳 docker-cache-bench:${title}`, ""];
  const e = failed?.error;
  if (!e) {
    out.push(`❌ ${mdText(message)}`);
    return out.join("\n") + "\n";
  }
  const lines = e.line ? linesText(e.line, e.endLine) : null;
  const where = e.step ? ` at ${mdCode(e.step)}${lines ? ` (${lines})` : ""}` : lines ? ` at ${lines}` : "";
  const code = e.exitCode !== null ? ` with exit code ${e.exitCode}` : "";
  out.push(`❌ The **${e.phase} build failed**${where}${code}.`, "", `> ${mdText(e.message)}`);
  if (e.source === "record") out.push("", `<sub>${RECORD_NOTE}</sub>`);
  for (const d of e.record?.disagreements ?? []) out.push("", `⚠️ ${DISAGREE}: ${mdText(d)}`);
  if (e.logTail.length) {
    out.push(
      "",
      "<details open><summary>Last lines of the step's output</summary>",
      "",
      mdFence(e.logTail),
      "",
      "</details>",
    );
  }
  return out.join("\n") + "\n";
}

/** `Dockerfile line 5`, or `Dockerfile lines 5-7` for an instruction continued over several lines. */
export function linesText(line: number, endLine: number | null | undefined): string {
  return endLine && endLine !== line ? `Dockerfile lines ${line}-${endLine}` : `Dockerfile line ${line}`;
}
