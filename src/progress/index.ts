export type { BuildTrace, ProgressFormat, ProgressParser, StepStatus, TraceStep } from "./model.js";
export { LOG_TAIL_LINES } from "./model.js";
export { createProgressParser, detectFormat, parseProgressLines, parseProgressText } from "./detect.js";
export { createPlainParser } from "./plain.js";
export { createRawjsonParser, secondsBetween } from "./rawjson.js";
export { isInstructionName, normalizeStepName, parseStepName, stripDigests } from "./names.js";
export type { StepName } from "./names.js";
export { cleanLine } from "./lines.js";
