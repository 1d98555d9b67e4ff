import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { decodeSource } from "@weft/reader";
import { compile, type SourceHost } from "../src/pipeline.js";
import { renderHuman } from "../src/render/human.js";

/**
 * Golden tests of diagnostics written for a person: the sig note, the *because* and the help of
 * an argument of the wrong type, one report for a name that makes later fields unknown, E0303's
 * help for a MutVec, E0007 for bytes that are not UTF-8, and why a file cannot be read.
 * `WEFT_UPDATE_GOLDEN=1 npx vitest run test/diagnostics-golden.test.ts` rewrites the files.
 */
const cases: [string, string | Uint8Array][] = [
  ["sig-note-at-operand", `(sig speed (Fn (Int) Int))
(defn speed (x) (* x 1.5))`],
  ["sig-note-at-argument", `(sig greet (Fn (Int) String))
(defn greet (n) (str "hi " (upper-case n)))`],
  ["argument-because-and-parse-help", `(defn add (a b) (+ a b))
(defn main () (println (add 1 "two")))`],
  ["argument-str-help", `(defn shout ((s String)) (upper-case s))
(defn main () (println (shout 42)))`],
  ["unbound-name-no-field-cascade", `(defstruct Ent (pos Float) (hp Int))
(defstruct Bullet (pos Float) (hp Int))
(defn main ()
  (for-each (live-ents) (fn (e) (println (.pos e) (.hp e))))
  (println (map (live-ents) (fn (e) (+ (.pos e) (float (.hp e)))))))`],
  ["e0303-mutvec-help", `(defn main ()
  (let ((mut hits (mut-vec)))
    (with-tasks (spawn (push! hits 1)))))`],
  ["e0007-invalid-utf8", new Uint8Array([...Buffer.from('(defn main ()\n  (println "caf'), 0xe9, ...Buffer.from('"))\n')])],
];

function host(files: Record<string, string | Uint8Array>): SourceHost {
  return {
    readFile: (p) => {
      const f = files[p];
      return f === undefined ? undefined : typeof f === "string" ? f : decodeSource(p, f);
    },
    whyUnreadable: (p) => (files[p] === undefined ? "no such file" : undefined),
  };
}

function render(file: string, files: Record<string, string | Uint8Array>): string {
  const compiled = compile(file, host(files), { generate: false });
  return compiled.diagnostics.map((d) => renderHuman(d, compiled.sources)).join("\n");
}

describe("rendered diagnostics for a person", () => {
  test.each(cases)("%s renders as its golden file", (name, text) => {
    const path = new URL(`golden/polish/${name}.txt`, import.meta.url);
    const out = render(`${name}.weft`, { [`${name}.weft`]: text });
    if (process.env.WEFT_UPDATE_GOLDEN === "1" || !existsSync(path)) writeFileSync(path, out);
    expect(out).toBe(readFileSync(path, "utf8"));
    expect(out).not.toBe("");
  });

  test("an import that cannot be read says why", () => {
    const out = render("main.weft", { "main.weft": `(import "./gone.weft" f)\n(defn main () (f))` });
    expect(out.split("\n")[0]).toBe("error[E0100]: cannot read the imported file `gone.weft`: no such file");
  });

  test("a local that shadows a sig's parameter gets no note at the sig", () => {
    const out = render("main.weft", { "main.weft": `(sig greet (Fn (Int) String))\n(defn greet (n) (let ((n 1.5)) (upper-case n)))` });
    expect(out.split("\n")[0]).toBe("error[E0101]: the 1st argument of `upper-case` must be a String, but it is a Float");
    expect(out).not.toContain("because the sig says so");
  });

  test("a line or paragraph separator between forms is whitespace, not an invisible name", () => {
    expect(render("main.weft", { "main.weft": "(defn main ()\u2028(println 1))\u2029(defn other () 2)" })).toBe("");
  });
});
