// Pure: what `docker buildx bake --print` says a bake or compose file builds, as one image per
// target and platform. buildx does the reading (HCL, JSON, compose, variables, inherits, matrix);
// this only maps its JSON, which differs between versions (test/fixtures/bake/README.md).
import { isAbsolute, join } from "node:path";

export interface BakeImage {
  /** The image's id: the target's name, `target@platform` when the target names several platforms. */
  id: string;
  target: string;
  /** The context directory, resolved against the directory bake ran in. */
  context: string;
  /** The Dockerfile's path, resolved (bake's `dockerfile` is relative to the context). */
  dockerfile: string;
  /** The stage (`target` attribute), or null. */
  stage: string | null;
  platform: string | null;
  args: Record<string, string>;
  /** Named contexts (`contexts`), local paths resolved. */
  contexts: Record<string, string>;
  network: string | null;
  shmSize: string | null;
  ulimits: string[];
  /** `entitlements` (`network.host`), passed as `--allow`. */
  entitlements: string[];
}

export interface BakePlan {
  images: BakeImage[];
  /** Attributes the benchmark does not take, per target, said once in the log (never silently dropped). */
  declined: string[];
}

interface PrintedTarget {
  context?: string;
  dockerfile?: string;
  "dockerfile-inline"?: string;
  args?: Record<string, string | null>;
  target?: string;
  platforms?: string[];
  contexts?: Record<string, string>;
  network?: string;
  "shm-size"?: string;
  ulimits?: string[];
  entitlements?: string[];
  [other: string]: unknown;
}

interface Printed {
  group?: Record<string, { targets?: string[] }>;
  target?: Record<string, PrintedTarget>;
}

/** Attributes that say how to publish or cache, not what to build: nothing to benchmark, nothing to decline. */
const IGNORED = new Set(["tags", "labels", "output", "annotations", "attest", "pull", "description"]);
/** Attributes the tool maps. */
const MAPPED = new Set([
  "context",
  "dockerfile",
  "args",
  "target",
  "platforms",
  "contexts",
  "network",
  "shm-size",
  "ulimits",
  "entitlements",
]);

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^[a-z-]+-image:/.test(s);

/**
 * `compose`: the files include a compose file. buildx 0.13 lists its services in Go map order, a
 * different one on each `--print`; sorted by name (as buildx 0.29 does), the rows of the report and
 * the comment stay in one order from run to run and from engine to engine.
 */
export function parseBakePrint(json: unknown, cwd: string, opts: { compose?: boolean } = {}): BakePlan {
  const printed = json as Printed;
  const targets = printed.target ?? {};
  const images: BakeImage[] = [];
  const declined: string[] = [];
  const order = targetOrder(printed);
  for (const name of opts.compose ? order.sort() : order) {
    const t = targets[name];
    if (!t) continue;
    if (t["dockerfile-inline"] !== undefined) {
      declined.push(
        `${name}: dockerfile-inline (the touch needs a Dockerfile on disk to read; the target is left out)`,
      );
      continue;
    }
    const other = Object.keys(t).filter((k) => !MAPPED.has(k) && !IGNORED.has(k));
    if (other.length) declined.push(`${name}: ${other.join(", ")} not passed to the benchmark's builds`);
    const context = resolvePath(t.context ?? ".", cwd);
    const dockerfile = isAbsolute(t.dockerfile ?? "")
      ? (t.dockerfile as string)
      : join(context, t.dockerfile ?? "Dockerfile");
    const platforms = t.platforms?.length ? t.platforms : [null];
    for (const platform of platforms) {
      images.push({
        id: platforms.length > 1 && platform ? `${name}@${platform}` : name,
        target: name,
        context,
        dockerfile,
        stage: t.target ?? null,
        platform,
        // A compose `args: [B]` with no value comes out as null or not at all: docker would take it from the environment.
        args: Object.fromEntries(
          Object.entries(t.args ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
        ),
        contexts: Object.fromEntries(
          Object.entries(t.contexts ?? {}).map(([k, v]) => [k, isUrl(v) ? v : resolvePath(v, cwd)]),
        ),
        network: t.network ?? null,
        shmSize: t["shm-size"] ?? null,
        ulimits: t.ulimits ?? [],
        entitlements: t.entitlements ?? [],
      });
    }
  }
  return { images, declined };
}

/** Attributes buildx 0.13.1 leaves out of `--print` (0.29.1 keeps them), with the option that sets each. */
const UNPRINTED = [
  { key: "network", option: "--network (the Action's network: input)" },
  { key: "entitlements", option: "--allow (the Action's allow: input)" },
] as const;

/**
 * buildx 0.13.1 leaves a target's `network` and `entitlements` out of `--print` (0.29.1 keeps
 * them), so the tool would benchmark without them, unseen. When no printed target has one but a
 * file sets it (HCL `network =`, JSON or compose `network:`), that is said, with the way round it.
 */
export function unprintedAttributes(
  json: unknown,
  files: readonly { name: string; text: string }[],
): string[] {
  const targets = Object.values((json as Printed).target ?? {});
  return UNPRINTED.flatMap(({ key, option }) => {
    if (targets.some((t) => t[key] !== undefined)) return [];
    const set = new RegExp(`^\\s*"?${key}"?\\s*[=:]`, "m");
    return files
      .filter((f) => set.test(f.text))
      .map(
        (f) =>
          `${f.name}: ${key} is not passed to the benchmark's builds (this buildx leaves it out of \`bake --print\`; buildx ≥ 0.29 prints it); pass ${option} to set it`,
      );
  });
}

function resolvePath(p: string, cwd: string): string {
  return isAbsolute(p) ? p : join(cwd, p);
}

/** The default group's order (groups expanded, as bake reads them), then any target it missed, by name. */
function targetOrder(p: Printed): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, depth: number) => {
    if (seen.has(name) || depth > 16) return;
    seen.add(name);
    const group = p.group?.[name];
    if (group && !p.target?.[name]) group.targets?.forEach((t) => visit(t, depth + 1));
    else out.push(name);
  };
  for (const t of p.group?.default?.targets ?? []) visit(t, 0);
  for (const name of Object.keys(p.target ?? {}).sort()) if (!seen.has(name)) out.push(name);
  return out;
}
