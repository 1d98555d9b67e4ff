#!/usr/bin/env node
// The standard library (LANGUAGE.md §4.1) in compiled Weft against what a JavaScript programmer
// writes for the same job, on the same input (built once by the Weft program), interleaved rounds:
//   (a) sort-by: 20,000 structs by a Float key (stable) vs Array.prototype.sort with a comparator;
//   (b) group-by: 20,000 structs into 16 groups vs a JS Map of arrays;
//   (c) text: 10,000 Floats through format-float, pad-left and join vs toFixed/padStart/join;
//   (d) random-int: 1,000,000 draws summed vs Math.floor(Math.random() * n);
//   (e) insert: a map of 20,000 Int keys built one insert at a time in a Weft loop vs a JS Map
//       filled with set (each insert is a new immutable map; the JS Map is mutated).
//
//   npm run build && node bench/stdlib/stdlib.bench.mjs
import { header, interleaved, table, weftProgram } from "../lib/measure.mjs";

header("standard library");

const w = await weftProgram(
  "stdlib",
  `
(defstruct Item (id Int) (weight Float) (team Int))

(defn items (n)
  (seed-random! 7)
  (map (range n) (fn (i) (Item i (random) (random-int 16)))))

(defn by-weight (xs) (sort-by xs (fn (i) (.weight i))))
(defn by-team (xs) (group-by xs (fn (i) (.team i))))
(defn text (xs) (join (map xs (fn (i) (pad-left (format-float (.weight i) 3) 8 " "))) ","))
(defn draws (n) (loop ((i 0) (acc 0)) (if (= i n) acc (recur (+ i 1) (+ acc (random-int 100))))))
(defn index (n) (loop ((i 0) (m {})) (if (= i n) m (recur (+ i 1) (insert m i (* i 2))))))
`,
);

const xs = w.items(20_000);

const rowsA = await interleaved([
  { name: "weft sort-by", run: () => w.by$minusweight(xs) },
  { name: "js sort", run: () => [...xs].sort((a, b) => a.weight - b.weight) },
]);
table("(a) sort 20,000 structs by a Float field", rowsA, "js sort");

const rowsB = await interleaved([
  { name: "weft group-by", run: () => w.by$minusteam(xs) },
  {
    name: "js Map of arrays",
    run: () => {
      const m = new Map();
      for (const x of xs) {
        const g = m.get(x.team);
        if (g) g.push(x);
        else m.set(x.team, [x]);
      }
      return m;
    },
  },
]);
table("(b) group 20,000 structs into 16 groups", rowsB, "js Map of arrays");

const small = xs.slice(0, 10_000);
const rowsC = await interleaved([
  { name: "weft format/pad/join", run: () => w.text(small) },
  { name: "js toFixed/padStart/join", run: () => small.map((i) => i.weight.toFixed(3).padStart(8, " ")).join(",") },
]);
table("(c) format 10,000 Floats into one string", rowsC, "js toFixed/padStart/join");

const rowsD = await interleaved([
  { name: "weft random-int", run: () => w.draws(1_000_000) },
  {
    name: "js Math.random",
    run: () => {
      let acc = 0;
      for (let i = 0; i < 1_000_000; i++) acc = (acc + Math.floor(Math.random() * 100)) | 0;
      return acc;
    },
  },
]);
table("(d) 1,000,000 random Ints summed", rowsD, "js Math.random");

const rowsE = await interleaved([
  { name: "weft insert loop", run: () => w.index(20_000) },
  {
    name: "js Map set",
    run: () => {
      const m = new Map();
      for (let i = 0; i < 20_000; i++) m.set(i, i * 2);
      return m;
    },
  },
]);
table("(e) a map of 20,000 keys, one insert at a time", rowsE, "js Map set");
