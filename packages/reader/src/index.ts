export type { Span } from "./Span.js";
export { span, cover } from "./Span.js";
export type { Diagnostic, Label, Severity } from "./Diagnostic.js";
export { error, warning, hasErrors } from "./Diagnostic.js";
export type { Form, FormKind, FormOf } from "./Form.js";
export { LineTable } from "./LineTable.js";
export { read, type ReadResult } from "./read.js";
export { decodeSource, type Decoded } from "./decode.js";
