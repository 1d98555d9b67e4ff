// What the stress workers do with a channel. A producer sends its range of Ints (or of particles,
// `kind: "particle"`); a consumer receives until the channel closes and counts every value it got
// in the shared tally `seen` (so the test sees any loss or duplicate), and a particle that arrived
// torn or of the wrong class in the tally's last word. `lib` is the workers' bundle (entry.ts).

export async function produce(lib, ch, from, count, kind) {
  for (let i = from; i < from + count; i++) {
    const r = ch.sendNow(kind === "particle" ? lib.particle(i) : i);
    if (r !== undefined) await r;
  }
}

export async function consume(lib, ch, seen, kind) {
  const torn = seen.length - 1;
  for (;;) {
    let m = ch.recvNow();
    if (m instanceof lib.Waiting) m = await m.promise;
    if (m === lib.CLOSED) return;
    if (kind === "particle") {
      if (!lib.whole(m)) Atomics.add(seen, torn, 1);
      Atomics.add(seen, m.id, 1);
    } else Atomics.add(seen, m, 1);
  }
}
