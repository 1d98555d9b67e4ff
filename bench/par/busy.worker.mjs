// The hand-chunked piscina baseline's worker: the same ~10 µs of float work per element as the
// Weft `busy` function, over one chunk [from, to).
export function busy(i) {
  let acc = 0;
  for (let k = 0; k < 5000; k++) acc += Math.sqrt(k);
  return acc + i;
}

export default function chunk({ from, to }) {
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = busy(i);
  return out;
}
