// The one model every progress format is read into. Parsers are pure and streaming: they are
// fed lines (or chunks) and keep only per-step state, so a 1 GB log parses in flat memory.

export type StepStatus = "done" | "cached" | "error" | "canceled" | "running";

export interface TraceStep {
  /** Parser-internal identity within one log (`#N` for plain, the vertex digest for rawjson; `#***`,
   * `#***~2` for plain blocks whose number was masked). Never compare across runs. */
  key: string;
  /** Vertex name as BuildKit printed it, e.g. `[builder 2/5] RUN pip install -r requirements.txt`; null if the log never showed it. */
  name: string | null;
  /** Stage name from the `[stage i/n]` prefix (null for the unnamed single stage or non-Dockerfile vertexes).
   * Unnamed stages of a multi-stage build are called `stage-<index>` by BuildKit (e.g. `stage-2`). */
  stage: string | null;
  /** Bake/compose target from a `[target stage i/n]` or `[target internal]` prefix; null otherwise. */
  target: string | null;
  /** Platform from a multi-platform prefix, e.g. `linux/amd64`. */
  platform: string | null;
  /** `i` and `n` of `[i/n]`; null for `[internal]`, export and other non-instruction vertexes, and
   * for an instruction whose index GitHub's secret masking hid (a secret `2` turns `[2/6]` into
   * asterisks before the slash). */
  index: { i: number; n: number } | null;
  /** The instruction text after the prefix, e.g. `RUN pip install -r requirements.txt`; null if not a Dockerfile step. */
  instruction: string | null;
  status: StepStatus;
  /** Duration from the step's last `DONE <s>s` (plain) or completed − started (rawjson); null when unknown. */
  seconds: number | null;
  /** ISO timestamps where the format gives them (rawjson; plain never does). */
  started: string | null;
  completed: string | null;
  warnings: string[];
  error: string | null;
  /** Last lines of the step's own output (bounded), for error messages. */
  logTail: string[];
  /** rawjson only: name of the progress group the vertex belongs to (`COPY --link` members); null otherwise. */
  progressGroup: string | null;
}

export type ProgressFormat = "plain" | "rawjson";

export interface BuildTrace {
  format: ProgressFormat;
  /** Steps in order of first appearance. */
  steps: TraceStep[];
  /** `sha256:…` of the image config when the log shows it (`writing image sha256:…`). */
  imageId: string | null;
  /** Size of the build context sent to the daemon (`[internal] load build context`), when shown. */
  contextBytes: number | null;
  /** Build-level warnings (warning summary lines, rawjson `warnings`). */
  warnings: string[];
  /** Build-level errors (`ERROR: failed to solve: …`). */
  errors: string[];
  /**
   * rawjson only: distinct vertices of the status stream and how many were cached, counted the way
   * BuildKit's build record counts them (before steps are merged), to check the two agree.
   */
  vertices?: { total: number; cached: number };
}

export interface ProgressParser {
  /** Feed one line, without its line terminator. */
  line(text: string): void;
  /** Everything seen so far, as a trace (can be called more than once). */
  result(): BuildTrace;
}

/** How many lines of a step's own output are kept for error messages. */
export const LOG_TAIL_LINES = 10;
