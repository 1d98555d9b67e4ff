// The far end of the ping-pong stress: for each round it is sent two fresh channels and echoes
// every value from the first into the second until the first closes. It stays alive between
// rounds, so the rounds cost no thread start-up.
import { parentPort, workerData } from "node:worker_threads";

const lib = await import(workerData.bundle);
lib.useProcessHeap(workerData.heap);

async function echo(inbox, outbox) {
  for (;;) {
    let m = inbox.recvNow();
    if (m instanceof lib.Waiting) m = await m.promise;
    if (m === lib.CLOSED) return;
    const sent = outbox.sendNow(m);
    if (sent !== undefined) await sent;
  }
}

parentPort.on("message", (message) => {
  if (message === "stop") {
    lib.processHeap().retire();
    parentPort.close();
    return;
  }
  echo(lib.Channel.fromShared(message.ping), lib.Channel.fromShared(message.pong)).then(
    () => parentPort.postMessage("done"),
    (e) => parentPort.postMessage({ error: String(e?.stack ?? e) }),
  );
});
