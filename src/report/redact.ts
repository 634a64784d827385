// Build-arg values can hold secrets, and BuildKit prints ARG values expanded in step names
// (`[1/4] FROM registry.example.com/base:1.2`) and docker history keeps them in RUN lines
// (`RUN |1 TOKEN=… /bin/sh -c …`). Everything that leaves the tool goes through this first.

/** Values shorter than this are left alone: replacing "1" or "yes" everywhere would garble text, and cannot be secret. */
export const MIN_REDACTED_LENGTH = 4;

export type Redactor = (text: string) => string;

export function createRedactor(buildArgs: Readonly<Record<string, string>>): Redactor {
  const pairs = Object.entries(buildArgs)
    .filter(([, v]) => v.length >= MIN_REDACTED_LENGTH)
    // Longest first, so a value that contains another is replaced whole.
    .sort(([, a], [, b]) => b.length - a.length);
  if (!pairs.length) return (text) => text;
  return (text) => pairs.reduce((t, [key, value]) => t.split(value).join(`\${${key}}`), text);
}

export function redactNullable(redact: Redactor, text: string | null): string | null {
  return text === null ? null : redact(text);
}
