import type { Encoded } from "./codec.js";
import { gcError } from "./errors.js";
import type { SharedHeap } from "./SharedHeap.js";

// Layout of a heap block holding an encoded value (Int32 word offsets from the payload).
const W_BYTES = 0; // byte length of the encoded bytes
const W_STRINGS = 1; // number of strings in the table after them
const W_HANDLES = 2; // how many of those strings, at the end, are handle descriptors (JSON)
const BYTES_AT = 16; // bytes start 8-aligned, so flat blocks stay aligned in place

const align = (n: number, a: number) => (n + a - 1) & ~(a - 1);

/**
 * Copies an encoded value into one block of the shared heap (strings as UTF-16 after the bytes)
 * and returns the block, count 1. An atom keeps its current value like this; any thread can
 * `loadEncoded` it. Handles (an atom or channel inside the value) are stored as their
 * descriptors minus the heap, which must be this heap: `{ heap, ...rest }` with `rest` plain
 * JSON, as the atoms and channels packages make them.
 */
export function storeEncoded(heap: SharedHeap, e: Encoded): number {
  // The block takes over each handle's in-flight reference (HandleTable) in a pointer word.
  const refs: number[] = [];
  const handles = e.handles.map((h) => {
    const data = h.data as { heap?: { buffer?: unknown }; ref?: unknown } | null;
    if (typeof data !== "object" || data === null || data.heap?.buffer !== heap.buffer)
      throw gcError("notShareable", `a "${h.kind}" handle whose state is not in this heap, inside a heap-stored value`);
    if (typeof data.ref === "number") refs.push(data.ref);
    const { heap: _, ...rest } = data;
    return JSON.stringify({ kind: h.kind, rest });
  });
  const strings = handles.length === 0 ? e.strings : [...e.strings, ...handles];
  const front = align(4 * refs.length, 8);
  let size = front + BYTES_AT + align(e.bytes.byteLength, 4);
  for (const s of strings) size += 4 + align(2 * s.length, 4);
  const block = heap.alloc(size, refs.length);
  const i32 = heap.i32;
  for (let i = 0; i < refs.length; i++) i32[(block >> 2) + i] = refs[i]!;
  const ptr = block + front;
  i32[(ptr >> 2) + W_BYTES] = e.bytes.byteLength;
  i32[(ptr >> 2) + W_STRINGS] = strings.length;
  i32[(ptr >> 2) + W_HANDLES] = handles.length;
  heap.u8.set(e.bytes, ptr + BYTES_AT);
  let at = ptr + BYTES_AT + align(e.bytes.byteLength, 4);
  const u16 = new Uint16Array(heap.buffer, 0, heap.buffer.byteLength >> 1);
  for (const s of strings) {
    i32[at >> 2] = s.length;
    at += 4;
    for (let i = 0, h = at >> 1; i < s.length; i++) u16[h + i] = s.charCodeAt(i);
    at += align(2 * s.length, 4);
  }
  return block;
}

/**
 * The encoded value in a block `storeEncoded` wrote, with its bytes viewed in place (no copy),
 * ready for `decode` or `decodeFlat`. The caller must hold a reference to the block meanwhile.
 */
export function loadEncoded(heap: SharedHeap, block: number): Encoded {
  heap.checkLive(block);
  const ptr = block + align(4 * heap.refsOf(block), 8);
  const i32 = heap.i32;
  const n = i32[(ptr >> 2) + W_BYTES]!;
  const count = i32[(ptr >> 2) + W_STRINGS]!;
  const handleCount = i32[(ptr >> 2) + W_HANDLES]!;
  const bytes = new Uint8Array(heap.buffer, ptr + BYTES_AT, n);
  const u16 = new Uint16Array(heap.buffer, 0, heap.buffer.byteLength >> 1);
  const strings: string[] = [];
  let at = ptr + BYTES_AT + align(n, 4);
  for (let k = 0; k < count; k++) {
    const len = i32[at >> 2]!;
    at += 4;
    let s = "";
    for (let i = 0; i < len; i += 4096) s += String.fromCharCode(...u16.subarray((at >> 1) + i, (at >> 1) + Math.min(len, i + 4096)));
    strings.push(s);
    at += align(2 * len, 4);
  }
  if (handleCount === 0) return { bytes, strings, handles: [] };
  const handles = strings.splice(count - handleCount).map((json) => {
    const { kind, rest } = JSON.parse(json) as { kind: string; rest: object };
    // The block keeps the handle's reference: a handle revived from here retains its own.
    return { kind, data: { heap: heap.descriptor(), ...rest, borrowed: true } };
  });
  return { bytes, strings, handles };
}
