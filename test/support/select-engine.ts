// Vitest setup file of the engine project: points process.env at the engine DCB_ENGINE selects before
// any test file loads, so the tests and every process they spawn use it (see ./engine.ts).
import { currentEngine } from "./engine.js";

currentEngine();
