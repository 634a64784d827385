// The Dockerfile as this tool needs it: stages, every instruction with its lines, and the
// flags that decide which stages a target reaches and which instructions read the context.

export type BuildArgs = Readonly<Record<string, string>>;

export interface Instruction {
  /** Upper-cased keyword, e.g. `RUN`. */
  keyword: string;
  /**
   * Everything after the keyword, flags included, with line continuations joined the way
   * BuildKit joins them (escape + newline dropped, comment lines inside dropped). For a
   * heredoc, the header line, then the raw body and terminator lines joined by `\n`.
   */
  args: string;
  /** 1-based first and last line of the instruction in the Dockerfile. */
  line: number;
  endLine: number;
  /** `--name=value` flags; a flag without a value (`--link`) is `true`. Last occurrence wins. */
  flags: Readonly<Record<string, string | true>>;
  /** Values of every `--mount=` flag (RUN may repeat it). */
  mounts: readonly string[];
  heredoc: boolean;
}

export interface Stage {
  /** Position among all stages of the Dockerfile, 0-based (what `COPY --from=0` means). */
  index: number;
  /** Name from `AS name`, lower-cased as BuildKit does; null when unnamed. */
  name: string | null;
  /** The FROM image text as written, e.g. `${BASE}`. */
  base: string;
  /** `base` with global ARG defaults and the given build args expanded. */
  baseResolved: string;
  /** `--platform=` of the FROM, as written. */
  platform: string | null;
  /** 1-based line of the FROM. */
  line: number;
  /** Instructions after the FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface GlobalArg {
  name: string;
  /** Default as written after `=`, unquoted; null when declared without one. */
  defaultValue: string | null;
  line: number;
}

export interface DockerfileModel {
  /** ARGs declared before the first FROM; only these can be used in FROM lines. */
  globalArgs: GlobalArg[];
  stages: Stage[];
  /** The escape character from the `# escape=` parser directive (default `\`). */
  escapeChar: string;
  /** Build args given to `parseDockerfile`; the default for the functions that take build args. */
  buildArgs: BuildArgs;
}

/** A COPY or ADD that reads the build context (no `--from`, not a URL or git source, not a heredoc). */
export interface ContextCopy {
  stage: Stage;
  instruction: Instruction;
  /** Source patterns relative to the context root, variables expanded, e.g. `["requirements.txt"]`. */
  sources: string[];
  destination: string;
  line: number;
}

export class DockerfileParseError extends Error {
  override name = "DockerfileParseError";
}

export class UnknownTargetError extends Error {
  override name = "UnknownTargetError";
  constructor(
    readonly target: string,
    readonly available: string[],
  ) {
    super(
      `target stage "${target}" is not in the Dockerfile` +
        (available.length ? ` (named stages: ${available.join(", ")})` : " (it has no named stages)"),
    );
  }
}
