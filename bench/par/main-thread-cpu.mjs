// Run by par-map.bench.mjs in a child process with WEFT_PAR_INLINE=0, so that every element of
// (a)'s frames goes to the pool: the main thread's own CPU time per frame (from
// /proc/self/task/<pid>/stat, Linux only, in 10 ms ticks summed over every round), i.e. what
// par-map costs the thread that calls it beyond the work, against compiled `map`'s CPU per
// frame (all of it on the main thread). Unlike wall time, this does not move with the load of
// other processes. Prints one JSON line: ms per frame, or null where /proc is missing.
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [file] = process.argv.slice(2);
const stat = `/proc/self/task/${process.pid}/stat`;
if (!existsSync(stat)) {
  console.log("null");
  process.exit(0);
}
const { $fn } = await import(pathToFileURL(file).href);
// utime + stime of this thread alone (fields 14 and 15 of stat, after the command name).
const mainCpuMs = () => {
  const f = readFileSync(stat, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};
const ents = $fn.entities(10_000);
const FRAMES = 30;
const ROUNDS = 15;
const spent = { map: 0, par: 0 };
for (let r = 0; r < ROUNDS + 2; r++) {
  for (const k of ["map", "par"]) {
    const t0 = mainCpuMs();
    await $fn[k === "map" ? "frames$minusmap" : "frames$minuspar"](ents, FRAMES);
    if (r >= 2) spent[k] += mainCpuMs() - t0;
  }
}
console.log(
  JSON.stringify([
    { name: "par-map, every element on the pool: the main thread's CPU", ms: spent.par / ROUNDS / FRAMES },
    { name: "map: the main thread's CPU", ms: spent.map / ROUNDS / FRAMES },
  ]),
);
process.exit(0);
