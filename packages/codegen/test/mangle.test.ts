import { describe, expect, test } from "vitest";
import { jsString, mangle } from "../src/index.js";
import { run } from "./run.js";

describe("names and strings in generated JS", () => {
  test.each([
    ["vec+", "vec$plus"],
    ["swap!", "swap$bang"],
    ["->", "$minus$gt"],
    ["class", "class$"],
    ["eval", "eval$"],
    ["arguments", "arguments$"],
    ["undefined", "undefined$"],
    ["Object", "Object$"],
    ["__proto__", "__proto__$"],
    ["a\u2028b", "a$u2028_b"],
    ["a`b", "a$tickb"],
    ["main", "main"],
  ])("the Weft name %j mangles to the identifier %s", (name, js) => {
    expect(mangle(name)).toBe(js);
    expect(() => new Function(`let ${mangle(name)} = 1;`)).not.toThrow();
  });

  test.each([
    ["backticks", "a`b`c"],
    ["a template hole", "${process.exit(1)}"],
    ["a closing script tag", "</script><script>alert(1)</script>"],
    ["line and paragraph separators", "x\u2028y\u2029z"],
    ["quotes and backslashes", "\"'\\"],
    ["an astral character", "😀"],
    ["a lone surrogate", "\ud800"],
  ])("a string with %s stays one literal holding exactly that text", (_name, s) => {
    const js = jsString(s);
    expect(js).toMatch(/^"[\x20-\x7e]*"$/);
    expect(js).not.toContain("</");
    expect(new Function(`return ${js};`)()).toBe(s);
  });

  test("a program using reserved words and globals as names runs and prints its strings unchanged", async () => {
    const src = `
(defstruct Object (class Int) (eval String))
(defn arguments (undefined) (+ undefined 1))
(defn this-> (x) (str x "!"))
(defn main ()
  (let ((function (Object 1 "\`\${x}\`"))
        (new "</script>\u{2028}end"))
    (println (arguments (.class function)))
    (println (.eval function))
    (println new)
    (println (this-> "ok"))
    (println function)))`;
    const { stdout, error } = await run({ "names.weft": src });
    expect(error).toBeUndefined();
    expect(stdout).toBe(`2\n\`\${x}\`\n</script>\u2028end\nok!\n(Object 1 "\`\${x}\`")\n`);
  });

  // (U+2028 is whitespace to the reader, so a name cannot hold a JS line terminator.)
  test("a non-ASCII name and fields named __proto__ and constructor compile to ordinary properties", async () => {
    const src = "(defstruct P (__proto__ Int) (constructor Int))\n(defn a\u00e9\u200db (x) (+ x 1))\n" +
      "(defn main () (println (a\u00e9\u200db 1)) (println (P 1 2)) (println (.constructor (P 3 4))))";
    const { stdout, error } = await run({ "u.weft": src });
    expect(error).toBeUndefined();
    expect(stdout).toBe("2\n(P 1 2)\n4\n");
  });
});
