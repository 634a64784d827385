// The Action's only writer to its log, annotations, summary and failure message. Every text is
// redacted (build-arg values, the token), stripped of terminal control characters, cut to a
// bounded length, and kept from reading as a workflow command: core.info writes its text raw,
// so a file name holding "\n::error::…" would otherwise issue a command; core.warning & co.
// escape `%`, `\r`, `\n` in their data and properties themselves.
import * as core from "@actions/core";
import { createRedactor, type Redactor } from "../report/redact.js";
import { capText, escapeWorkflowCommands, stripControl, truncateUtf8 } from "../report/untrusted.js";

/** An annotation or failure message longer than this is cut (a gate message once reached 1.25 MB). */
export const MAX_ANNOTATION_CHARS = 4096;
/** One info/debug message; the log is for people, the report file holds everything. */
export const MAX_LOG_CHARS = 16_384;
/** The runner refuses to upload a step summary over 1 MiB (FileCommandManager AttachmentSizeLimit). */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

let redact: Redactor = (text) => text;

/** Call once the inputs are known: values to redact from everything the Action writes. */
export function configureLog(buildArgs: Readonly<Record<string, string>>, tokens: readonly string[]): void {
  for (const t of tokens) if (t) core.setSecret(t);
  redact = createRedactor(buildArgs, tokens.filter(Boolean));
}

/** Redacted only: for markdown (summary, comment) and files, which escape for themselves. */
export function scrub(text: string): string {
  return redact(text);
}

function clean(text: string, max: number): string {
  return capText(escapeWorkflowCommands(stripControl(redact(text))), max);
}

export type AnnotationProps = core.AnnotationProperties;

function cleanProps(props: AnnotationProps | undefined): AnnotationProps | undefined {
  if (!props) return undefined;
  const out: AnnotationProps = { ...props };
  if (props.title !== undefined) out.title = clean(props.title, 256).replace(/\n/g, " ");
  if (props.file !== undefined) out.file = clean(props.file, 1024).replace(/\n/g, "\\n");
  return out;
}

export const log = {
  info: (text: string) => core.info(clean(text, MAX_LOG_CHARS)),
  debug: (text: string) => core.debug(clean(text, MAX_LOG_CHARS)),
  warning: (text: string, props?: AnnotationProps) =>
    core.warning(clean(text, MAX_ANNOTATION_CHARS), cleanProps(props)),
  notice: (text: string, props?: AnnotationProps) =>
    core.notice(clean(text, MAX_ANNOTATION_CHARS), cleanProps(props)),
  error: (text: string, props?: AnnotationProps) =>
    core.error(clean(text, MAX_ANNOTATION_CHARS), cleanProps(props)),
  fail: (text: string) => core.setFailed(clean(text, MAX_ANNOTATION_CHARS)),
  startGroup: (name: string) => core.startGroup(clean(name, 256).replace(/\n/g, " ")),
  endGroup: () => core.endGroup(),
  /** A step output, redacted: later steps read it and may print it into their own logs. */
  setOutput: (name: string, value: string) => core.setOutput(name, redact(value)),
  /** Appends to the job summary: redacted (markdown escapes for itself), never over the limit. */
  summary: async (markdown: string) => {
    await core.summary.addRaw(truncateUtf8(redact(markdown), MAX_SUMMARY_BYTES)).write();
  },
};
