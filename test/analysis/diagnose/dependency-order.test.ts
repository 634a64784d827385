import { describe, expect, it } from "vitest";
import { diagnose, explainRebuilds } from "../../../src/analysis/diagnose/index.js";
import { scenario, type Scenario } from "./scenario.js";

const BAD_ORDER = `
ARG BASE=python:3.12-slim
FROM \${BASE}
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
EXPOSE 8000
CMD ["python", "-m", "app.main"]
`;

const GOOD_ORDER = `
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "app.main"]
`;

// examples/multi-stage: dependencies and code in separate stages, joined with COPY --from.
const MULTI_STAGE = `
ARG BASE=python:3.12-slim

FROM \${BASE} AS deps
WORKDIR /build
COPY requirements.txt .
RUN pip install --no-cache-dir --target /build/site-packages -r requirements.txt

FROM \${BASE} AS code
WORKDIR /build
COPY src/ src/
RUN python -m compileall -q src && sleep 1

FROM \${BASE} AS runtime
WORKDIR /app
COPY --from=deps /build/site-packages /usr/local/lib/python3.12/site-packages
COPY --from=code /build/src /app
USER 65534
CMD ["python", "-m", "shop"]
`;

interface Case extends Scenario {
  name: string;
  line: number;
  seconds: number;
  fix: string;
  message: RegExp;
}

describe("dependency-install-after-context-copy", () => {
  it.each<Case>([
    {
      name: "pip install -r after COPY . .",
      dockerfile: BAD_ORDER,
      rebuilt: { 4: 0.2, 5: 41.2 },
      line: 5,
      seconds: 41.2,
      message:
        /^`RUN pip install --no-cache-dir -r requirements.txt` rebuilt after a change to app\/main.py and took 41.2s, because `COPY \. \.` on line 4 copies the whole context before it\.$/,
      fix: "COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .",
    },
    {
      name: "npm ci keeps the copy's --chown and destination",
      dockerfile: `
FROM node:20-slim
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN npm ci --omit=dev
RUN npm run build
`,
      touched: ["src/index.ts"],
      rebuilt: { 3: 0.3, 4: 22.5, 5: 9 },
      line: 4,
      seconds: 22.5,
      message: /change to src\/index.ts and took 22.5s, because `COPY --chown=node:node \. \.` on line 3/,
      fix: "COPY --chown=node:node package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY --chown=node:node . .",
    },
    {
      name: "go mod download after COPY . /src: the install's WORKDIR comes along",
      dockerfile: `
FROM golang:1.22 AS build
COPY . /src
WORKDIR /src
RUN go mod download
RUN go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
`,
      touched: ["cmd/app/main.go"],
      rebuilt: { 2: 0.1, 3: 0, 4: 12, 5: 20, 7: 0.1 },
      line: 4,
      seconds: 12,
      message: /`RUN go mod download` rebuilt .* took 12.0s, because `COPY \. \/src` on line 2/,
      fix: "WORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . /src",
    },
    {
      name: "a directory that contains the touched file",
      dockerfile: `
FROM python:3.12-slim
WORKDIR /app
COPY app/ app/
COPY requirements/ requirements/
RUN pip install -r requirements/prod.txt
`,
      rebuilt: { 3: 0.1, 4: 0.1, 5: 30 },
      line: 5,
      seconds: 30,
      message: /because `COPY app\/ app\/` on line 3 copies app\/, which contains app\/main.py before it/,
      fix: "COPY requirements/ ./requirements/\nRUN pip install -r requirements/prod.txt\nCOPY app/ app/",
    },
    {
      name: "apt-get install reads no manifest: it moves above the copy",
      dockerfile: `
FROM debian:bookworm-slim
COPY . /srv
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
`,
      rebuilt: { 2: 0.1, 3: 14 },
      line: 3,
      seconds: 14,
      message:
        /^`RUN apt-get update && apt-get install .*` rebuilt after a change to app\/main.py and took 14.0s/,
      fix: "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCOPY . /srv",
    },
    {
      name: "poetry install gets --no-root before the code",
      dockerfile: `
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN poetry install --only main
`,
      rebuilt: { 3: 0.1, 4: 18 },
      line: 4,
      seconds: 18,
      message: /`RUN poetry install --only main` rebuilt/,
      fix: [
        "COPY pyproject.toml poetry.lock ./",
        "RUN poetry install --no-root --only main",
        "COPY . .",
        "# if the project itself must be installed too:",
        "RUN poetry install --only-root",
      ].join("\n"),
    },
  ])("$name", (c) => {
    const findings = diagnose(scenario(c)).filter((f) => f.rule === "dependency-install-after-context-copy");
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      line: c.line,
      severity: "warning",
      seconds: c.seconds,
      fix: c.fix,
      bytes: null,
    });
    expect(f?.message).toMatch(c.message);
  });

  it.each<Scenario & { name: string }>([
    { name: "good order: the install stays cached", dockerfile: GOOD_ORDER, rebuilt: { 5: 0.2 } },
    {
      name: "multi-stage: deps stage cached, code stage and COPY --from rebuilt",
      dockerfile: MULTI_STAGE,
      touched: ["src/shop/main.py"],
      rebuilt: { 10: 0.1, 11: 1.3, 16: 0.1 },
    },
    {
      name: "pip install . needs the code",
      dockerfile: `
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
`,
      rebuilt: { 3: 0.1, 4: 25 },
    },
    {
      name: "the touched file is the manifest itself",
      dockerfile: BAD_ORDER,
      touched: ["requirements.txt"],
      rebuilt: { 4: 0.1, 5: 40 },
    },
    { name: "nothing rebuilt", dockerfile: BAD_ORDER },
  ])("silent: $name", (c) => {
    expect(diagnose(scenario(c)).filter((f) => f.rule === "dependency-install-after-context-copy")).toEqual(
      [],
    );
  });
});

describe("explainRebuilds", () => {
  it("splits the bad order into expected and avoidable, with the measured cost", () => {
    const x = explainRebuilds(scenario({ dockerfile: BAD_ORDER, rebuilt: { 4: 0.2, 5: 41.2 } }));
    expect(x.firstInvalidated).toEqual({ name: "[4/9] COPY . .", line: 4, instruction: "COPY . ." });
    expect(x.chain.map((s) => [s.line, s.seconds])).toEqual([[5, 41.2]]);
    expect(x.expected).toEqual([
      { name: "[4/9] COPY . .", line: 4, seconds: 0.2, reason: "copies app/main.py" },
    ]);
    expect(x.avoidable).toEqual([
      {
        name: "[5/9] RUN pip install --no-cache-dir -r requirements.txt",
        line: 5,
        seconds: 41.2,
        instruction: "RUN pip install --no-cache-dir -r requirements.txt",
        reason: "`COPY . .` on line 4 copies the whole context before it",
      },
    ]);
    expect(x.avoidableSeconds).toBe(41.2);
  });

  it("multi-stage: every rebuilt step is expected, none avoidable", () => {
    const x = explainRebuilds(
      scenario({
        dockerfile: MULTI_STAGE,
        touched: ["src/shop/main.py"],
        rebuilt: { 10: 0.1, 11: 1.3, 16: 0.1 },
      }),
    );
    expect(x.firstInvalidated?.line).toBe(10);
    expect(x.expected.map((e) => [e.line, e.reason])).toEqual([
      [10, "copies src/shop/main.py"],
      [11, "runs `python -m compileall`"],
      [16, "copies from code, which rebuilt"],
    ]);
    expect(x.avoidable).toEqual([]);
    expect(x.avoidableSeconds).toBe(0);
  });

  it("pip install . is expected: it installs the project itself", () => {
    const x = explainRebuilds(
      scenario({
        dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
        rebuilt: { 3: 0.1, 4: 25 },
      }),
    );
    expect(x.expected.map((e) => [e.line, e.reason])).toEqual([
      [3, "copies app/main.py"],
      [4, "installs the project itself"],
    ]);
    expect(x.avoidable).toEqual([]);
  });

  it("nothing rebuilt: no first step, empty lists", () => {
    expect(explainRebuilds(scenario({ dockerfile: GOOD_ORDER }))).toEqual({
      firstInvalidated: null,
      chain: [],
      expected: [],
      avoidable: [],
      avoidableSeconds: 0,
    });
  });
});

describe("touch-invalidated", () => {
  const dockerfile = `
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN curl -fsSL https://example.com/model.bin -o /models/model.bin
RUN python -m compileall app
`;
  it("names the rebuilt steps that neither read the code nor install dependencies", () => {
    const [f] = diagnose(scenario({ dockerfile, rebuilt: { 3: 0.1, 4: 5.2, 5: 1 } })).filter(
      (x) => x.rule === "touch-invalidated",
    );
    expect(f).toMatchObject({ line: 3, severity: "notice", seconds: 5.2 });
    expect(f?.message).toContain(
      "`RUN curl -fsSL https://example.com/model.bin -o /models/model.bin` (line 4, 5.2s)",
    );
    expect(f?.fix).toBe(
      "# if they do not read the code, run them before line 3:\nRUN curl -fsSL https://example.com/model.bin -o /models/model.bin\nCOPY . .",
    );
  });

  it("silent when those steps are cheap", () => {
    const findings = diagnose(scenario({ dockerfile, rebuilt: { 3: 0.1, 4: 0.3, 5: 1 } }));
    expect(findings.filter((x) => x.rule === "touch-invalidated")).toEqual([]);
  });

  it("does not repeat an avoidable install", () => {
    const findings = diagnose(scenario({ dockerfile: BAD_ORDER, rebuilt: { 4: 0.2, 5: 41.2 } }));
    expect(findings.filter((x) => x.rule === "touch-invalidated")).toEqual([]);
  });
});
