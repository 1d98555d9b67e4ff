/**
 * `@weft/typeck-shareable`: forms to the typed core IR.
 *
 * ```ts
 * const { program, diagnostics } = check({ entry: "main.weft", files: new Map([["main.weft", forms]]) });
 * ```
 */
export { check, importsOf } from "./check/Driver.js";
export { showType } from "./check/Show.js";
export type * from "./IR.js";
export type { Type, PrimitiveTypeName } from "./Type.js";
export { PRIMITIVE_TYPES } from "./Type.js";
export { STDLIB } from "./check/Stdlib.js";
export type { StdlibEntry } from "./check/Stdlib.js";
export { SUGAR_FORMS } from "./check/Sugar.js";
export { ASSERTION_FAILED } from "./check/Tests.js";
