import type { Form } from "@weft/reader";

/** Shapes of reader forms the checker matches on. */
export const isSym = (f: Form | undefined): f is Extract<Form, { kind: "symbol" }> => f !== undefined && f.kind === "symbol";
export const isNamed = (f: Form | undefined, name: string): boolean => f !== undefined && f.kind === "symbol" && f.name === name;
