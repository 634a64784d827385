// Baselines: the base branch's report, from the Actions cache, a file, or a worktree build.
export { BASELINE_PATH, readBaselineFile, restoreBaseline, saveBaseline } from "./cache-store.js";
export type {
  BaselineLocation,
  CacheModule,
  RestoreBaselineResult,
  SaveBaselineResult,
} from "./cache-store.js";
export { BaselineFileError, WorktreeError } from "./errors.js";
export { baselineKey, baselineRestoreKey, commitFromKey, KEY_PREFIX } from "./keys.js";
export type { BaselineKeyParts } from "./keys.js";
export { checkoutWorktree } from "./worktree.js";
export type { CheckoutWorktreeOptions, Worktree } from "./worktree.js";
