// A small port of the parts of BuildKit's shell lexer (frontend/dockerfile/shell/lex.go) that
// this tool needs: splitting an instruction's arguments into words, removing quotes, and
// expanding `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` (and the forms without `:`).
// https://docs.docker.com/reference/dockerfile/#environment-replacement

/** Looks a variable up; undefined means unset. */
export type Lookup = (name: string) => string | undefined;

export interface WordOptions {
  escapeChar: string;
  /** When absent, variable references are kept as written (quotes are still removed). */
  lookup?: Lookup;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Splits on unquoted whitespace, removes quotes and escapes, expands variables. */
export function shellWords(text: string, opts: WordOptions): string[] {
  return lex(text, opts, true);
}

/**
 * One word with its quotes and escapes removed and its variables expanded, blanks kept: BuildKit's
 * `ProcessWord`, which it applies to FROM, `--from` and to every word of a JSON-form COPY/ADD
 * after the JSON is decoded, so `COPY ["a\\*b", "/d/"]` copies the glob `a*b` and
 * `COPY ["'a b'", "/d/"]` the file `a b` (checked on Docker 20.10 and 28.5).
 */
export function shellWord(text: string, opts: WordOptions): string {
  return lex(text, opts, false)[0] ?? "";
}

function lex(text: string, opts: WordOptions, split: boolean): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (split && /\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === opts.escapeChar && i + 1 < text.length) {
      word += text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      const [value, next] = readDoubleQuoted(text, i + 1, opts);
      word += value;
      i = next;
    } else if (c === "$") {
      const [value, next] = readVariable(text, i, opts);
      word += value;
      i = next;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Expands variables in one word without splitting it (what BuildKit does for FROM and `--from`). */
export function expandWord(text: string, opts: WordOptions): string {
  return shellWord(text, opts);
}

function readDoubleQuoted(text: string, start: number, opts: WordOptions): [string, number] {
  let out = "";
  let i = start;
  while (i < text.length && text[i] !== '"') {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === opts.escapeChar && next !== undefined && ['"', "$", opts.escapeChar].includes(next)) {
      out += next;
      i += 2;
    } else if (c === "$") {
      const [value, after] = readVariable(text, i, opts);
      out += value;
      i = after;
    } else {
      out += c;
      i++;
    }
  }
  return [out, i + 1];
}

function readVariable(text: string, start: number, opts: WordOptions): [string, number] {
  const next = text[start + 1];
  if (next === "{") {
    const end = findBrace(text, start + 2);
    const inner = text.slice(start + 2, end);
    const raw = text.slice(start, end + 1);
    return [opts.lookup ? expandBraced(inner, opts) : raw, end + 1];
  }
  if (next !== undefined && NAME_START.test(next)) {
    let j = start + 1;
    while (j < text.length && NAME_CHAR.test(text[j] as string)) j++;
    const name = text.slice(start + 1, j);
    return [opts.lookup ? (opts.lookup(name) ?? "") : text.slice(start, j), j];
  }
  return ["$", start + 1];
}

function findBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return i;
  }
  return text.length;
}

function expandBraced(inner: string, opts: WordOptions): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-+?])?(.*)$/s.exec(inner);
  if (!m) return "";
  const [, name = "", op, word = ""] = m;
  const value = opts.lookup?.(name);
  const empty = op?.startsWith(":") ? !value : value === undefined;
  const alt = () => shellWords(word, opts).join(" ");
  switch (op?.replace(":", "")) {
    case "-":
      return empty ? alt() : (value ?? "");
    case "+":
      return empty ? "" : alt();
    default:
      return value ?? "";
  }
}

/** Expands variables and leaves everything else, quotes and blanks included, as written. */
export function expandVariables(text: string, opts: WordOptions): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === opts.escapeChar && text[i + 1] === "$") {
      out += "$";
      i += 2;
    } else if (c === "$") {
      const [value, next] = readVariable(text, i, opts);
      out += value;
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
