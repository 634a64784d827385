// The history a baseline carries: the last points of its own branch, oldest first, the
// baseline's own run last. Part of the report (schemaVersion 1, so only ever added to); kept in
// its own file so the report schema stays one screen.
import { z } from "zod";

/** A run on the base branch that saved a baseline: its headline numbers. */
export const MeasuredPointSchema = z.object({
  status: z.literal("measured"),
  /** The commit measured; null when the run did not know it (a CLI run outside git). */
  commit: z.string().nullable(),
  /** When the run finished (the report's createdAt). */
  date: z.string(),
  coldSeconds: z.number().nonnegative(),
  warmSeconds: z.number().nonnegative(),
  /** Null when the warm build had no Dockerfile steps. */
  cacheHitRatio: z.number().min(0).max(1).nullable(),
  /** The image size of `sizeKind` (the size the run compared and showed); null if not measured. */
  sizeBytes: z.number().int().nonnegative().nullable(),
  sizeKind: z.enum(["uncompressed", "compressed"]),
  /** For `uncompressed`: exact bytes or 4 KiB-block disk usage (store-dependent); else null. */
  sizeRounding: z.enum(["exact", "4KiB-blocks"]).nullable(),
});

/**
 * A push of the branch whose run saved no baseline (it failed, was cancelled, or had not finished
 * when the next push's run looked): one marker for one or more such pushes, at the commit the
 * next push's event names as `before`.
 */
export const MissingPointSchema = z.object({
  status: z.literal("missing"),
  commit: z.string(),
});

export const HistoryPointSchema = z.discriminatedUnion("status", [MeasuredPointSchema, MissingPointSchema]);

export const HistorySchema = z.array(HistoryPointSchema);

export type HistoryPoint = z.infer<typeof HistoryPointSchema>;
export type MeasuredPoint = z.infer<typeof MeasuredPointSchema>;
export type MissingPoint = z.infer<typeof MissingPointSchema>;
