// Everything a benchmark run holds that must be given back on every path: its directory in the
// state dir, the locks on the files it touches, the touch itself, its images. openRun() takes them
// before the first build (refusing up front when another run is touching the same file, and
// undoing what killed runs left behind); close() gives them back; the guard does the synchronous
// part at once on a signal or exit.
import type { DockerEnv } from "../docker/detect.js";
import { removeImages as removeImageRefs } from "../docker/inspect.js";
import { errorMessage } from "../errors.js";
import {
  applyTouch,
  describeOwner,
  lockFiles,
  openRunState,
  recoverDeadRuns,
  type RecoveredFile,
  type RunState,
  type TouchSession,
} from "../touch/index.js";
import { newOwner, type Owner } from "../touch/owner.js";
import { createRunGuard, type RunGuard } from "./guard.js";
import { collectDeadRunImages, listRunImages, ownerLabels } from "./images.js";

export interface RunHooks {
  onInfo?: (message: string) => void;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
  /** A file is left different from before the touch; the message says what is left and the fix. */
  onRestoreProblem?: (message: string) => void;
}

export interface RunOptions {
  stateDir: string;
  /** The run's owner, and the search for images of killed runs made with it (deadRunCollection). */
  collecting: Collecting;
  contextDir: string;
  targets: { path: string; relPath: string }[];
  /** Wait for another run touching the same file instead of refusing. */
  wait: boolean;
  keepImage: boolean;
}

export interface Run {
  readonly guard: RunGuard;
  readonly state: RunState;
  /** `--label`s for the builds: the owner, unless the images are kept (then nothing collects them). */
  readonly labels: Record<string, string>;
  /** Image tags to remove at the end. */
  readonly images: string[];
  /** A tag was built again (repeated warm builds): its earlier image is left untagged. */
  retagged: boolean;
  /**
   * Starts removing the run's images (once; close() waits for it): as soon as nothing reads them
   * any more, so the removal overlaps what the run still does.
   */
  removeImages(env: DockerEnv): Promise<void>;
  touch(): TouchSession;
  /** Undo the current touch now and report any file not exactly as before. */
  restore(session: TouchSession): RecoveredFile[];
  close(env: DockerEnv): Promise<void>;
}

/** The search for images of killed runs: made before the run opens, started once its own images are gone. */
export interface Collecting {
  owner: Owner;
  /** Starts the search (once) and resolves with what it removed. */
  done(): Promise<{ removed: string[]; error: unknown }>;
}

/**
 * The removal of the images of killed runs (only those whose run is provably dead), made here and
 * started by the run's own removal, after the builds: on the containerd store the label-filtered
 * image list costs the daemon 0.1 s or more, which used to hold the cold build back (and must not
 * run during a build the tool times). close() reports the outcome.
 */
export function deadRunCollection(docker: string, owner: Owner = newOwner()): Collecting {
  let done: Promise<{ removed: string[]; error: unknown }> | null = null;
  return {
    owner,
    done: () =>
      (done ??= collectDeadRunImages(docker, owner).then(
        (removed) => ({ removed, error: null }),
        (error: unknown) => ({ removed: [], error }),
      )),
  };
}

export async function openRun(opts: RunOptions, hooks: RunHooks): Promise<Run> {
  const guard = createRunGuard();
  try {
    const state = openRunState(opts.stateDir, opts.collecting.owner);
    guard.onUndo(state.removeSync);
    const locks = await lockFiles(opts.targets, {
      dir: state.locksDir,
      owner: state.owner,
      wait: opts.wait,
      signal: guard.signal,
      onWaiting: (holder, path) =>
        hooks.onInfo?.(
          `waiting for another docker-cache-bench run (${describeOwner(holder)}) to finish touching ${path}`,
        ),
    });
    guard.onUndo(locks.release);
    // Under the locks, before the cold build: a killed run's touch must not be measured.
    for (const note of await recoverDeadRuns(state, guard.signal)) {
      if (note.level === "problem") (hooks.onRestoreProblem ?? hooks.onWarning)?.(note.message);
      else if (note.level === "debug") hooks.onDebug?.(note.message);
      else hooks.onWarning?.(note.message);
    }
    return createRun(opts, state, guard, hooks);
  } catch (e) {
    guard.dispose();
    throw e;
  }
}

function createRun(opts: RunOptions, state: RunState, guard: RunGuard, hooks: RunHooks): Run {
  const undo = new Map<TouchSession, () => void>();
  let removing: Promise<void> | null = null;
  return {
    guard,
    state,
    labels: opts.keepImage ? {} : ownerLabels(state.owner),
    images: [],
    retagged: false,
    removeImages(env) {
      // Killed runs' images go after the run's own, unless a signal is ending the run: then only
      // what is its own (a later run collects the rest). After, not beside: the containerd store's
      // image list fails outright ("content digest …: not found") when an image it is listing is
      // removed meanwhile (Docker 28.5, seen in CI: the killed run's image stayed).
      removing ??= (opts.keepImage ? Promise.resolve() : removeRunImages(env, this, hooks)).then(() => {
        if (!guard.signal.aborted) void opts.collecting.done();
      });
      return removing;
    },
    touch() {
      guard.throwIfInterrupted();
      const session = applyTouch(opts.contextDir, opts.targets, state);
      undo.set(
        session,
        guard.onUndo(() => void session.restoreSync()),
      );
      return session;
    },
    restore(session) {
      undo.get(session)?.();
      const results = session.restoreSync();
      for (const r of results)
        if (!r.exact) (hooks.onRestoreProblem ?? hooks.onWarning)?.(describeProblem(r));
      return results;
    },
    async close(env) {
      try {
        await this.removeImages(env);
        if (!guard.signal.aborted) reportCollected(await opts.collecting.done(), hooks);
      } finally {
        guard.dispose();
      }
    },
  };
}

function describeProblem(r: RecoveredFile): string {
  const fix = r.fix ? ` To finish by hand: ${r.fix}` : "";
  return `${r.path} is not as it was before the touch: ${r.reason ?? r.status}.${fix}`;
}

async function removeRunImages(env: DockerEnv, run: Run, hooks: RunHooks): Promise<void> {
  // One `docker image rm` for all: each docker call is a client start (0.05–0.3 s of wall time).
  // Only a repeated warm build leaves an image untagged (its tag moved on): found by the run's label.
  const dangling = run.retagged ? await listRunImages(env, run.state.owner).catch(() => []) : [];
  const refs = [...new Set([...run.images, ...dangling])];
  await removeImageRefs(env, refs).catch(() => undefined);
  hooks.onDebug?.(`removed ${refs.join(", ") || "no images"}`);
}

/** Never fails the run: leftovers are housekeeping, not the user's build. */
function reportCollected(outcome: Awaited<ReturnType<Collecting["done"]>>, hooks: RunHooks): void {
  const { removed, error } = outcome;
  if (error) hooks.onDebug?.(`could not look for images of killed runs: ${errorMessage(error)}`);
  else if (removed.length)
    hooks.onInfo?.(`removed ${removed.length} image(s) left by killed runs: ${removed.join(", ")}`);
}
