// Vertex names as the Dockerfile frontend and buildx print them.
// Frontend: `[<platform> <stage> <i>/<n>] <INSTRUCTION …>` (dockerfile2llb `prefixCommand`; the platform
// only for multi-platform builds, the stage only for named or multi-stage builds, `i` space-padded to
// the width of `n`). buildx bake/compose put the target in front of everything else
// (`[web linux/amd64 builder 2/5] …`, `[web internal] …`, `[web] exporting to image`).
// See /work/shared/research/buildkit-observability.md §1.3.

export interface StepName {
  platform: string | null;
  target: string | null;
  stage: string | null;
  index: { i: number; n: number } | null;
  instruction: string | null;
}

const NONE: StepName = { platform: null, target: null, stage: null, index: null, instruction: null };

const BRACKET = /^\[([^\]]*)\]\s*(.*)$/s;
const INDEX = /^(\d+)\/(\d+)$/;
// GitHub's log masking turns every occurrence of a secret's value into `***`, digits too: a
// secret `2` makes `[2/6]` read `[***/6]`. Still an instruction, at an unknown index.
const MASKED_INDEX = /^(?:\d|\*\*\*)+\/(?:\d|\*\*\*)+$/;
// `os/arch[/variant]`; the os starts with a letter, which keeps `2/5` out.
const PLATFORM = /^[a-z][a-z0-9]*\/[a-z0-9_]+(?:\/[a-z0-9.]+)?$/;
// Bracket words that name a kind of vertex rather than a target or stage.
const KINDS = new Set(["internal", "auth", "context"]);

/** Splits a vertex name into its Dockerfile parts; every part is null for non-instruction vertexes. */
export function parseStepName(name: string): StepName {
  const m = BRACKET.exec(name);
  if (!m) return NONE;
  const tokens = (m[1] ?? "").trim().split(/\s+/).filter(Boolean);
  const rest = m[2] ?? "";
  const platform = tokens.find((t) => PLATFORM.test(t)) ?? null;
  const lastToken = tokens.at(-1) ?? "";
  const last = INDEX.exec(lastToken);
  if (!last && !MASKED_INDEX.test(lastToken)) {
    return { ...NONE, platform, target: targetOfOther(tokens, platform) };
  }
  const words = tokens.slice(0, -1);
  const index = last ? { i: Number(last[1]), n: Number(last[2]) } : null;
  return { platform, index, instruction: rest || null, ...targetAndStage(words, platform) };
}

function targetAndStage(
  words: string[],
  platform: string | null,
): { target: string | null; stage: string | null } {
  const at = platform === null ? -1 : words.indexOf(platform);
  const plain = words.filter((w) => w !== platform);
  // bake puts the target before the platform, the frontend puts the stage after it.
  if (at > 0)
    return { target: words[0] ?? null, stage: words.length > at + 1 ? (words.at(-1) ?? null) : null };
  if (plain.length >= 2) return { target: plain[0] ?? null, stage: plain.at(-1) ?? null };
  return { target: null, stage: plain[0] ?? null };
}

// `[web internal] load …`, `[web] exporting to image`: a leading word that is not a vertex kind.
function targetOfOther(tokens: string[], platform: string | null): string | null {
  const words = tokens.filter((t) => t !== platform);
  const first = words[0];
  if (first === undefined || KINDS.has(first)) return null;
  if (words.length === 1) return first;
  return KINDS.has(words[1] ?? "") ? first : null;
}

const DIGEST = /@sha256:[0-9a-f]{64}/g;
const FROM_PREFIX = /^\[[^\]]*\]\s*(FROM\s)/;

/**
 * A name for joining one step across runs: `@sha256:` digests removed (a FROM gains one when the
 * image is resolved), and the bracket prefix of FROM steps dropped, because one FROM vertex is
 * shared by every stage with the same base and by concurrent builds on the same daemon, so its
 * printed prefix is whichever stage (or build) asked first (seen: `[1/3] FROM x` in a 6-step build).
 */
export function normalizeStepName(name: string): string {
  return stripDigests(name).replace(FROM_PREFIX, "$1").trim();
}

/** Text without `@sha256:<64 hex>` (a FROM step once its image is resolved, always on the containerd store). */
export function stripDigests(text: string): string {
  return text.replace(DIGEST, "");
}

/** True for names with an `[i/n]` index (masked or not), i.e. Dockerfile instructions (FROM included). */
export function isInstructionName(name: string): boolean {
  return parseStepName(name).instruction !== null;
}
