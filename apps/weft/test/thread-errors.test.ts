import { expect, test } from "vitest";
import { fixture, weftProcess, weftProcessWith } from "./cli.js";

test("an error raised on a spawn-thread names its thread and the tasks that started it", () => {
  const r = weftProcess("run", fixture("thread-error.weft"));
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: render exploded\n --> test\/fixtures\/thread-error\.weft:2:15\n/);
  expect(r.stderr).toMatch(
    / {2}= note: raised on thread [1-9]\d*\n {2}= note: from spawn-thread at test\/fixtures\/thread-error\.weft:6:14\n {2}= note: from task spawned at test\/fixtures\/thread-error\.weft:11:5\n$/,
  );
});

test("an error raised in a par-map chunk names the pool thread and the task that called par-map", () => {
  const r = weftProcessWith({ WEFT_PAR_INLINE: "0" }, "run", fixture("par-map-error.weft"));
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: bad particle\n --> test\/fixtures\/par-map-error\.weft:1:29\n/);
  expect(r.stderr).toMatch(/ {2}= note: raised on thread [1-9]\d*\n {2}= note: from par-map\n {2}= note: from task spawned at test\/fixtures\/par-map-error\.weft:5:5\n$/);
});
