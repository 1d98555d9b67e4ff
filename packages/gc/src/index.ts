export { encode, decode, decodeFlat, plainLayout, FlatVec, type Encoded, type CodecOptions } from "./codec.js";
export { S, schemaKey, substitute, type Schema } from "./Schema.js";
export type { PlainLayout, PlainField } from "./PlainLayout.js";
export {
  TypeRegistry,
  registry,
  type ValueClass,
  type StructLayout,
  type EnumLayout,
  type KeywordAdapter,
  type MapAdapter,
  type ErrorAdapter,
  type LambdaTable,
  type FunctionTable,
  type RegisteredType,
} from "./TypeRegistry.js";
export { SHARE, isSharedHandle, type SharedHandle, type HandleDescriptor, type HandleReviver } from "./SharedHandle.js";
export {
  EMPTY_BITS,
  REF_HI,
  TAG_REF,
  inlineBits,
  inlineValue,
  isNumberBits,
  lastNumber,
  numberBits,
  refBits,
  refOf,
} from "./boxedWord.js";
export {
  boxedSlot,
  SharedHeap,
  BlockHandle,
  type SharedHeapDescriptor,
  type SharedHeapOptions,
  type HeapStats,
  type VerifyReport,
} from "./SharedHeap.js";
export { Arena, withArena, arenaPoolSize, type ArenaKind } from "./Arena.js";
export { GcError, gcError, errors, MAX_ARENA_LENGTH } from "./errors.js";
export { storeEncoded, loadEncoded } from "./heapCodec.js";
export { HandleTable, type HandleRef } from "./HandleTable.js";
export { processHeap, useProcessHeap } from "./processHeap.js";
export {
  allocFlat,
  backWith,
  flatBlockOf,
  flatLayout,
  flatMember,
  builtElements,
  flatVector,
  flatViews,
  peekElement,
  NUMBERS,
  BOOLS,
  plainTagOf,
  shareFlat,
  type FlatBlock,
  type FlatViews,
} from "./FlatBlock.js";
export { topLevel, TopLevelValues, ModuleValues, type Shipment, type ShippedModule } from "./TopLevelValues.js";
