// base-not-slim: the final image starts from a full official image (compilers, headers, docs)
// where the same family publishes a slim or alpine variant. Advice only: some apps need what
// the full image has, and only the user knows.
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";

export const BASE_NOT_SLIM = "base-not-slim";

/** Tag words that already mean a small variant. */
// `alpine3.14`, `slim-bookworm`: a version may follow the word.
const SMALL = /(^|-)(slim|alpine[0-9.]*|distroless|minimal|jre|nanoserver|windowsservercore|busybox)(-|$)/;

type Suggest = (tag: string) => string | null;

/** `3.12` → `3.12-slim`; `3.12-bookworm` → `3.12-slim-bookworm`; no tag → `slim`. */
const slim: Suggest = (tag) => {
  if (tag === "latest" || tag === "") return "slim";
  const m = /^(.*?)-?(bookworm|bullseye|buster|trixie)$/.exec(tag);
  if (m) return m[1] ? `${m[1]}-slim-${m[2]}` : `slim-${m[2]}`;
  return `${tag}-slim`;
};

/** The `node` and `debian` images put the suite first: `20-bookworm-slim`, `bookworm-slim`. */
const slimLast: Suggest = (tag) => (tag === "latest" || tag === "" ? "stable-slim" : `${tag}-slim`);
const nodeSlim: Suggest = (tag) => (tag === "latest" || tag === "" ? "slim" : `${tag}-slim`);

/** Java: run on a JRE, not a JDK (the `openjdk` images are deprecated). */
const temurinJre: Suggest = (tag) => {
  const major = /^(\d+)/.exec(tag)?.[1];
  return major ? `eclipse-temurin:${major}-jre` : "eclipse-temurin:21-jre";
};

const goAlpine: Suggest = (tag) => {
  const version = tag.replace(/-?(bookworm|bullseye|buster|trixie)$/, "");
  return version === "latest" || version === "" ? "alpine" : `${version}-alpine`;
};

/**
 * What a JRE lacks: the compiler, the build tools that need it, and the goals that compile
 * before they run (`./mvnw spring-boot:run`, `gradle bootRun`).
 */
const JDK_USERS =
  /(^|[\s/;&|(])(mvnw?|gradlew?|javac|jar|jshell|jlink|jpackage|jdeps)(\s|$)|spring-boot:run|\bbootRun\b/;

interface Family {
  suggest: Suggest;
  fullImage?: boolean;
  why: string;
  /** Instructions of the image that the smaller variant cannot run: then no suggestion. */
  needsFull?: RegExp;
}

const FAMILIES: Record<string, Family> = {
  python: { suggest: slim, why: "compilers, headers and docs the app rarely needs" },
  ruby: { suggest: slim, why: "compilers, headers and docs the app rarely needs" },
  perl: { suggest: slim, why: "compilers, headers and docs the app rarely needs" },
  rust: { suggest: slim, why: "a full Debian with compilers" },
  elixir: { suggest: slim, why: "a full Debian with compilers" },
  node: { suggest: nodeSlim, why: "compilers, headers and docs the app rarely needs" },
  debian: { suggest: slimLast, why: "man pages, docs and locales" },
  openjdk: {
    suggest: temurinJre,
    fullImage: true,
    why: "a full JDK (and the openjdk images are deprecated)",
    needsFull: JDK_USERS,
  },
  "eclipse-temurin": {
    suggest: temurinJre,
    fullImage: true,
    why: "a full JDK where a JRE runs the app",
    needsFull: JDK_USERS,
  },
  golang: { suggest: goAlpine, why: "the whole Go toolchain" },
};

export function baseNotSlim(ctx: DiagnosisContext): Finding[] {
  const root = ctx.imageStages[0];
  if (!root) return [];
  const ref = officialImage(root.baseResolved);
  if (!ref) return [];
  const family = Object.hasOwn(FAMILIES, ref.name) ? FAMILIES[ref.name] : undefined;
  if (!family || SMALL.test(ref.tag)) return [];
  const suggested = family.suggest(ref.tag);
  if (!suggested || needsFullImage(ctx, family)) return [];
  const image = family.fullImage ? suggested : `${ref.name}:${suggested}`;
  const extra =
    ref.name === "golang"
      ? "\n# better still: build in golang, run the binary FROM gcr.io/distroless/static-debian12"
      : "";
  return [
    makeFinding({
      rule: BASE_NOT_SLIM,
      line: root.line,
      severity: "notice",
      message: `The final image starts FROM ${root.baseResolved}, which carries ${family.why}; ${image} is the same family, smaller.`,
      fix: `FROM ${root.platform ? `--platform=${root.platform} ` : ""}${image}${root.name ? ` AS ${root.name}` : ""}${extra}`,
      seconds: null,
    }),
  ];
}

/**
 * A JRE cannot build the jar (`RUN ./mvnw package`) nor run `./mvnw spring-boot:run`: when the
 * image's own stages do either, a JRE base would not build or not start.
 */
function needsFullImage(ctx: DiagnosisContext, family: Family): boolean {
  const re = family.needsFull;
  if (!re) return false;
  return ctx.imageStages
    .flatMap((s) => s.instructions)
    .some((i) => ["RUN", "CMD", "ENTRYPOINT"].includes(i.keyword) && re.test(i.args));
}

/** `python:3.12`, `docker.io/library/python:3.12@sha256:…` → { python, 3.12 }; null for other registries. */
function officialImage(ref: string): { name: string; tag: string } | null {
  if (ref.includes("$") || ref === "") return null;
  const clean = ref
    .toLowerCase()
    .replace(/@sha256:[0-9a-f]+$/, "")
    .replace(/^(docker\.io|index\.docker\.io)\//, "")
    .replace(/^library\//, "");
  if (clean.includes("/")) return null;
  const [name = "", tag = ""] = clean.split(":");
  return { name, tag };
}
