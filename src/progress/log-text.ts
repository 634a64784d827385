// Pure: a build's progress stream as readable log lines, for the Action's build group and the
// CLI's --verbose. Plain progress already is text; rawjson is rendered the way plain prints it
// (`#3 [2/4] RUN make`, `#3 0.52 output`, `#3 DONE 1.2s`) so both read the same.
import { createJsonStream } from "./json-stream.js";
import { cleanLine } from "./lines.js";
import type { BuildTrace } from "./model.js";
import { secondsBetween } from "./rawjson.js";

export interface LogRenderer {
  line(raw: string): void;
}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);
const str = (x: unknown): string | null => (typeof x === "string" ? x : null);
const list = (x: unknown): Json[] => (Array.isArray(x) ? x.filter(isObject) : []);

export function createLogRenderer(emit: (text: string) => void): LogRenderer {
  const numbers = new Map<string, number>();
  const finished = new Set<string>();
  const number = (digest: string) => {
    let n = numbers.get(digest);
    if (n === undefined) numbers.set(digest, (n = numbers.size + 1));
    return n;
  };
  const vertex = (v: Json) => {
    const digest = str(v.digest);
    const name = str(v.name);
    if (!digest || !v.started || finished.has(digest)) return;
    const seen = numbers.has(digest);
    const n = number(digest);
    if (!seen && name) emit(`#${n} ${name}`);
    const completed = str(v.completed);
    const error = str(v.error);
    if (!completed && !v.cached) return;
    finished.add(digest);
    if (error) emit(`#${n} ERROR: ${error}`);
    else if (v.cached) emit(`#${n} CACHED`);
    else emit(`#${n} DONE ${(secondsBetween(str(v.started), completed) ?? 0).toFixed(1)}s`);
  };
  const log = (l: Json) => {
    const digest = str(l.vertex);
    const data = str(l.data);
    if (!digest || !data) return;
    const n = number(digest);
    for (const text of Buffer.from(data, "base64").toString("utf8").split(/\r?\n/)) {
      if (text.trim()) emit(`#${n} ${text}`);
    }
  };
  const json = createJsonStream({
    value(v) {
      if (!isObject(v)) return;
      list(v.vertexes).forEach(vertex);
      list(v.logs).forEach(log);
    },
    text: emit,
  });
  let rawjson: boolean | null = null;
  return {
    line(raw) {
      const text = cleanLine(raw);
      rawjson ??= text.trim() === "" ? null : text.trimStart().startsWith("{");
      if (rawjson) json.line(text);
      else emit(text);
    },
  };
}

/**
 * "3 steps finished, running [2/5] RUN pip install…": where a running build is, for progress
 * lines. Step names hold build-arg values expanded: `step` must redact before it cuts to length
 * (a secret cut in half no longer matches the redactor), so the caller passes its own.
 */
export function describeProgress(trace: BuildTrace, step: (name: string) => string): string {
  const steps = trace.steps.filter((s) => s.instruction !== null && !s.instruction.startsWith("FROM"));
  const finished = steps.filter((s) => s.status !== "running").length;
  const current = steps.find((s) => s.status === "running");
  const name = current?.name ? step(current.name) : "";
  return `${finished} step${finished === 1 ? "" : "s"} finished${name ? `, running ${name}` : ""}`;
}
