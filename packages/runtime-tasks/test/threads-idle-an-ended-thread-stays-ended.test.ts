import { expect, test } from "vitest";
import { takeSeat } from "../src/threads/idle.js";

// The block's layout (threads/idle.ts): word 0 counts the threads awake, word 1 + s is slot s.
const AWAKE = 1;
const EXITED = 4;

// A thread whose task saw the shared cancel word ends before the cancel message reaches it; the
// message then stirs the ended thread. Its slot must keep saying EXITED (the parent reads it to
// see the end), and the count must not take the thread back.
test("a thread that has ended stays ended in the shared block when a late cancel message stirs it", () => {
  const words = new Int32Array(new SharedArrayBuffer(4 * 8));
  words[0] = 2; // the parent (slot 0) and this thread (slot 1), both awake
  words[1] = AWAKE;
  words[2] = AWAKE;
  const seat = takeSeat({ words, slot: 1 });
  seat.exit(0);
  expect([words[0], words[2]]).toEqual([1, EXITED]);
  seat.stir();
  expect([words[0], words[2]]).toEqual([1, EXITED]);
  expect(seat.exited(1)).toBe(true);
});
