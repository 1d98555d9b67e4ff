// What the stress workers import: this package and the gc functions they need, from one bundle.
export * from "../../src/index.js";
export { processHeap, useProcessHeap } from "@weft/gc";
export { particle, whole } from "./particle.js";
