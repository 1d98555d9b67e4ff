// The hand-chunked piscina baseline of the entity frame: what a JavaScript programmer writes
// for speed, entities as five float64s each (id, pos.x, pos.y, vel.x, vel.y) in a
// SharedArrayBuffer, each task stepping entities [from, to) of `src` into `dst`.
const drag = (v) => {
  let s = v;
  for (let k = 0; k < 500; k++) s *= 0.999;
  return s;
};

export default function step({ src, dst, from, to }) {
  const a = new Float64Array(src);
  const b = new Float64Array(dst);
  for (let i = from, q = from * 5; i < to; i++, q += 5) {
    const vx = drag(a[q + 3]);
    const vy = drag(a[q + 4]) - 0.16;
    b[q] = a[q];
    b[q + 1] = a[q + 1] + vx * 0.016;
    b[q + 2] = a[q + 2] + vy * 0.016;
    b[q + 3] = vx;
    b[q + 4] = vy;
  }
  return to - from;
}
