// Bounds on what a user (or an untrusted report) can ask for, shared by the CLI and the Action.

/** Warm builds per run: each is a full build; more than this is a mistake, not a measurement. */
export const MAX_REPEAT = 20;
