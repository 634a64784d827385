import { describe, expect, it } from "vitest";
import {
  createRedactor,
  MIN_REDACTED_LENGTH,
  redactNullable,
  referenceForms,
} from "../../src/report/redact.js";

describe("createRedactor", () => {
  const redact = createRedactor({
    BASE: "registry.example.com/base:1.2",
    TOKEN: "s3cr3t",
    DEBUG: "1",
    PREFIX: "s3cr",
  });

  it.each([
    {
      name: "expanded FROM in a step name",
      input: "[1/4] FROM registry.example.com/base:1.2",
      want: "[1/4] FROM ${BASE}",
    },
    {
      name: "history RUN line with the value",
      input: "RUN |1 TOKEN=s3cr3t /bin/sh -c make",
      want: "RUN |1 TOKEN=${TOKEN} /bin/sh -c make",
    },
    { name: "longest value first", input: "x s3cr3t y", want: "x ${TOKEN} y" },
    { name: "short values are left alone", input: "exit code: 1", want: "exit code: 1" },
    { name: "every occurrence", input: "s3cr3t s3cr3t", want: "${TOKEN} ${TOKEN}" },
  ])("$name", ({ input, want }) => {
    expect(redact(input)).toBe(want);
  });
});

describe("createRedactor with overlapping values", () => {
  // The shorter value comes first in the object (and so in Object.entries): replacing in that
  // order would leave `${SHORT}3t` behind, and the longer secret's tail in the text.
  const cases = [
    { name: "short first", args: { SHORT: "s3cr", LONG: "s3cr3t" } },
    { name: "long first", args: { LONG: "s3cr3t", SHORT: "s3cr" } },
  ];
  it.each(cases)("the longer value is replaced whole: $name", ({ args }) => {
    const redact = createRedactor(args);
    expect(redact("TOKEN=s3cr3t KEY=s3cr")).toBe("TOKEN=${LONG} KEY=${SHORT}");
  });

  it("a value inside another, given first, with the longer one's tail a secret on its own", () => {
    const redact = createRedactor({ HOST: "example", URL: "https://example.com/x" });
    expect(redact("GET https://example.com/x from example")).toBe("GET ${URL} from ${HOST}");
  });
});

describe("createRedactor at the minimum length", () => {
  it("the minimum is four characters", () => {
    expect(MIN_REDACTED_LENGTH).toBe(4);
  });

  it.each([
    { name: "exactly four characters: redacted", value: "abcd", input: "k=abcd", want: "k=${V}" },
    { name: "three characters: left alone", value: "abc", input: "k=abc", want: "k=abc" },
    { name: "empty: left alone", value: "", input: "k=", want: "k=" },
  ])("$name", ({ value, input, want }) => {
    expect(createRedactor({ V: value })(input)).toBe(want);
  });

  it("with nothing to redact, text passes through untouched", () => {
    const text = "RUN echo ${V} 1 yes";
    expect(createRedactor({})(text)).toBe(text);
    expect(createRedactor({ V: "yes" })(text)).toBe(text);
  });
});

describe("redactNullable", () => {
  const redact = createRedactor({ TOKEN: "s3cr3t" });
  it.each([
    { name: "null stays null", input: null, want: null },
    { name: "text is redacted", input: "a s3cr3t", want: "a ${TOKEN}" },
  ])("$name", ({ input, want }) => {
    expect(redactNullable(redact, input)).toBe(want);
  });
});

describe("createRedactor: what BuildKit rewrites", () => {
  it.each([
    { name: "a short image name", value: "myimg", printed: "FROM docker.io/library/myimg:latest" },
    {
      name: "a Hub user image",
      value: "docker.io/acme/secret-base",
      printed: "FROM docker.io/acme/secret-base:latest",
    },
    {
      name: "index.docker.io",
      value: "index.docker.io/acme/app:1.2",
      printed: "FROM docker.io/acme/app:1.2",
    },
    {
      name: "a private registry without tag",
      value: "reg.example.com/team/app",
      printed: "reg.example.com/team/app:latest",
    },
  ])("$name", ({ value, printed }) => {
    const out = createRedactor({ BASE: value })(printed);
    expect(out).toContain("${BASE}");
    expect(out).not.toContain(value.replace(/^(index\.)?docker\.io\//, ""));
  });

  it("tokens become ***", () => {
    expect(createRedactor({}, ["ghs_abcdef"])("Authorization: token ghs_abcdef")).toBe(
      "Authorization: token ***",
    );
  });
});

// Every spelling docker and BuildKit print for a reference, exactly: a missing one leaves the
// rewritten reference around `${BASE}` (which narrows the value down), an extra one redacts text
// that never held the value.
describe("referenceForms", () => {
  const digest = `@sha256:${"a".repeat(64)}`;
  it.each([
    {
      value: "myimg",
      forms: [
        "docker.io/library/myimg:latest",
        "index.docker.io/library/myimg:latest",
        "library/myimg:latest",
        "docker.io/library/myimg",
      ],
    },
    {
      value: "myimg:1.2",
      forms: ["docker.io/library/myimg:1.2", "index.docker.io/library/myimg:1.2", "library/myimg:1.2"],
    },
    {
      value: `myimg${digest}`,
      forms: [
        `docker.io/library/myimg${digest}`,
        `index.docker.io/library/myimg${digest}`,
        `library/myimg${digest}`,
      ],
    },
    {
      value: `myimg:1.2${digest}`,
      forms: [
        `docker.io/library/myimg:1.2${digest}`,
        `index.docker.io/library/myimg:1.2${digest}`,
        `library/myimg:1.2${digest}`,
      ],
    },
    // A first component without a dot, port or "localhost" is a Hub namespace, not a registry.
    {
      value: "acme/app",
      forms: [
        "docker.io/acme/app:latest",
        "index.docker.io/acme/app:latest",
        "acme/app:latest",
        "docker.io/acme/app",
      ],
    },
    { value: "acme/app:1.2", forms: ["docker.io/acme/app:1.2", "index.docker.io/acme/app:1.2"] },
    { value: "docker.io/library/x:1", forms: ["index.docker.io/library/x:1", "library/x:1"] },
    {
      value: "index.docker.io/acme/app",
      forms: [
        "docker.io/acme/app:latest",
        "index.docker.io/acme/app:latest",
        "acme/app:latest",
        "docker.io/acme/app",
      ],
    },
    // Another registry: only the `:latest` docker adds to an untagged reference.
    { value: "reg.example.com/team/app", forms: ["reg.example.com/team/app:latest"] },
    { value: "reg.example.com:5000/app", forms: ["reg.example.com:5000/app:latest"] },
    { value: "localhost/app", forms: ["localhost/app:latest"] },
    { value: "reg.example.com/team/app:1", forms: [] },
    { value: `reg.example.com/app${digest}`, forms: [] },
    // Not a reference at all: nothing but the value itself is redacted.
    { value: "s3cr3t value", forms: [] },
    { value: "UPPER", forms: [] },
  ])("$value", ({ value, forms }) => {
    expect(referenceForms(value)).toEqual(forms);
  });

  it("a redactor masks each form whole, the longest first", () => {
    const redact = createRedactor({ BASE: "acme/app" });
    expect(redact("FROM docker.io/acme/app:latest")).toBe("FROM ${BASE}");
    expect(redact("index.docker.io/acme/app:latest and acme/app")).toBe("${BASE} and ${BASE}");
  });

  it("a token shorter than the minimum is not redacted, a longer one is", () => {
    expect(createRedactor({}, ["abc", "abcd"])("abc abcd")).toBe("abc ***");
  });
});
