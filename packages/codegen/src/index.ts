export { generate } from "./generate.js";
export type { JsModule, SourceMapV3, GenerateOptions } from "./JsModule.js";
export { mangle, jsString } from "./Mangle.js";
