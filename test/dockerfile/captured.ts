// Dockerfiles of the captured step names in steps.test.ts (see the note there), byte for
// byte as they were built.
export const df = (...lines: string[]) => lines.join("\n") + "\n";

export const SINGLE = df(
  "ARG BASE=python:3.12-slim",
  "FROM ${BASE}",
  "ENV A=1",
  "LABEL x=y",
  "WORKDIR /app",
  "ARG FOO=bar",
  "COPY requirements.txt .",
  "RUN echo $FOO \\",
  "    && echo cont",
  "COPY . .",
  "EXPOSE 80",
  'CMD ["sh"]',
);

export const MULTI = df(
  "# comment",
  "ARG BASE=python:3.12-slim",
  "ARG STAGE=builder",
  "FROM ${BASE} AS Builder",
  "WORKDIR /src",
  'SHELL ["/bin/sh", "-c"]',
  "VOLUME /data",
  "STOPSIGNAL SIGTERM",
  "HEALTHCHECK CMD true",
  "ONBUILD RUN echo hi",
  'ENTRYPOINT ["sh"]',
  "MAINTAINER me",
  "COPY requirements.txt .",
  "RUN pip install -r requirements.txt",
  "ADD app.py /src/",
  "FROM ${BASE}",
  "RUN echo unnamed",
  "FROM ${BASE} AS unused",
  "RUN echo unused",
  "FROM ${BASE} AS runtime",
  "COPY --from=builder /src /app",
  "COPY --from=0 /src/app.py /app2/",
  "RUN --mount=type=bind,from=builder,target=/x ls /x",
  "COPY . /app",
);

export const UNNAMED = df(
  "ARG BASE=python:3.12-slim",
  "ARG NAME=dyn",
  "ARG SRC=app.py",
  "FROM ${BASE}",
  "RUN echo zero > /zero",
  "FROM ${BASE} AS dyn",
  "RUN echo dyn",
  "FROM ${BASE}",
  "ARG SRC",
  "COPY --from=0 /zero /z",
  "RUN echo 1 && echo 1",
  ...[2, 3, 4, 5, 6, 7, 8].map((n) => `RUN echo ${n}`),
  "COPY ${SRC} /app/",
  'COPY ["app.py", "/app/x.py"]',
);

export const FROM_STAGE = df(
  "ARG BASE=python:3.12-slim",
  "FROM ${BASE} AS base",
  "WORKDIR /app",
  "RUN echo base > /b",
  "FROM base AS child",
  "ENV X=1",
  "RUN echo child",
  "COPY app.py .",
  "FROM scratch AS final",
  "COPY --from=child /b /b",
  "COPY app.py /",
);

export const QUOTES = df(
  "ARG BASE=python:3.12-slim",
  "FROM ${BASE}",
  'ENV GREETING="hello world"',
  "ARG V=1.0",
  "RUN echo \"quoted $GREETING\" 'single $V' \\$HOME ${V:-x} ${UNSET:-dflt} > /a",
  'RUN ["sh", "-c", "echo json $V"]',
  'COPY --chown=0:0 ["app.py", "/app/"]',
  'COPY app.py /app/"q.py"',
  "RUN echo a \\",
  "# comment inside",
  "    b",
  "",
  "RUN echo after blank",
);

/** The same instruction twice: only the `[i/n]` index tells the two steps apart (captured 2026-12-01). */
export const REPEATED = df("ARG BASE=python:3.12-slim", "FROM ${BASE}", "RUN echo make", "RUN echo make");

export const BASE_ARGS = { BASE: "docker-cache-bench/base:local" };
