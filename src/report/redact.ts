// Build-arg values can hold secrets, and BuildKit prints ARG values expanded in step names
// (`[1/4] FROM registry.example.com/base:1.2`) and docker history keeps them in RUN lines
// (`RUN |1 TOKEN=… /bin/sh -c …`). Every line the CLI or the Action prints, and every report,
// goes through a Redactor first (the CLI's output sink and the Action's log are the only writers).
//
// Limits (README "What it never prints or stores"): values shorter than MIN_REDACTED_LENGTH are
// left alone; a value is found only as written or as BuildKit rewrites an image reference
// (`myimg` → `docker.io/library/myimg:latest`), not re-encoded (base64, URL-escaped, split).

/** Values shorter than this are left alone: replacing "1" or "yes" everywhere would garble text, and cannot be secret. */
export const MIN_REDACTED_LENGTH = 4;

export type Redactor = (text: string) => string;

/**
 * `secrets` are replaced by `${KEY}`; `extra` values (tokens) by `***`. Longest first, so a value
 * that contains another is replaced whole.
 */
export function createRedactor(
  secrets: Readonly<Record<string, string>>,
  extra: readonly string[] = [],
): Redactor {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(secrets)) {
    for (const form of [value, ...referenceForms(value)]) pairs.push([form, `\${${key}}`]);
  }
  for (const value of extra) pairs.push([value, "***"]);
  const sorted = pairs
    .filter(([value]) => value.length >= MIN_REDACTED_LENGTH)
    .sort(([a], [b]) => b.length - a.length);
  if (!sorted.length) return (text) => text;
  return (text) =>
    sorted.reduce((t, [value, mask]) => (t.includes(value) ? t.split(value).join(mask) : t), text);
}

export function redactNullable(redact: Redactor, text: string | null): string | null {
  return text === null ? null : redact(text);
}

const REFERENCE =
  /^(?:([a-z0-9.-]+(?::\d+)?|localhost)\/)?([a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(@sha256:[a-f0-9]{64})?$/;

/**
 * The spellings BuildKit and docker print for a value that is an image reference: the normalized
 * `docker.io/library/name:latest` of a short `name`, and the short form of a fully spelled
 * Docker Hub reference (`index.docker.io/x/y` → `docker.io/x/y:latest`). The value itself is a
 * path component of each, but the rewritten reference around it would still narrow it down.
 */
export function referenceForms(value: string): string[] {
  const m = REFERENCE.exec(value);
  if (!m) return [];
  const [, first, rest = "", tag, digest = ""] = m;
  // A first component with a dot or port, or "localhost", is a registry (docker's own rule);
  // any other first component (`acme/app`) is a Docker Hub namespace.
  const isRegistry = !!first && (/[.:]/.test(first) || first === "localhost");
  const registry = isRegistry ? first : undefined;
  const path = first && !isRegistry ? `${first}/${rest}` : rest;
  const hub = !registry || registry === "docker.io" || registry === "index.docker.io";
  if (!hub) return tag || digest ? [] : [`${value}:latest`];
  const repo = path.includes("/") ? path : `library/${path}`;
  const suffix = tag || digest ? `${tag ? `:${tag}` : ""}${digest}` : ":latest";
  const forms = [`docker.io/${repo}${suffix}`, `index.docker.io/${repo}${suffix}`, `${repo}${suffix}`];
  if (!tag && !digest) forms.push(`docker.io/${repo}`);
  return forms.filter((f) => f !== value);
}
