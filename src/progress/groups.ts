// One Dockerfile instruction, one step. `COPY --link` (and `ADD --link`) runs as two vertices: the
// copy onto an empty layer, and a merge onto the stage named `[i/n] LINK COPY …`, tied by one
// progress group (BuildKit frontend/dockerfile/dockerfile2llb/convert_copy.go). buildx prints a
// group as a single step; rawjson and the Docker 20.10 client (which predates groups) show both
// vertices. Members are merged the way buildx's printer merges a group (progressui
// vertexGroup.refresh): cached only when every member is, the first error wins, and the time is
// the members' run time (they run one after the other).
import { MAX_MESSAGES } from "./lines.js";
import { LOG_TAIL_LINES } from "./model.js";
import type { StepStatus, TraceStep } from "./model.js";
import { parseStepName } from "./names.js";

/** A step and the progress-group id its vertex carried (rawjson only). */
export interface GroupMember {
  step: TraceStep;
  groupId: string | null;
}

// `[stage 2/3] LINK COPY --link a .` → `[stage 2/3] COPY --link a .`
const LINK_NAME = /^(\[[^\]]*\]\s*)LINK ((?:COPY|ADD)\s.*)$/s;

/** The name of the instruction a `LINK` merge vertex belongs to; null for any other name. */
export function linkedStepName(name: string | null): string | null {
  const m = name === null ? null : LINK_NAME.exec(name);
  return m ? `${m[1] ?? ""}${m[2] ?? ""}` : null;
}

/** Merges the members of each progress group (or each LINK vertex with its COPY) into one step, in first-seen order. */
export function mergeGroups(members: GroupMember[]): TraceStep[] {
  // Plain logs carry no group ids: a LINK vertex joins the step named like its instruction.
  const linked = new Set<string>();
  for (const m of members) {
    const target = m.groupId === null ? linkedStepName(m.step.name) : null;
    if (target !== null) linked.add(target);
  }
  const groupOf = (m: GroupMember): string | null => {
    if (m.groupId !== null) return `id:${m.groupId}`;
    const target = linkedStepName(m.step.name);
    if (target !== null) return `name:${target}`;
    return m.step.name !== null && linked.has(m.step.name) ? `name:${m.step.name}` : null;
  };
  const out: (TraceStep | TraceStep[])[] = [];
  const groups = new Map<string, TraceStep[]>();
  for (const m of members) {
    const id = groupOf(m);
    const list = id === null ? undefined : groups.get(id);
    if (list) list.push(m.step);
    else if (id === null) out.push(m.step);
    else {
      const fresh = [m.step];
      groups.set(id, fresh);
      out.push(fresh);
    }
  }
  return out.map((x) => (Array.isArray(x) ? mergeSteps(x) : x));
}

function mergeSteps(steps: TraceStep[]): TraceStep {
  const first = steps[0] as TraceStep;
  const own = steps.find((s) => s.name !== null && linkedStepName(s.name) === null);
  const name = own?.name ?? linkedStepName(first.name) ?? first.name;
  const parts = name === null ? null : parseStepName(name);
  const status = groupStatus(steps.map((s) => s.status));
  const times = steps.map((s) => s.seconds).filter((s): s is number => s !== null);
  return {
    ...first,
    name,
    stage: parts?.stage ?? null,
    target: parts?.target ?? null,
    platform: parts?.platform ?? null,
    index: parts?.index ?? null,
    instruction: parts?.instruction ?? null,
    status,
    seconds: status === "cached" || times.length === 0 ? null : round6(times.reduce((a, b) => a + b, 0)),
    started: earliest(steps.map((s) => s.started)),
    completed: status === "running" ? null : latest(steps.map((s) => s.completed)),
    warnings: [...new Set(steps.flatMap((s) => s.warnings))].slice(0, MAX_MESSAGES),
    error: steps.find((s) => s.error !== null)?.error ?? null,
    logTail: steps.flatMap((s) => s.logTail).slice(-LOG_TAIL_LINES),
    progressGroup: steps.find((s) => s.progressGroup !== null)?.progressGroup ?? null,
  };
}

function groupStatus(all: StepStatus[]): StepStatus {
  for (const s of ["error", "canceled", "running"] as const) if (all.includes(s)) return s;
  return all.every((s) => s === "cached") ? "cached" : "done";
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** RFC3339Nano strings do not sort as text (`…:01Z` > `…:01.5Z`): compare as instants. */
function instant(iso: string): number {
  const m = /^(.+:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : Date.parse(iso);
  return ms / 1000 + Number(`0${m?.[2] ?? ""}`);
}

function earliest(times: (string | null)[]): string | null {
  return pick(times, (a, b) => instant(a) < instant(b));
}

function latest(times: (string | null)[]): string | null {
  return pick(times, (a, b) => instant(a) > instant(b));
}

function pick(times: (string | null)[], better: (a: string, b: string) => boolean): string | null {
  let best: string | null = null;
  for (const t of times) if (t !== null && (best === null || better(t, best))) best = t;
  return best;
}
