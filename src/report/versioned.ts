// What `parse`, `compare` and `history` print as JSON says what it is and which version of that shape, as
// the report's schemaVersion does, so a script reading it can refuse a shape it does not know
// (docs/report.md). Each kind counts its own versions; within a version fields are only added.
export const OUTPUT_KINDS = {
  parse: { kind: "docker-cache-bench/parse", schemaVersion: 1 },
  comparison: { kind: "docker-cache-bench/comparison", schemaVersion: 1 },
  history: { kind: "docker-cache-bench/history", schemaVersion: 1 },
  /** `history` of a report set: one entry per image (as a set is schemaVersion 2 of the report). */
  historySet: { kind: "docker-cache-bench/history", schemaVersion: 2 },
} as const;

type Kinds = typeof OUTPUT_KINDS;

/** `{ kind, schemaVersion, ...body }`: the two fields first, so they are what a reader sees first. */
export function versioned<K extends keyof Kinds, T extends object>(kind: K, body: T): Kinds[K] & T {
  return { ...OUTPUT_KINDS[kind], ...body };
}
