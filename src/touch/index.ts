export { chooseTouchTargets, type ChooseOptions, type TouchPlan } from "./select.js";
export { applyTouch, recoverJournal, type TouchPaths, type TouchSession } from "./session.js";
export { defaultStateDir, journalPath, STATE_DIR_ENV, type FileRecord } from "./journal.js";
export type { RecoveredFile, RestoreStatus } from "./restore.js";
export { inspectContext, MAX_CONTEXT_FILES, readIgnoreFile, type IgnoreFile } from "./context.js";
export * from "./errors.js";
