import { expect, test } from "vitest";
import { after, channel, onRecv, select } from "../src/index.js";

// Without fairness these exchanges run entirely on the microtask queue, so a timer only fires
// after they stop: each test caps the exchange and checks the timer stopped it first.
const CAP = 1_000_000;

test("a timer fires while two tasks ping-pong on a rendezvous channel (conformance runtime/timers-under-traffic)", async () => {
  const ch = channel<number>(0);
  let fired = false;
  setTimeout(() => (fired = true), 5);
  let exchanged = 0;
  const producer = (async () => {
    while (!fired && exchanged < CAP) await ch.send(1);
    ch.close();
  })();
  for (;;) {
    const m = await ch.recv();
    if (!m.some) break;
    exchanged++;
  }
  await producer;
  expect(fired).toBe(true);
  expect(exchanged).toBeLessThan(CAP);
});

test("a timer fires while a producer fills a buffered channel that a consumer drains", async () => {
  const ch = channel<number>(64);
  let fired = false;
  setTimeout(() => (fired = true), 5);
  let sent = 0;
  const producer = (async () => {
    while (!fired && sent < CAP) await ch.send(sent++);
    ch.close();
  })();
  let received = 0;
  for await (const v of ch) expect(v).toBe(received++);
  await producer;
  expect(fired).toBe(true);
  expect(received).toBe(sent);
  expect(sent).toBeLessThan(CAP);
});

test("a select's after clause fires while its other clause's channel is busy with another pair", async () => {
  const busy = channel<number>(0);
  const quiet = channel<number>(0);
  let stop = false;
  let exchanged = 0;
  const producer = (async () => {
    while (!stop && exchanged < CAP) await busy.send(1);
  })();
  const consumer = (async () => {
    while (!stop && exchanged < CAP) {
      await busy.recv();
      exchanged++;
    }
  })();
  const what = await select([onRecv(quiet, () => "message"), after(5, () => "timed out")]);
  stop = true;
  busy.close();
  await Promise.allSettled([producer, consumer]);
  expect(what).toBe("timed out");
  expect(exchanged).toBeLessThan(CAP);
});
