// `--progress=plain` → BuildTrace, one line at a time. Blocks are keyed by `#N` within the log;
// a block can pause (`#N ...`) and resume under a repeated header, and numbers can arrive out of
// order (research note §1.4, §1.5).
import { cleanLine, clip, parseBareLine, pushUnique } from "./lines.js";
import { LOG_TAIL_LINES } from "./model.js";
import type { ProgressParser } from "./model.js";
import { applyContent, DIGEST_LINE, isContentShaped } from "./plain-content.js";
import type { ContentSink } from "./plain-content.js";
import { createTalkTracker, StepTable, TraceTotals } from "./steps.js";
import type { StepState } from "./steps.js";

// `#***` or `#1***`: GitHub's log masking replaced a secret's value (say `3`) inside the number.
const STEP_LINE = /^#([\d*]+)(?: (.*))?$/s;
const MASK = "*";
const BUILDING_WITH = 'building with "';
// buildx ≥ 0.8 after the stream: ` 2 warnings found (use docker --debug to expand):` then ` - <short>`.
const WARNINGS_HEADER = /^\s*\d+ warnings? found\b/;
const WARNING_ITEM = /^\s*- (.*)$/;
// The failed-step summary (BuildKit ≥ v0.9): `------`, ` > <vertex name>:`, log lines, `------`.
const SUMMARY_RULE = "------";
const SUMMARY_NAME = /^ > (.*):$/s;
const TIME_PREFIX = /^\d+\.\d+ ?/;

interface Summary {
  step: StepState | null;
  lines: string[];
  named: boolean;
}

export function createPlainParser(): ProgressParser {
  const table = new StepTable();
  const totals = new TraceTotals();
  // Messages of failed steps: Docker 20.10 ends with the failing step's message on a bare line.
  const stepErrors: string[] = [];
  const sink: ContentSink = {
    totals,
    onStepError: (message) => pushUnique(stepErrors, message),
    setName: (step, name) => table.setName(step, name),
  };
  let prevBlank = true;
  let afterHeader = false;
  let inWarnings = false;
  let summary: Summary | null = null;
  const talk = createTalkTracker();
  // Masked number → the step its last header opened.
  const masked = new Map<string, StepState>();
  let maskedSteps = 0;

  function isHeader(known: StepState | undefined, rest: string): boolean {
    if (rest === "") return false;
    // A number never seen before starts a block even without the blank line (logs pasted without
    // them); only a content shape means the log began inside that block.
    if (!known) return !isContentShaped(rest);
    if (known.name === rest) return true;
    return known.name === null && prevBlank && !isContentShaped(rest);
  }

  function stepLine(n: string, rest: string): void {
    if (n === "0") return; // `#0 building with "default" instance using docker driver`
    if (n.includes(MASK)) return maskedLine(`#${n}`, rest);
    const key = `#${n}`;
    const known = table.get(key);
    if (isHeader(known, rest)) {
      table.setName(table.getOrCreate(key), rest);
      afterHeader = true;
      return;
    }
    content(known ?? table.getOrCreate(key), rest);
  }

  function content(step: StepState, rest: string): void {
    talk(step);
    const digestLine = afterHeader && DIGEST_LINE.test(rest);
    afterHeader = false;
    if (!digestLine) applyContent(step, rest, sink);
  }

  // Masking maps a number to one token every time (`#3` → `#***`), so the token stands for the
  // number. Two short secrets can map two numbers to one token, though: so under a masked token a
  // header (a known step name, or a name after a blank line) opens or resumes the step it names,
  // and content goes to the step of the token's last header.
  function maskedLine(token: string, rest: string): void {
    if (rest.startsWith(BUILDING_WITH)) return; // a masked `#0`
    const current = masked.get(token);
    if (current !== undefined && rest === current.name) {
      afterHeader = true;
      return;
    }
    const named = rest === "" ? undefined : table.findByName(rest);
    const opens =
      current === undefined
        ? isHeader(table.get(token), rest)
        : named !== undefined || (prevBlank && rest !== "" && !isContentShaped(rest));
    if (!opens) return content(current ?? table.getOrCreate(token), rest);
    const step = named ?? table.getOrCreate(current ? `${token}~${++maskedSteps}` : token);
    table.setName(step, rest);
    masked.set(token, step);
    afterHeader = true;
  }

  function summaryLine(line: string, open: Summary): void {
    const name = open.named ? null : SUMMARY_NAME.exec(line);
    if (name) {
      open.named = true;
      open.step = table.findByName(name[1] ?? "") ?? null;
    } else if (open.lines.length < LOG_TAIL_LINES) {
      open.lines.push(clip(line.replace(TIME_PREFIX, "")));
    }
  }

  function closeSummary(open: Summary): void {
    const step = open.step;
    if (!step) return;
    // The summary holds the step's own last lines, unmixed with other steps even when the
    // stream interleaved them, so it replaces what was collected.
    if (open.lines.length > 0) step.logTail = open.lines;
    if (step.status === "running") step.status = "error";
  }

  function bareLine(line: string): void {
    if (line === SUMMARY_RULE) {
      if (summary) closeSummary(summary);
      summary = summary ? null : { step: null, lines: [], named: false };
      return;
    }
    if (summary) return summaryLine(line, summary);
    if (WARNINGS_HEADER.test(line)) {
      inWarnings = true;
      return;
    }
    const item = inWarnings ? WARNING_ITEM.exec(line) : null;
    if (item) return totals.warn(item[1] ?? "");
    inWarnings = false;
    const bare = parseBareLine(line);
    if (bare) return bare.kind === "error" ? totals.error(bare.text) : totals.warn(bare.text);
    if (isDocker20Error(line, stepErrors)) totals.error(line.trim());
  }

  function line(raw: string): void {
    const text = cleanLine(raw);
    if (text.trim() === "") {
      prevBlank = true;
      afterHeader = false;
      inWarnings = false;
      return;
    }
    const m = STEP_LINE.exec(text);
    if (m) {
      // Summaries hold no `#N` lines; one here means the summary was cut short.
      if (summary) closeSummary(summary);
      summary = null;
      stepLine(m[1] ?? "", m[2] ?? "");
    } else {
      bareLine(text);
    }
    prevBlank = false;
  }

  return { line, result: () => totals.trace("plain", table) };
}

// Docker 20.10 prints the final error without `ERROR:`: the failing step's message, or
// `failed to solve with frontend dockerfile.v0: …` when there is no failing step.
function isDocker20Error(line: string, stepErrors: string[]): boolean {
  const text = line.trim();
  return /^failed to (solve|build)\b/.test(text) || stepErrors.some((e) => text.endsWith(e));
}
