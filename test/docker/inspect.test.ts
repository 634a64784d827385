import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { instructionFromCreatedBy, parseHistory } from "../../src/docker/inspect.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/docker");

describe("parseHistory on real docker history output", () => {
  it("returns layers in build order with sizes that add up to the image size", async () => {
    const layers = parseHistory(await readFile(join(FIXTURES, "history-python-bad-order.jsonl"), "utf8"));
    const [, size] = (await readFile(join(FIXTURES, "inspect-python-bad-order.txt"), "utf8"))
      .trim()
      .split("|");
    expect(layers[0]?.instruction).toBe("COPY busybox /bin/busybox");
    expect(layers.at(-1)?.instruction).toBe('CMD ["python" "-m" "app.main"]');
    expect(layers.reduce((t, l) => t + l.sizeBytes, 0)).toBe(Number(size));
    const pip = layers.find((l) => l.instruction.startsWith("RUN pip install"));
    expect(pip).toMatchObject({
      instruction: "RUN pip install --no-cache-dir -r requirements.txt",
      sizeBytes: 1638400,
      emptyLayer: false,
    });
    expect(layers.find((l) => l.instruction === "WORKDIR /app")?.emptyLayer).toBe(true);
    expect(layers.find((l) => l.instruction === "COPY . .")?.emptyLayer).toBe(false);
  });
});

describe("instructionFromCreatedBy", () => {
  it.each([
    {
      name: "BuildKit RUN",
      createdBy: "RUN /bin/sh -c pip install -r r.txt # buildkit",
      want: "RUN pip install -r r.txt",
    },
    { name: "BuildKit COPY", createdBy: "COPY . . # buildkit", want: "COPY . ." },
    { name: "BuildKit metadata", createdBy: "WORKDIR /app", want: "WORKDIR /app" },
    {
      name: "BuildKit RUN with build args",
      createdBy: "RUN |2 A=1 B=2 /bin/sh -c make # buildkit",
      want: "RUN make",
    },
    {
      name: "classic builder nop",
      createdBy: "/bin/sh -c #(nop) COPY file:abc in /app ",
      want: "COPY file:abc in /app",
    },
    { name: "classic builder RUN", createdBy: "/bin/sh -c apt-get update", want: "RUN apt-get update" },
  ])("$name", ({ createdBy, want }) => {
    expect(instructionFromCreatedBy(createdBy)).toBe(want);
  });
});
