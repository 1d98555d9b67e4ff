export { Keyword, kw } from "./Keyword.js";
export { WeftError, isCatchable, fail, errorMessage, errors, raiseError } from "./WeftError.js";
export { Some, NoneVariant, None, Ok, Err, some, ok, err, fromOption } from "./Variants.js";
export type { Option, Result } from "./Variants.js";
export { WeftMap, canonicalKey } from "./WeftMap.js";
export { showFloat, showInt, showBool, showKeyword, showUnit, quote, display } from "./Show.js";
export { divInt, modInt, modFloat, absInt, toInt } from "./Numbers.js";
export * from "./Collections.js";
export * from "./Dictionaries.js";
export { println, print, str, setOutput, exitWhenFlushed } from "./Print.js";
export { closure, defonce } from "./Closure.js";
export type { Closure, Box } from "./Closure.js";
export { registerCodec } from "./Codec.js";
export type { CodecRegistry } from "./Codec.js";
export { named, registerDicts, reviveDict } from "./DictName.js";
export type { DictDesc } from "./DictName.js";
export { round, inc, dec, minOf, maxOf, clamp, sum } from "./Maths.js";
export { type Clock, VirtualClock, clock, realClock, useClock } from "./Clock.js";
export { seedRandom, random, randomInt, randomSeedForWorker, seedRandomFromParent, nowMs } from "./Random.js";
export * from "./Strings.js";
export * from "./Vectors.js";
export * from "./Maps.js";
export {
  type TraceEvent,
  finishTrace,
  startTrace,
  trace,
  traceBegin,
  traceEnd,
  traceInstant,
  traceNow,
  tracePid,
  traceSpan,
  traceTrackName,
} from "./Trace.js";
