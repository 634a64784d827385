// Just enough shell to read a RUN: the simple commands it runs, as words with quotes removed.
// A RUN is judged by the commands in it (`apt-get install`, `pip install -r …`), so operators
// (`&&`, `||`, `;`, `|`, newlines), subshell brackets and comments only separate commands here;
// nothing is expanded.
import type { Instruction } from "../../dockerfile/index.js";

export type Command = readonly string[];

/** Words that only prefix the real command (`sudo`, `DEBIAN_FRONTEND=x`, `if`, `then`, …). */
const PREFIX_WORDS = new Set([
  "sudo",
  "env",
  "time",
  "exec",
  "nohup",
  "command",
  "!",
  "if",
  "then",
  "else",
  "do",
  "while",
  "until",
]);
const SHELLS = new Set(["sh", "bash", "/bin/sh", "/bin/bash", "ash", "dash"]);

/** The RUN's command text without its `--mount`/`--network` flags (a heredoc keeps its body). */
export function runScript(ins: Instruction): string {
  const rest = ins.args.replace(/^(\s*--\S+)+\s*/, "");
  const json = execForm(rest);
  if (json === null) return rest;
  // `RUN ["sh", "-c", "script"]` runs the script; any other exec form is one command.
  if (json.length >= 3 && SHELLS.has(json[0] as string) && json[1] === "-c") return json[2] as string;
  return json.map(quoteWord).join(" ");
}

/** The simple commands of a RUN, in order. */
export function runCommands(ins: Instruction): Command[] {
  return ins.keyword === "RUN" ? splitCommands(runScript(ins)) : [];
}

export function splitCommands(script: string): Command[] {
  const commands: Command[] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    const cmd = stripPrefixes(words);
    if (cmd.length) commands.push(cmd);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i] as string;
    if (c === "\\" && i + 1 < script.length) {
      // A backslash-newline left inside a heredoc body joins lines, as the shell would.
      if (script[i + 1] !== "\n") word += script[i + 1];
      inWord = inWord || script[i + 1] !== "\n";
      i++;
    } else if (c === "'" || c === '"') {
      const end = script.indexOf(c, i + 1);
      const stop = end === -1 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === "#" && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
    } else if ("&|;\n(){}".includes(c)) {
      endCommand();
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

function stripPrefixes(words: string[]): string[] {
  let i = 0;
  while (
    i < words.length &&
    (PREFIX_WORDS.has(words[i] as string) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] as string))
  ) {
    i++;
  }
  return words.slice(i);
}

function execForm(text: string): string[] | null {
  if (!text.trimStart().startsWith("[")) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === "string") ? (parsed as string[]) : null;
  } catch {
    return null; // Not JSON: BuildKit runs it with the shell, and so do we.
  }
}

function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

/** Non-option words after the subcommand; `valueFlags` take the next word as their value. */
export function operands(cmd: Command, from: number, valueFlags: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (let i = from; i < cmd.length; i++) {
    const w = cmd[i] as string;
    if (w.startsWith("-")) {
      if (valueFlags.has(w)) i++;
      continue;
    }
    if (w.startsWith(">") || w.startsWith("<") || /^\d?>/.test(w)) break;
    out.push(w);
  }
  return out;
}

/** The first operand of a command (its subcommand), skipping options such as `-y` or `-q`. */
export function subcommand(
  cmd: Command,
  valueFlags: ReadonlySet<string> = new Set(),
): { name: string; index: number } | null {
  for (let i = 1; i < cmd.length; i++) {
    const w = cmd[i] as string;
    if (w.startsWith("-")) {
      if (valueFlags.has(w)) i++;
      continue;
    }
    return { name: w, index: i };
  }
  return null;
}

export function hasFlag(cmd: Command, ...flags: string[]): boolean {
  return cmd.some((w) => flags.includes(w) || flags.some((f) => f.startsWith("--") && w.startsWith(`${f}=`)));
}

/** `python -m pip …`, `pip3 …` and `uv pip …` all as `pip …`, so one matcher reads them. */
export function asPip(cmd: Command): Command | null {
  const head = cmd[0] ?? "";
  const base = head.split("/").at(-1) ?? "";
  if (/^pip[0-9.]*$/.test(base)) return ["pip", ...cmd.slice(1)];
  if (/^python[0-9.]*$/.test(base) && cmd[1] === "-m" && cmd[2] === "pip") return ["pip", ...cmd.slice(3)];
  if (base === "uv" && cmd[1] === "pip") return ["pip", ...cmd.slice(2)];
  return null;
}

/** The command name without its directory (`/usr/bin/apt-get` → `apt-get`). */
export function commandName(cmd: Command): string {
  return (cmd[0] ?? "").split("/").at(-1) ?? "";
}
