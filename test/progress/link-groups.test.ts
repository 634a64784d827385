// `COPY --link` in plain logs: buildx prints its progress group as one block, the Docker 20.10
// client (which predates groups) prints the copy and the `LINK` merge as two blocks. Either way
// it is one step, like the instruction. Hand-made in the 20.10 client's shape; the captured logs
// are checked in fixtures-modern.test.ts.
import { describe, expect, it } from "vitest";
import { linkedStepName } from "../../src/progress/groups.js";
import { brief, D, parse } from "./plain-helpers.js";

const block = (n: number, name: string, ...content: string[]) => [
  "",
  `#${n} ${name}`,
  `#${n} ${D(String(n % 10))}`,
  ...content.map((c) => `#${n} ${c}`),
];

describe("plain: COPY --link's two blocks are one step", () => {
  it.each([
    { case: "both ran", copy: "DONE 0.2s", link: "DONE 0.1s", want: { status: "done", seconds: 0.3 } },
    { case: "both cached", copy: "CACHED", link: "CACHED", want: { status: "cached", seconds: null } },
    {
      case: "copy cached, merge redone",
      copy: "CACHED",
      link: "DONE 0.1s",
      want: { status: "done", seconds: 0.1 },
    },
  ] as const)("$case", ({ copy, link, want }) => {
    const t = parse([
      ...block(5, "[2/3] COPY --link app.py .", copy),
      ...block(6, "[3/3] RUN make", "DONE 1.0s"),
      ...block(7, "[2/3] LINK COPY --link app.py .", link),
    ]);
    expect(brief(t)).toEqual([
      { key: "#5", name: "[2/3] COPY --link app.py .", ...want },
      { key: "#6", name: "[3/3] RUN make", status: "done", seconds: 1 },
    ]);
    expect(t.steps[0]).toMatchObject({ instruction: "COPY --link app.py .", index: { i: 2, n: 3 } });
  });

  it("a failed merge fails the step, with its message and output", () => {
    const t = parse([
      ...block(5, "[2/3] COPY --link app.py .", "DONE 0.2s"),
      ...block(7, "[2/3] LINK COPY --link app.py .", "0.1 oops", "ERROR: merge failed"),
    ]);
    expect(t.steps).toHaveLength(1);
    expect(t.steps[0]).toMatchObject({ status: "error", error: "merge failed", logTail: ["oops"] });
  });

  it("two stages with the same COPY --link text stay apart (the prefix differs)", () => {
    const t = parse([
      ...block(5, "[a 2/2] COPY --link x .", "DONE 0.1s"),
      ...block(6, "[b 2/2] COPY --link x .", "DONE 0.1s"),
      ...block(7, "[b 2/2] LINK COPY --link x .", "DONE 0.1s"),
      ...block(8, "[a 2/2] LINK COPY --link x .", "CACHED"),
    ]);
    expect(brief(t).map((s) => [s.name, s.seconds])).toEqual([
      ["[a 2/2] COPY --link x .", 0.1],
      ["[b 2/2] COPY --link x .", 0.2],
    ]);
  });
});

describe("linkedStepName", () => {
  it.each([
    { name: "[2/3] LINK COPY --link a .", want: "[2/3] COPY --link a ." },
    { name: "[linux/arm64 build 4/5] LINK ADD --link x /x", want: "[linux/arm64 build 4/5] ADD --link x /x" },
    { name: "[2/3] COPY --link a .", want: null },
    { name: "[2/3] RUN echo LINK COPY", want: null },
    { name: "LINK COPY a .", want: null },
  ])("$name", ({ name, want }) => {
    expect(linkedStepName(name)).toBe(want);
  });
});
