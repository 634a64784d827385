// Undo on every path. A run registers what must be undone as it goes (locks, the touch, its
// scratch directory); SIGINT, SIGTERM and SIGHUP run those steps at once and abort the run, whose
// own cleanup (killing the build, removing the images) then finishes before the signal is raised
// again with its default action, so the process still ends "by" that signal as callers expect. A
// second signal does not wait: the files are already restored, and images left by a run that did
// not finish its cleanup are collected by the next run (images.ts).
// The synchronous steps also run on process.exit(), where nothing asynchronous can.

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long the run may take to clean up after a signal before the signal is raised anyway. */
export const CLEANUP_GRACE_MS = 20_000;

/** The run was stopped by a signal; its files are restored and its images removed. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor(readonly signal: NodeJS.Signals) {
    super(
      `interrupted by ${signal}: the touched files are restored, the run's images and scratch files removed`,
    );
  }
}

export interface RunGuard {
  /** Aborted when a signal arrives; pass it to every child process and wait. */
  readonly signal: AbortSignal;
  /** Registers a synchronous undo step (run newest first); returns a function that unregisters it. */
  onUndo(step: () => void): () => void;
  /**
   * Registers a synchronous step for the moment an interrupted run ends, after the cleanup of
   * any run nested inside it (whose guard re-raises the signal into this one): e.g. removing a
   * directory that nested run still builds from.
   */
  onInterruptEnd(step: () => void): void;
  /** Throws InterruptedError once a signal has arrived. */
  throwIfInterrupted(): void;
  /** Runs what is still registered, removes the handlers, and lets a pending signal take effect. */
  dispose(): void;
}

/**
 * The signal a guard of this process is handling: the process ends by it once that guard's run
 * has cleaned up. A guard created meanwhile starts interrupted, so a run that begins after the
 * signal (the next image of a set, a base benchmark whose worktree's guard took the signal) stops
 * before its first build instead of building until the grace period is over.
 */
let processPending: NodeJS.Signals | null = null;
const processController = new AbortController();

/**
 * Aborted once a guard of this process has taken a signal. For work done before the run's own
 * guard exists (detection, between the images of a set or the base's benchmark): a `docker info`
 * that hangs on a stuck daemon is stopped at once instead of holding the signal for the grace
 * period, and the run then stops as interrupted.
 */
export const processInterrupted: AbortSignal = processController.signal;

export function createRunGuard(): RunGuard {
  const controller = new AbortController();
  const steps: (() => void)[] = [];
  const endSteps: (() => void)[] = [];
  let pending: NodeJS.Signals | null = processPending;
  if (pending) controller.abort(new InterruptedError(pending));
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  const undoAll = () => {
    for (const step of steps.splice(0).reverse()) {
      try {
        step();
      } catch {
        // One failed undo must not stop the others; each step reports its own outcome.
      }
    }
  };
  const detach = () => {
    for (const sig of SIGNALS) process.removeListener(sig, onSignal);
    process.removeListener("exit", undoAll);
  };
  const raise = (sig: NodeJS.Signals) => {
    if (timer) clearTimeout(timer);
    undoAll();
    for (const step of endSteps.splice(0)) {
      try {
        step();
      } catch {
        // as in undoAll
      }
    }
    detach();
    // With our handlers gone and no other listener, this runs the signal's default action.
    process.kill(process.pid, sig);
  };
  function onSignal(sig: NodeJS.Signals) {
    if (pending) return raise(sig);
    pending = sig;
    processPending ??= sig;
    if (!processController.signal.aborted) processController.abort(new InterruptedError(sig));
    undoAll();
    controller.abort(new InterruptedError(sig));
    timer = setTimeout(() => raise(sig), CLEANUP_GRACE_MS);
  }
  for (const sig of SIGNALS) process.on(sig, onSignal);
  process.on("exit", undoAll);

  return {
    signal: controller.signal,
    onUndo(step) {
      steps.push(step);
      return () => {
        const i = steps.indexOf(step);
        if (i !== -1) steps.splice(i, 1);
      };
    },
    onInterruptEnd(step) {
      endSteps.push(step);
    },
    throwIfInterrupted() {
      if (pending) throw new InterruptedError(pending);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      undoAll();
      const sig = pending;
      if (!sig) return detach();
      // Let the caller's error path print its one line first; the signal ends the process then.
      setImmediate(() => raise(sig));
    },
  };
}
