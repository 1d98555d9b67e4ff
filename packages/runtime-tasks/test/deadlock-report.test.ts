import { describe, expect, test } from "vitest";
import { compiled, withTasks } from "../src/index.js";
import { report } from "../src/deadlock.js";
import { rootScopes } from "../src/Scope.js";

// The lines of a deadlock report, taken while the program's frames are parked the way
// generated code parks them (`parkedAt` on the park branch); each test then lets the waits end,
// so no scope is left open.
const ON_CHANNEL = "waits on a channel (send, recv, select or for-msg)";

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe("a deadlock report lists where each task waits", () => {
  test("a with-tasks body awaiting a task parked in recv: the body's line names the await and the task's names the recv", async () => {
    const g = gate();
    const $main = compiled.current();
    const done = compiled.withTasks(async () => {
      const $task = compiled.current();
      const t = compiled.spawn(() => compiled.parkedAt(g.wait, "d.weft:4:21"), "d.weft:4:14");
      compiled.resume($task, await compiled.parkedAt(compiled.awaitTask(t), "d.weft:5:7"));
    }, "d.weft:2:3");
    await settle();
    expect(await report([...rootScopes()])).toEqual([
      "  body of with-tasks at d.weft:2:3: awaits the task spawned at d.weft:4:14 (at d.weft:5:7)",
      `  task spawned at d.weft:4:14: ${ON_CHANNEL} (at d.weft:4:21)`,
    ]);
    g.open();
    compiled.resume($main, await done);
  });

  test("a body that has returned only waits for its tasks and is not listed; a scope opened by a library call is named as one", async () => {
    const g = gate();
    const done = withTasks((scope) => {
      scope.spawn(() => g.wait);
    });
    await settle();
    expect(await report([...rootScopes()])).toEqual([`  task spawned at (a library call): ${ON_CHANNEL}`]);
    g.open();
    await done;

    const h = gate();
    const body = withTasks(async () => h.wait);
    await settle();
    expect(await report([...rootScopes()])).toEqual([`  body of a with-tasks scope (a library call): ${ON_CHANNEL}`]);
    h.open();
    await body;
  });

  test("a wait that has ended no longer names its site: the body now awaiting a second task is reported at that await, not the first", async () => {
    const first = gate();
    const second = gate();
    const $main = compiled.current();
    const done = compiled.withTasks(async () => {
      const $task = compiled.current();
      const a = compiled.spawn(() => first.wait, "m.weft:3:5");
      const b = compiled.spawn(() => second.wait, "m.weft:4:5");
      compiled.resume($task, await compiled.parkedAt(compiled.awaitTask(a), "m.weft:5:5"));
      compiled.resume($task, await compiled.awaitTask(b));
    }, "m.weft:2:3");
    first.open();
    await settle();
    expect(await report([...rootScopes()])).toEqual([
      "  body of with-tasks at m.weft:2:3: awaits the task spawned at m.weft:4:5",
      `  task spawned at m.weft:4:5: ${ON_CHANNEL}`,
    ]);
    second.open();
    compiled.resume($main, await done);
  });

  test("a wait the frame does not see end (a select) is forgotten by resumeParked, so the next wait is not reported at it", async () => {
    const selected = gate();
    const second = gate();
    const $main = compiled.current();
    const done = compiled.withTasks(async () => {
      const $task = compiled.current();
      const b = compiled.spawn(() => second.wait, "s.weft:3:5");
      compiled.resumeParked($task, await compiled.parkedAt(selected.wait, "s.weft:4:5"));
      compiled.resume($task, await compiled.awaitTask(b));
    }, "s.weft:2:3");
    await settle();
    expect(await report([...rootScopes()])).toEqual([
      `  body of with-tasks at s.weft:2:3: ${ON_CHANNEL} (at s.weft:4:5)`,
      `  task spawned at s.weft:3:5: ${ON_CHANNEL}`,
    ]);
    selected.open();
    await settle();
    expect(await report([...rootScopes()])).toEqual([
      "  body of with-tasks at s.weft:2:3: awaits the task spawned at s.weft:3:5",
      `  task spawned at s.weft:3:5: ${ON_CHANNEL}`,
    ]);
    second.open();
    compiled.resume($main, await done);
  });

  test("a task waiting for a with-tasks of its own to end says so, and that scope's body and tasks follow", async () => {
    const g = gate();
    const $main = compiled.current();
    const done = compiled.withTasks(async () => {
      compiled.spawn(async () => {
        const $task = compiled.current();
        compiled.resume($task, await compiled.withTasks(() => {
          compiled.spawn(() => compiled.parkedAt(g.wait, "n.weft:5:16"), "n.weft:5:9");
        }, "n.weft:4:7"));
      }, "n.weft:3:5");
    }, "n.weft:2:3");
    await settle();
    expect(await report([...rootScopes()])).toEqual([
      "  task spawned at n.weft:3:5: waits for the with-tasks at n.weft:4:7 to end",
      `  task spawned at n.weft:5:9: ${ON_CHANNEL} (at n.weft:5:16)`,
    ]);
    g.open();
    compiled.resume($main, await done);
  });

  test("a task that ended while a sibling started with it still waits is not listed", async () => {
    const g = gate();
    const $main = compiled.current();
    const done = compiled.withTasks(() => {
      compiled.spawn(async () => 1, "b.weft:3:5");
      compiled.spawn(() => compiled.parkedAt(g.wait, "b.weft:4:12"), "b.weft:4:5");
      compiled.spawn(async () => 3, "b.weft:5:5");
    }, "b.weft:2:3");
    await settle();
    expect(await report([...rootScopes()])).toEqual([`  task spawned at b.weft:4:5: ${ON_CHANNEL} (at b.weft:4:12)`]);
    g.open();
    compiled.resume($main, await done);
  });
});
