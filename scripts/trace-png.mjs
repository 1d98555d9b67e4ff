#!/usr/bin/env node
// Draws a `--trace` file as a timeline picture: one band per Weft thread, one row per track
// (task) in it, slices nested by depth. Writes OUT.svg, and OUT.png when a headless Chromium is
// installed (`apt-get install chromium`) — the picture in the README is made this way.
//
//   node scripts/trace-png.mjs TRACE.json OUT.png [--from MS] [--to MS]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { from: { type: "string" }, to: { type: "string" } } });
const [input, output] = positionals;
if (!input || !output?.endsWith(".png")) {
  process.stderr.write("usage: node scripts/trace-png.mjs TRACE.json OUT.png [--from MS] [--to MS]\n");
  process.exit(2);
}
const events = JSON.parse(readFileSync(input, "utf8")).traceEvents;

// Slices as [start, end] in ms per track, from B/E pairs and X events.
const procName = new Map();
const trackName = new Map();
const slices = [];
const open = new Map();
for (const e of events) {
  const track = `${e.pid}/${e.tid}`;
  if (e.ph === "M" && e.name === "process_name") procName.set(e.pid, e.args.name);
  // Locations as file names, not the absolute paths a trace holds.
  if (e.ph === "M" && e.name === "thread_name") trackName.set(track, e.args.name.replace(/(?:\/[^/ ]+)+\/([^/ ]+)/g, "$1"));
  if (e.ph === "B") (open.get(track) ?? open.set(track, []).get(track)).push(e);
  if (e.ph === "E") {
    const b = open.get(track)?.pop();
    if (b) slices.push({ pid: e.pid, track, name: b.name, start: b.ts / 1000, end: e.ts / 1000 });
  }
  if (e.ph === "X") slices.push({ pid: e.pid, track, name: e.name, start: e.ts / 1000, end: (e.ts + e.dur) / 1000 });
  if (e.ph === "i") slices.push({ pid: e.pid, track, name: e.name, start: e.ts / 1000, end: e.ts / 1000, instant: true });
}
const from = values.from !== undefined ? Number(values.from) : Math.min(...slices.map((s) => s.start));
const to = values.to !== undefined ? Number(values.to) : Math.max(...slices.map((s) => s.end));
const shown = slices.filter((s) => s.end >= from && s.start <= to);

// Depth within a track: a slice sits one below every slice of its track that encloses it.
const byTrack = new Map();
for (const s of shown) (byTrack.get(s.track) ?? byTrack.set(s.track, []).get(s.track)).push(s);
for (const list of byTrack.values()) {
  list.sort((a, b) => a.start - b.start || b.end - a.end);
  const stack = [];
  for (const s of list) {
    while (stack.length > 0 && stack.at(-1).end < s.start) stack.pop();
    s.depth = stack.length;
    if (!s.instant) stack.push(s);
  }
}

const colours = { task: "#4e79a7", "with-tasks": "#a0cbe8", "spawn-thread": "#59a14f", "par-map": "#f28e2b", "par-for-each": "#ffbe7d", "par-map chunk": "#e15759", recv: "#bab0ac", send: "#9c755f", select: "#b07aa1", "atom retry": "#ff0000" };
const colour = (name) => colours[name] ?? (name.startsWith("task") ? colours.task : "#76b7b2");
const width = 1400;
const left = 230;
const rowH = 14;
const x = (ms) => left + ((Math.min(Math.max(ms, from), to) - from) / (to - from)) * (width - left - 20);
const tracks = [...byTrack.keys()].sort((a, b) => {
  const [pa, ta] = a.split("/").map(Number);
  const [pb, tb] = b.split("/").map(Number);
  return pa - pb || ta - tb;
});
const parts = [];
let y = 40;
let lastPid;
for (const track of tracks) {
  const pid = Number(track.split("/")[0]);
  if (pid !== lastPid) {
    y += 8;
    parts.push(`<text x="8" y="${y + 12}" font-weight="bold">${procName.get(pid) ?? `thread ${pid - 1}`}</text>`);
    y += 18;
    lastPid = pid;
  }
  const list = byTrack.get(track);
  const depth = Math.max(0, ...list.map((s) => s.depth)) + 1;
  parts.push(`<text x="20" y="${y + 11}" fill="#555">${trackName.get(track) ?? (track.endsWith("/0") ? "thread" : `track ${track}`)}</text>`);
  for (const s of list) {
    const sy = y + s.depth * rowH;
    if (s.instant) parts.push(`<path d="M${x(s.start)} ${sy} l4 ${rowH - 2} l-8 0 z" fill="${colour(s.name)}"><title>${s.name}</title></path>`);
    else parts.push(`<rect x="${x(s.start)}" y="${sy}" width="${Math.max(1, x(s.end) - x(s.start))}" height="${rowH - 2}" fill="${colour(s.name)}"><title>${s.name} ${(s.end - s.start).toFixed(3)} ms</title></rect>`);
  }
  y += depth * rowH + 6;
}
const legend = Object.entries(colours).map(([name, c], i) => `<rect x="${left + i * 115}" y="12" width="10" height="10" fill="${c}"/><text x="${left + 14 + i * 115}" y="21">${name}</text>`);
const height = y + 30;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="21" font-weight="bold">${from.toFixed(1)}–${to.toFixed(1)} ms</text>
${legend.join("\n")}
${parts.join("\n")}
<line x1="${left}" x2="${width - 20}" y1="${height - 20}" y2="${height - 20}" stroke="#999"/>
<text x="${left}" y="${height - 6}">${from.toFixed(1)} ms</text><text x="${width - 90}" y="${height - 6}">${to.toFixed(1)} ms</text>
</svg>`;
const svgFile = output.replace(/\.png$/, ".svg");
writeFileSync(svgFile, svg);
try {
  execFileSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", `--screenshot=${output}`, `--window-size=${width},${height}`, svgFile], { stdio: "ignore" });
  process.stdout.write(`wrote ${svgFile} and ${output}\n`);
} catch {
  process.stdout.write(`wrote ${svgFile} (no headless chromium for the PNG: apt-get install chromium)\n`);
}
