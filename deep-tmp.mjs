import { read } from "@weft/reader";
const { check } = await import(process.argv[2]);
for (const n of [500, 1000, 2000]) {
  const src = `(defn inc1 (x) (+ x 1))\n(defn main () (-> 1 ${Array(n).fill("inc1").join(" ")}))`;
  const r = check({ entry: "m.weft", files: new Map([["m.weft", read("m.weft", src).forms]]) });
  console.log(n, r.diagnostics.map((d) => d.code + " " + d.message.slice(0, 80)).join("; ") || "ok");
}
