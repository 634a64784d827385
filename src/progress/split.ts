// Splits decoded text chunks into lines exactly as `readline` does with `crlfDelay: Infinity` (a line
// ends at `\n`, `\r\n` or a lone `\r`), without readline's per-line regex and event machinery, which
// cost more than parsing a one-line rawjson object (bench/parser.ts measures both).

export interface LineSplitter {
  /** Feeds the next decoded chunk (the caller decodes UTF-8 across chunk boundaries). */
  push(chunk: string): void;
  /** The stream ended: a last line without a newline is still a line. */
  end(): void;
}

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let partial = "";

  function emit(line: string): void {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (!text.includes("\r")) return onLine(text);
    // A lone CR (a progress bar redrawn in place) ends a line too.
    for (const piece of text.split("\r")) onLine(piece);
  }

  return {
    push(chunk) {
      // One search per chunk instead of two per line: most logs hold no CR at all.
      const cut = chunk.includes("\r") || partial.includes("\r") ? emit : onLine;
      let start = 0;
      if (partial !== "") {
        // Only the first line joins the held text: `partial + chunk` would copy the whole chunk.
        const nl = chunk.indexOf("\n");
        start = nl + 1;
        if (nl >= 0) cut(partial + chunk.slice(0, nl));
      }
      for (let nl = chunk.indexOf("\n", start); nl >= 0; nl = chunk.indexOf("\n", start)) {
        cut(chunk.slice(start, nl));
        start = nl + 1;
      }
      if (start > 0) partial = chunk.slice(start);
      else partial = partial + chunk;
      // A CR followed by anything but LF ends its line now: a progress bar redrawn with CRs alone
      // must not pile up as one endless line.
      const cr = partial.length < 2 ? -1 : partial.lastIndexOf("\r", partial.length - 2);
      if (cr < 0) return;
      for (const piece of partial.slice(0, cr).split("\r")) onLine(piece);
      partial = partial.slice(cr + 1);
    },
    end() {
      if (partial === "") return;
      const last = partial.endsWith("\r") ? partial.slice(0, -1) : partial;
      partial = "";
      onLine(last);
    },
  };
}
