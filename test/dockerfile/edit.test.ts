import { describe, expect, it } from "vitest";
import { applyEdit, EditError } from "../../src/dockerfile/edit.js";

const DOCKERFILE = [
  "FROM base", // 1
  "WORKDIR /app", // 2
  "COPY . .", // 3
  "RUN pip install \\", // 4
  "    -r requirements.txt", // 5
  'CMD ["python"]', // 6
  "",
].join("\n");

describe("applyEdit", () => {
  it("inserts around the anchor and removes a moved multi-line instruction; says where the new lines are", () => {
    const r = applyEdit(DOCKERFILE, {
      anchor: { line: 3, endLine: 3 },
      before: ["COPY requirements.txt ./", "RUN pip install -r requirements.txt"],
      after: ["RUN pip install --no-deps ."],
      remove: [{ line: 4, endLine: 5 }],
    });
    expect(r.text).toBe(
      [
        "FROM base",
        "WORKDIR /app",
        "COPY requirements.txt ./",
        "RUN pip install -r requirements.txt",
        "COPY . .",
        "RUN pip install --no-deps .",
        'CMD ["python"]',
        "",
      ].join("\n"),
    );
    expect(r.inserted).toEqual([3, 4, 6]);
  });

  it("keeps CRLF line endings and a file without a final newline", () => {
    const text = "FROM base\r\nCOPY . .\r\nRUN make deps";
    const r = applyEdit(text, {
      anchor: { line: 2, endLine: 2 },
      before: ["RUN make deps"],
      after: [],
      remove: [{ line: 3, endLine: 3 }],
    });
    expect(r.text).toBe("FROM base\r\nRUN make deps\r\nCOPY . .");
    expect(r.inserted).toEqual([2]);
  });

  it("refuses an edit that does not fit the file", () => {
    const edit = { anchor: { line: 9, endLine: 9 }, before: ["RUN x"], after: [], remove: [] };
    expect(() => applyEdit(DOCKERFILE, edit)).toThrow(EditError);
    const self = {
      anchor: { line: 3, endLine: 3 },
      before: ["RUN x"],
      after: [],
      remove: [{ line: 3, endLine: 3 }],
    };
    expect(() => applyEdit(DOCKERFILE, self)).toThrow(/removes the instruction it inserts around/);
  });
});
