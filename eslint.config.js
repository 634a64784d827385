import js from "@eslint/js";
import tseslint from "typescript-eslint";

const CORE_LOG = {
  selector:
    "MemberExpression[object.name='core'][property.name=/^(info|debug|warning|notice|error|setFailed|startGroup|endGroup|group|setOutput|summary)$/]",
  message: "Log through src/action/log.ts (redaction and workflow-command escaping live there).",
};
const CLI_WRITES = [
  {
    selector: "CallExpression[callee.property.name='write'][callee.object.property.name=/^(stdout|stderr)$/]",
    message: "Write through the CliOutput (src/cli/output.ts): redaction and control characters live there.",
  },
  {
    selector: "MemberExpression[object.name='console']",
    message: "Write through the CliOutput (src/cli/output.ts): redaction and control characters live there.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "coverage/",
      "test/fixtures/",
      "examples/",
      "reports/",
      ".stryker-tmp/",
      "stryker-setup-*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // One writer for the Action's log (src/action/log.ts): redaction, control characters and
    // workflow-command escaping happen there, so nothing else may call core's loggers.
    files: ["src/**"],
    ignores: ["src/action/log.ts"],
    rules: { "no-restricted-syntax": ["error", CORE_LOG] },
  },
  {
    // And one for the CLI (src/cli/output.ts): redaction and control characters stripped there.
    files: ["src/cli/**", "src/cli.ts"],
    ignores: ["src/cli/output.ts"],
    rules: { "no-restricted-syntax": ["error", CORE_LOG, ...CLI_WRITES] },
  },
  {
    // Pure modules never reach for the Actions toolkit: they take data and return data.
    files: ["src/progress/**", "src/dockerfile/**", "src/analysis/**", "src/compare/**", "src/report/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@actions/*", "node:child_process", "node:fs", "node:fs/promises"] },
      ],
    },
  },
);
