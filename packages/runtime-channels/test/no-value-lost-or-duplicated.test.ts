import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { after, channel, onRecv, onSend, select } from "../src/index.js";

interface Actor {
  readonly kind: "send" | "select-send" | "recv" | "select-recv";
  /** The step at which the operation starts, and the one at which it is aborted, if ever. */
  readonly startAt: number;
  readonly abortAt: number | null;
}

const STEPS = 6;

const actor = fc.record({
  kind: fc.constantFrom("send", "select-send", "recv", "select-recv"),
  startAt: fc.nat(STEPS),
  abortAt: fc.option(fc.nat(STEPS), { nil: null }),
}) as fc.Arbitrary<Actor>;

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("no value is lost or duplicated (Go test/chan/doubleselect.go)", () => {
  test("whatever senders, receivers, selects, aborts and a close do, each sent value is received exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 3),
        fc.array(actor, { minLength: 1, maxLength: 12 }),
        async (capacity, actors) => {
          const ch = channel<number>(capacity);
          const sent: number[] = [];
          const received: number[] = [];
          const controllers = actors.map(() => new AbortController());
          const runs: Promise<void>[] = [];
          const run = async (a: Actor, i: number) => {
            const signal = controllers[i]?.signal;
            try {
              switch (a.kind) {
                case "send":
                  await ch.send(i, signal);
                  sent.push(i);
                  break;
                case "select-send":
                  if ((await select([onSend(ch, i, () => true), after(1, () => false)], { signal })) === true)
                    sent.push(i);
                  break;
                case "recv": {
                  const m = await ch.recv(signal);
                  if (m.some) received.push(m.value);
                  break;
                }
                case "select-recv": {
                  const m = await select([onRecv(ch, (x) => x), after(1, () => undefined)], { signal });
                  if (m?.some) received.push(m.value);
                  break;
                }
              }
            } catch {
              // cancelled, or the channel closed under a sender: nothing was sent or taken
            }
          };
          for (let step = 0; step <= STEPS; step++) {
            actors.forEach((a, i) => a.startAt === step && runs.push(run(a, i)));
            actors.forEach((a, i) => a.abortAt === step && controllers[i]?.abort("cancelled"));
            await tick();
          }
          ch.close();
          await Promise.all(runs);
          for (let m = ch.tryRecv(); m.some; m = ch.tryRecv()) received.push(m.value);
          expect([...received].sort((a, b) => a - b)).toEqual([...sent].sort((a, b) => a - b));
        },
      ),
      { numRuns: 150 },
    );
  });

  test("a blocking channel driven only by trySend and tryRecv is a bounded FIFO queue", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.option(fc.integer(), { nil: null })), (capacity, ops) => {
        const ch = channel<number>(capacity);
        const model: number[] = [];
        for (const op of ops) {
          if (op === null) {
            const m = ch.tryRecv();
            const expected = model.shift();
            expect(m).toEqual(expected === undefined ? { some: false } : { some: true, value: expected });
          } else {
            const accepted = ch.trySend(op);
            expect(accepted).toBe(model.length < capacity);
            if (accepted) model.push(op);
          }
          expect(ch.length).toBe(model.length);
        }
      }),
    );
  });
});
