export { compile, UnreadableEntry } from "./pipeline.js";
export type { Compiled, SourceHost, Sources } from "./pipeline.js";
export { renderHuman } from "./render/human.js";
export { toJson } from "./render/json.js";
export type { JsonDiagnostic } from "./render/json.js";
export { styleFor, plain, colored } from "./render/Style.js";
export type { Style } from "./render/Style.js";
export { explain, knownCodes } from "./explain/explain.js";
export { main } from "./main.js";
