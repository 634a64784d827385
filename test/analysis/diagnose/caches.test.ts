import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import type { Finding } from "../../../src/report/schema.js";
import { MB, scenario, type Scenario } from "./scenario.js";

const APT_FIX = [
  "RUN apt-get update \\",
  "    && apt-get install -y --no-install-recommends curl git \\",
  "    && rm -rf /var/lib/apt/lists/*",
].join("\n");

interface Case extends Scenario {
  name: string;
  rule: string;
  expected: Partial<Finding>[];
  message?: RegExp;
}

const of = (c: Case) => diagnose(scenario(c)).filter((f) => f.rule === c.rule);

describe("apt-update-separate and apt-lists-left", () => {
  it.each<Case>([
    {
      name: "update in its own RUN: separate, and its layer is the lists",
      rule: "apt-lists-left",
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl git\n",
      layers: { 2: 42 * MB, 3: 30 * MB },
      expected: [{ line: 2, severity: "warning", bytes: 42 * MB, seconds: null, fix: APT_FIX }],
      message:
        /^`RUN apt-get update` leaves \/var\/lib\/apt\/lists\/\* in the image; they are the whole 42.0 MB layer/,
    },
    {
      name: "update in its own RUN: the separate-layer finding",
      rule: "apt-update-separate",
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl git\n",
      expected: [{ line: 2, severity: "warning", fix: APT_FIX }],
      message: /`RUN apt-get install -y curl git` on line 3 installs from them/,
    },
    {
      name: "one RUN without rm: the layer is reported, not claimed as the lists' size",
      rule: "apt-lists-left",
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl git\n",
      layers: { 2: 60 * MB },
      expected: [{ line: 2, severity: "warning", bytes: null, fix: APT_FIX }],
      message: /its layer, which holds them, is 60.0 MB/,
    },
    {
      name: "no image history: a notice",
      rule: "apt-lists-left",
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl git\n",
      layers: null,
      expected: [{ line: 2, severity: "notice", bytes: null }],
    },
    {
      name: "the recommended RUN",
      rule: "apt-lists-left",
      dockerfile:
        "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
      layers: { 2: 9 * MB },
      expected: [],
    },
    {
      name: "lists on a cache mount",
      rule: "apt-lists-left",
      dockerfile:
        "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
      layers: { 2: 9 * MB },
      expected: [],
    },
    {
      name: "a builder stage's lists never reach the image",
      rule: "apt-lists-left",
      dockerfile:
        "FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y gcc\nRUN gcc -o /app main.c\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\n",
      expected: [],
    },
    {
      name: "update and install together: not separate",
      rule: "apt-update-separate",
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
      expected: [],
    },
  ])("$name", (c) => {
    const findings = of(c);
    expect(findings).toHaveLength(c.expected.length);
    c.expected.forEach((e, i) => expect(findings[i]).toMatchObject(e));
    if (c.message) expect(findings[0]?.message).toMatch(c.message);
  });
});

describe("apk-cache-left and pip-cache-left", () => {
  it.each<Case>([
    {
      name: "apk add without --no-cache",
      rule: "apk-cache-left",
      dockerfile: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
      layers: { 2: 8 * MB },
      expected: [{ line: 2, severity: "warning", bytes: null, fix: "RUN apk add --no-cache curl" }],
      message: /apk's index and package cache .* Its layer, the cache included, is 8.00 MB\.$/,
    },
    {
      name: "apk add --no-cache",
      rule: "apk-cache-left",
      dockerfile: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
      expected: [],
    },
    {
      name: "apk cache removed in the same RUN",
      rule: "apk-cache-left",
      dockerfile: "FROM alpine:3.20\nRUN apk add curl && rm -rf /var/cache/apk/*\n",
      expected: [],
    },
    {
      name: "pip install without --no-cache-dir",
      rule: "pip-cache-left",
      dockerfile:
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN python -m pip install -r requirements.txt\n",
      layers: { 3: 120 * MB },
      expected: [
        {
          line: 3,
          severity: "warning",
          fix: "RUN python -m pip install --no-cache-dir -r requirements.txt\n# or once for every pip in the image:\nENV PIP_NO_CACHE_DIR=1",
        },
      ],
      message: /pip's download and wheel cache .* is 120 MB\.$/,
    },
    {
      name: "pip with --no-cache-dir",
      rule: "pip-cache-left",
      dockerfile: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
      layers: { 2: 20 * MB },
      expected: [],
    },
    {
      name: "PIP_NO_CACHE_DIR in the environment",
      rule: "pip-cache-left",
      dockerfile: "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
      layers: { 3: 20 * MB },
      expected: [],
    },
    {
      name: "pip cache on a cache mount",
      rule: "pip-cache-left",
      dockerfile: "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
      layers: { 2: 20 * MB },
      expected: [],
    },
    {
      name: "a small layer cannot hold a cache worth mentioning",
      rule: "pip-cache-left",
      dockerfile: "FROM python:3.12-slim\nRUN pip install six\n",
      layers: { 2: 300_000 },
      expected: [],
    },
    {
      name: "pip in a builder stage",
      rule: "pip-cache-left",
      dockerfile:
        "FROM python:3.12 AS build\nRUN pip install --target /deps flask\nFROM python:3.12-slim\nCOPY --from=build /deps /deps\n",
      expected: [],
    },
  ])("$name", (c) => {
    const findings = of(c);
    expect(findings).toHaveLength(c.expected.length);
    c.expected.forEach((e, i) => expect(findings[i]).toMatchObject(e));
    if (c.message) expect(findings[0]?.message).toMatch(c.message);
  });
});
