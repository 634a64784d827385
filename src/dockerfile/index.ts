export * from "./model.js";
export { parseDockerfile, type ParseOptions } from "./parse.js";
export { contextCopies, imageBase, stagesForTarget, targetStage } from "./stages.js";
export { buildkitStageName, lineForStep, numberedInstructions, type StepRef } from "./steps.js";
export { createIgnoreMatcher, dockerignoreCandidates } from "./ignore.js";
export {
  contextCopyMatcher,
  copySourceCovers,
  copySourceMatcher,
  hasWildcards,
  literalRoot,
  type SourceMatcher,
} from "./glob.js";
export { reachCalculator, type Reach } from "./reach.js";
