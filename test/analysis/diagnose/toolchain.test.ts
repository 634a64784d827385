import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import { MB, scenario, type Scenario } from "./scenario.js";

const SINGLE = `
FROM python:3.12
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev curl && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["python", "-m", "app"]
`;

const SKETCH = [
  "# line 3's toolchain stays in the build stage",
  "FROM python:3.12 AS build",
  "WORKDIR /app",
  "RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev curl && rm -rf /var/lib/apt/lists/*",
  "COPY requirements.txt .",
  "RUN python -m venv /opt/venv",
  'ENV PATH="/opt/venv/bin:$PATH"',
  "RUN pip install --no-cache-dir -r requirements.txt",
  "COPY . .",
  "",
  "FROM python:3.12",
  "# plus the run-time library of each -dev package: libpq-dev",
  "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
  "COPY --from=build /opt/venv /opt/venv",
  'ENV PATH="/opt/venv/bin:$PATH"',
  "WORKDIR /app",
  "COPY --from=build /app /app",
  "EXPOSE 8000",
  'CMD ["python", "-m", "app"]',
].join("\n");

const rule = (s: Scenario) => diagnose(scenario(s)).filter((f) => f.rule === "toolchain-in-final-image");

describe("toolchain-in-final-image", () => {
  it("single stage, 240 MB layer: a warning with the layer's bytes and a multi-stage sketch", () => {
    const [f, ...rest] = rule({ dockerfile: SINGLE, layers: { 3: 240 * MB } });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: 3, severity: "warning", bytes: 240 * MB, seconds: null, fix: SKETCH });
    expect(f?.message).toMatch(
      /installs build-essential, libpq-dev into the final image; the layer that installs them is 240 MB\./,
    );
  });

  it("single stage, 30 MB layer: a notice", () => {
    const [f] = rule({ dockerfile: SINGLE, layers: { 3: 30 * MB } });
    expect(f).toMatchObject({ severity: "notice", bytes: 30 * MB });
  });

  it("the final stage inherits FROM the builder: still in the image", () => {
    const dockerfile =
      'FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y gcc make\nFROM build AS final\nCMD ["/app"]\n';
    const [f] = rule({ dockerfile, layers: { 2: 180 * MB } });
    expect(f).toMatchObject({ line: 2, severity: "warning", bytes: 180 * MB });
  });

  it.each<Scenario & { name: string }>([
    {
      name: "multi-stage: the toolchain stays in the builder",
      dockerfile: `
FROM python:3.12 AS build
RUN apt-get update && apt-get install -y build-essential
RUN pip wheel --wheel-dir /wheels -r requirements.txt
FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*
`,
    },
    {
      name: "apk virtual package removed in the same RUN",
      dockerfile:
        "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir cffi && apk del .build-deps\n",
    },
    {
      name: "apt-get purge in the same RUN",
      dockerfile:
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc && pip install --no-cache-dir cffi && apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*\n",
    },
    {
      name: "only runtime packages",
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl libpq5\n",
    },
  ])("silent: $name", (c) => {
    expect(rule(c)).toEqual([]);
  });
});

// Issue 9: the sketch must keep what every line needs, and never copy the toolchain back.
describe("toolchain-in-final-image: one sketch that builds and runs", () => {
  it("two toolchain lines: one finding, and the final stage keeps every run-time package and the user", () => {
    const dockerfile = `
FROM python:3.12
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libpq5 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends libxml2-dev libxml2 curl && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER app
CMD ["gunicorn", "app:app"]
`;
    const findings = rule({ dockerfile, layers: { 3: 40 * MB, 4: 30 * MB } });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ line: 3, severity: "warning", bytes: 70 * MB });
    expect(f?.message).toMatch(
      /\(line 3\) and `RUN apt-get .*` \(line 4\) install gcc, libpq-dev, libxml2-dev into the final image; the layers that install them are 70\.0 MB in all\./,
    );
    const final = f?.fix.split("\n\n")[1]?.split("\n");
    expect(final).toEqual([
      "FROM python:3.12",
      "# plus the run-time library of each -dev package: libpq-dev, libxml2-dev",
      "RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libxml2 curl && rm -rf /var/lib/apt/lists/*",
      "RUN useradd --create-home app",
      "COPY --from=build /opt/venv /opt/venv",
      'ENV PATH="/opt/venv/bin:$PATH"',
      "WORKDIR /app",
      "COPY --from=build /app /app",
      "USER app",
      'CMD ["gunicorn", "app:app"]',
    ]);
  });

  it("node in WORKDIR /: the node_modules npm ci wrote is copied by path, not with the toolchain", () => {
    const dockerfile = `
FROM node:20
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY server.js ./
CMD ["node", "server.js"]
`;
    const [f] = rule({ dockerfile, layers: { 2: 200 * MB } });
    expect(f?.fix).not.toMatch(/COPY --from=build \/ \//);
    expect(f?.fix.split("\n\n")[1]?.split("\n")).toEqual([
      "FROM node:20",
      "RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*",
      "COPY --from=build /node_modules /node_modules",
      "COPY package.json package-lock.json ./",
      "COPY server.js ./",
      'CMD ["node", "server.js"]',
    ]);
  });

  it("WORKDIR /: never COPY --from=build / / (that copies the toolchain); the outputs by path", () => {
    const dockerfile = `
FROM golang:1.22
WORKDIR /
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY . .
RUN go mod download
RUN CGO_ENABLED=1 go build -o /usr/local/bin/server ./cmd/server
EXPOSE 8080
CMD ["server"]
`;
    const [f] = rule({ dockerfile, layers: { 3: 120 * MB } });
    expect(f?.fix).toContain("FROM golang:1.22 AS build\nWORKDIR /\nRUN apt-get");
    expect(f?.fix).not.toMatch(/COPY --from=build \/ \//);
    expect(f?.fix.split("\n\n")[1]?.split("\n")).toEqual([
      "FROM gcr.io/distroless/base-debian12",
      "# (golang:1.22 is itself a toolchain image)",
      "# plus the run-time library of each -dev package: libc6-dev",
      "COPY --from=build /usr/local/bin/server /usr/local/bin/server",
      "COPY . .",
      "EXPOSE 8080",
      'CMD ["server"]',
    ]);
  });
});
