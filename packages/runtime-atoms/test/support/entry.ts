// What the swap worker imports: this package and the gc functions it needs, from one bundle.
export * from "../../src/index.js";
export { processHeap, useProcessHeap } from "@weft/gc";
