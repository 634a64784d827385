import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { TOOL_VERSION } from "../src/version.js";

it("TOOL_VERSION matches package.json", async () => {
  const pkg = JSON.parse(await readFile(join(import.meta.dirname, "../package.json"), "utf8")) as {
    version: string;
  };
  expect(TOOL_VERSION).toBe(pkg.version);
});
