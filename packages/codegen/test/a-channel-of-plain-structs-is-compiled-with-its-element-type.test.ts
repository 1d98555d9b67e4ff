import { describe, expect, test } from "vitest";
import { runInNode, runtimesBuilt, testPrograms } from "./run.js";

// `(channel Vec2 n)` passes the element type's schema, so once the channel crosses a thread
// runtime-channels keeps a plain struct's fields inline in its ring; on one thread nothing changes.
const structs = `(defstruct Vec2 (x Float) (y Float))
(defstruct Body (id Int) (pos Vec2) (awake Bool))`;

describe("channels of structs on one thread", () => {
  testPrograms(
    [
      [
        "a bounded and an unbounded channel of nested structs pass them whole, in order",
        `(defn main ()
           (let ((ch (channel Body 2)) (open (channel Vec2 :unbounded)) (mut got []))
             (with-tasks
               (spawn (do (for-each (range 4) (fn (i) (send ch (Body i (Vec2 (* (float i) 0.5) -1.0) (= i 2))))) (close! ch)))
               (for-msg (b ch) (set! got (conj got b))))
             (send open (Vec2 1.0 2.0))
             (println got (recv open))))`,
        "[(Body 0 (Vec2 0.0 -1.0) false) (Body 1 (Vec2 0.5 -1.0) false) (Body 2 (Vec2 1.0 -1.0) true) (Body 3 (Vec2 1.5 -1.0) false)] (Some (Vec2 1.0 2.0))\n",
      ],
    ],
    structs,
  );
});

describe.skipIf(!runtimesBuilt())("channels of structs across threads (built runtimes)", () => {
  test("a spawn-thread sends nested structs over a channel and main receives each one whole", () => {
    const got = runInNode({
      "main.weft": `${structs}
(defn produce (ch n)
  (loop ((i 0)) (when (< i n) (send ch (Body i (Vec2 (* (float i) 0.5) (- 0.0 (float i))) (= 0 (mod i 3)))) (recur (+ i 1))))
  (close! ch))
(defn main ()
  (let ((ch (channel Body 8)))
    (with-tasks
      (spawn-thread (produce ch 1000))
      (let ((mut n 0) (mut whole 0) (mut last (Body 0 (Vec2 0.0 0.0) false)))
        (for-msg (b ch)
          (set! n (+ n 1))
          (set! last b)
          (when (and (= (.x (.pos b)) (* (float (.id b)) 0.5)) (= (.awake b) (= 0 (mod (.id b) 3))))
            (set! whole (+ whole 1))))
        (println n whole last)))))`,
    });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("1000 1000 (Body 999 (Vec2 499.5 -999.0) true)\n");
  });
});
