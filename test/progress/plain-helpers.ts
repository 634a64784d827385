// Shared by the plain-format tests.
import { createPlainParser } from "../../src/progress/index.js";
import type { BuildTrace, TraceStep } from "../../src/progress/index.js";

export const D = (c: string) => `sha256:${c.repeat(64)}`;

export function parse(lines: string[]): BuildTrace {
  const p = createPlainParser();
  for (const l of lines) p.line(l);
  return p.result();
}

export function step(trace: BuildTrace, key: string): TraceStep {
  const s = trace.steps.find((x) => x.key === key);
  if (!s) throw new Error(`no step ${key} in ${trace.steps.map((x) => x.key).join(",")}`);
  return s;
}

export type Brief = Pick<TraceStep, "key" | "name" | "status" | "seconds">;
export const brief = (t: BuildTrace): Brief[] =>
  t.steps.map(({ key, name, status, seconds }) => ({ key, name, status, seconds }));
