// The README's input and output tables, rendered from action.yml so they cannot drift from it.
// Also holds action.yml to what the Marketplace and a reader need: a short description and a
// description for every input and output.
import yaml from "js-yaml";

/** The Marketplace listing refuses longer action descriptions. */
export const DESCRIPTION_LIMIT = 125;

interface ActionEntry {
  description?: unknown;
  default?: unknown;
  required?: unknown;
}

export interface ActionMetadata {
  description: string;
  inputs: [string, ActionEntry][];
  outputs: [string, ActionEntry][];
}

/** Parses action.yml and throws one error listing every problem found. */
export function readActionMetadata(text: string): ActionMetadata {
  const doc = (yaml.load(text) ?? {}) as Record<string, unknown>;
  const description = typeof doc.description === "string" ? doc.description : "";
  const entries = (v: unknown): [string, ActionEntry][] =>
    Object.entries((v ?? {}) as Record<string, ActionEntry | null>).map(([k, e]) => [k, e ?? {}]);
  const meta = { description, inputs: entries(doc.inputs), outputs: entries(doc.outputs) };

  const problems: string[] = [];
  if (!description) problems.push("action.yml has no description");
  if (description.length > DESCRIPTION_LIMIT)
    problems.push(
      `the description is ${description.length} characters; the Marketplace takes ${DESCRIPTION_LIMIT}`,
    );
  for (const [kind, list] of [
    ["input", meta.inputs],
    ["output", meta.outputs],
  ] as const) {
    for (const [name, e] of list)
      if (typeof e.description !== "string" || !e.description.trim())
        problems.push(`${kind} ${name} has no description`);
  }
  if (problems.length > 0) throw new Error(`action.yml: ${problems.join("; ")}`);
  return meta;
}

function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

function code(value: unknown): string {
  const s = value === undefined || value === null ? "" : String(value);
  return s === "" ? "" : `\`${s}\``;
}

export function renderInputsTable(meta: ActionMetadata): string {
  const rows = meta.inputs.map(([name, e]) => {
    const required = e.required === true || e.required === "true" ? " (required)" : "";
    return `| \`${name}\`${required} | ${code(e.default)} | ${cell(String(e.description))} |`;
  });
  return ["| input | default | description |", "|---|---|---|", ...rows].join("\n");
}

export function renderOutputsTable(meta: ActionMetadata): string {
  const rows = meta.outputs.map(([name, e]) => `| \`${name}\` | ${cell(String(e.description))} |`);
  return ["| output | description |", "|---|---|", ...rows].join("\n");
}

/**
 * Replaces what stands between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; the
 * markers must be there already (the generator never guesses where a table goes).
 */
export function replaceGenerated(text: string, name: string, body: string): string {
  const start = `<!-- generated:${name} (npm run generate; do not edit) -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no "${start}" … "${end}" markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
