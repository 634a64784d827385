import { describe, expect, it } from "vitest";
import { contextCopies, parseDockerfile, reachCalculator } from "../../src/dockerfile/index.js";

function reach(lines: string[], path: string, target?: string) {
  const model = parseDockerfile(lines.join("\n"));
  const r = reachCalculator(model, contextCopies(model, target), target)(path);
  return { lines: r.steps.map((i) => i.line), first: r.firstCopy?.line ?? null };
}

describe("reach: the steps a change to a context file reruns", () => {
  it.each([
    {
      name: "from the first copy that takes it to the end of the stage",
      df: ["FROM x", "WORKDIR /app", "COPY app/ app/", "RUN pip install", "ENV A=1", "COPY .env ."],
      path: "app/main.py",
      want: { lines: [3, 4, 6], first: 3 },
    },
    {
      name: "a file copied last reruns that copy only",
      df: ["FROM x", "WORKDIR /app", "COPY app/ app/", "RUN pip install", "COPY .env ."],
      path: ".env",
      want: { lines: [5], first: 5 },
    },
    {
      name: "a file no copy takes reruns nothing",
      df: ["FROM x", "COPY app/ app/"],
      path: "docs/a.md",
      want: { lines: [], first: null },
    },
    {
      name: "FROM <stage> reruns the whole child stage; COPY --from from its line",
      df: [
        "FROM x AS base",
        "COPY src/ /src/",
        "FROM base AS test",
        "RUN make test",
        "FROM y",
        "RUN apk add z",
        "COPY --from=base /src /src",
        "RUN ls",
      ],
      path: "src/a.c",
      want: { lines: [2, 7, 8], first: 2 },
    },
    {
      name: "RUN --mount from a rerun stage reruns from that RUN",
      df: [
        "FROM x AS deps",
        "COPY go.mod .",
        "RUN go mod download",
        "FROM x",
        "WORKDIR /w",
        "RUN --mount=type=bind,from=deps,source=/go,target=/go go build",
      ],
      path: "go.mod",
      want: { lines: [2, 3, 6], first: 2 },
    },
  ])("$name", ({ df, path, want }) => {
    expect(reach(df, path)).toEqual(want);
  });

  it("stages the target does not build are not counted", () => {
    const df = [
      "FROM x AS a",
      "COPY src/ /src/",
      "RUN build",
      "FROM y AS b",
      "COPY src/ /s/",
      "FROM z",
      "RUN echo",
    ];
    expect(reach(df, "src/a.c", "b")).toEqual({ lines: [5], first: 5 });
    expect(reach(df, "src/a.c")).toEqual({ lines: [], first: null });
  });
});
