import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import { scenario, type Scenario } from "./scenario.js";

const rule = (s: Scenario) => diagnose(scenario(s)).filter((f) => f.rule === "volatile-arg-early");

const EARLY = `
FROM python:3.12-slim
WORKDIR /app
ARG GIT_SHA
RUN echo "$GIT_SHA" > /version
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
`;

describe("volatile-arg-early", () => {
  it("used early: on the line that uses it, seconds are the cold seconds of the steps after it that do not read it", () => {
    const [f, ...rest] = rule({
      dockerfile: EARLY,
      cold: { 4: 0.2, 5: 0.1, 6: 30.5, 7: 0.3 },
      buildArgs: ["GIT_SHA"],
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: 4, severity: "warning", seconds: 30.9 });
    expect(f?.message).toBe(
      'ARG GIT_SHA (line 3) changes from build to build, and `RUN echo "$GIT_SHA" > /version` on line 4 uses it: a new value rebuilds 3 steps after it that do not read it; they took 30.9s in the cold build. This build passed it with --build-arg.',
    );
    expect(f?.fix).toBe(
      '# lines 4–7 first (less the lines below), then, as late as possible:\nARG GIT_SHA\nRUN echo "$GIT_SHA" > /version',
    );
  });

  it("unused but declared before RUNs: they have it in their environment", () => {
    const dockerfile =
      "FROM node:20-slim\nARG BUILD_DATE\nCOPY package.json .\nRUN npm install\nLABEL built=$BUILD_DATE\n";
    const [f] = rule({ dockerfile, cold: { 3: 0.1, 4: 12 } });
    // The COPY before the first RUN does not see the ARG: only the RUN counts.
    expect(f).toMatchObject({ line: 4, seconds: 12 });
    expect(f?.message).toContain("`RUN npm install` on line 4 has it in its environment");
    expect(f?.fix).toBe(
      "# lines 4–5 first (less the lines below), then, as late as possible:\nARG BUILD_DATE\nLABEL built=$BUILD_DATE",
    );
  });

  it("an ENV copy of the ARG counts as a use", () => {
    const dockerfile =
      "FROM alpine:3.20\nARG COMMIT_SHA\nENV REVISION=$COMMIT_SHA\nRUN echo $REVISION > /rev\nRUN apk add --no-cache curl\n";
    const [f] = rule({ dockerfile, cold: { 4: 0.1, 5: 3 } });
    expect(f).toMatchObject({ line: 4, seconds: 3 });
  });

  it.each<Scenario & { name: string }>([
    {
      name: "declared last, used by the LABEL only",
      dockerfile: `
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
`,
    },
    {
      name: "declared just before the one step that needs it",
      dockerfile:
        "FROM alpine:3.20\nRUN apk add --no-cache curl\nARG GIT_SHA\nRUN echo $GIT_SHA > /version\n",
    },
    {
      name: "a tool version pin, not a build stamp",
      dockerfile:
        "FROM debian:bookworm-slim\nARG NODE_VERSION=20.11.0\nRUN curl -fsSL https://nodejs.org/dist/v$NODE_VERSION/node.tar.xz -o /n.tar.xz\nRUN tar -xf /n.tar.xz\n",
    },
    {
      name: "VERSION that no RUN reads",
      dockerfile: "FROM alpine:3.20\nARG VERSION\nRUN apk add --no-cache curl\nLABEL version=$VERSION\n",
    },
    {
      name: "a global ARG only used in FROM",
      dockerfile: "ARG GIT_SHA=main\nFROM alpine:3.20\nRUN apk add --no-cache curl\n",
    },
  ])("silent: $name", (c) => {
    expect(rule(c)).toEqual([]);
  });
});
