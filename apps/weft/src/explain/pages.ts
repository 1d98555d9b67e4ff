/** One `weft explain CODE` page: what the code means, a program that has it, and the fix. */
export interface ExplainPage {
  readonly title: string;
  readonly why: string;
  readonly wrong: string;
  readonly right: string;
}

export const pages: Readonly<Record<string, ExplainPage>> = {
  E0001: {
    title: "unclosed delimiter",
    why: "A `(`, `[` or `{` is never closed. The error points at the opener; the reader then skips to the next top-level form.",
    wrong: "(defn main ()\n  (println \"hi\")",
    right: "(defn main ()\n  (println \"hi\"))",
  },
  E0002: {
    title: "unterminated string",
    why: "A string literal runs to the end of the file. Nothing after its opening quote can be read, so it is reported alone.",
    wrong: '(println "hello)',
    right: '(println "hello")',
  },
  E0003: {
    title: "invalid escape in a string",
    why: "Strings know the escapes \\n \\t \\r \\0 \\\\ \\\" and \\u{HEX} (a Unicode code point). Any other backslash sequence is an error.",
    wrong: '(println "C:\\path")',
    right: '(println "C:\\\\path")',
  },
  E0007: {
    title: "source file is not UTF-8",
    why: "Weft source files are UTF-8. A byte sequence that is not UTF-8 (a file saved as Latin-1 or Windows-1252, say `caf\\xE9`) would be read as U+FFFD and silently change a string or a name, so the reader reports where the first one is.",
    wrong: "; saved as Latin-1: the é of (println \"café\") is the single byte 0xE9",
    right: '(println "café") ; saved as UTF-8',
  },
  E0004: {
    title: "invalid number literal",
    why: "A token that starts with a digit (or `-` and a digit) is a number and must be a valid one. Int is 32-bit signed (-2147483648 to 2147483647); a Float needs a digit on both sides of its `.`.",
    wrong: "(def speed 12abc)\n(def big 2147483648)\n(def half .5)",
    right: "(def speed 12)\n(def big 2147483647)\n(def half 0.5)",
  },
  E0005: {
    title: "unexpected closing delimiter",
    why: "A `)`, `]` or `}` closes nothing, or closes a different kind of bracket than the one open.",
    wrong: "(defn b () 1))",
    right: "(defn b () 1)",
  },
  E0006: {
    title: "map literal with an odd number of forms",
    why: "A map literal holds key-value pairs, so it needs an even number of forms.",
    wrong: "(def stats {:hp 10 :mp})",
    right: "(def stats {:hp 10 :mp 3})",
  },
  E0100: {
    title: "unbound name",
    why: "The name is not defined here: not a local binding, a top-level definition of this module, an imported name, or a built-in. Check the spelling, or import it.",
    wrong: "(let ((speed 3))\n  (println spede))",
    right: "(let ((speed 3))\n  (println speed))",
  },
  E0101: {
    title: "type mismatch",
    why: "An expression has a different type than where it is used expects. The message says why that type was expected: an argument of a call, a struct field, a branch of an `if`, a `sig`. Int and Float never convert implicitly.",
    wrong: "(defstruct Vec2 (x Float) (y Float))\n(defn main () (println (Vec2 1 2.0)))",
    right: "(defstruct Vec2 (x Float) (y Float))\n(defn main () (println (Vec2 1.0 2.0)))   ; or (Vec2 (float n) 2.0)",
  },
  E0103: {
    title: "wrong number of arguments",
    why: "A function or constructor is called with more or fewer arguments than it takes.",
    wrong: "(defn add (a b) (+ a b))\n(defn main () (println (add 1)))",
    right: "(defn add (a b) (+ a b))\n(defn main () (println (add 1 2)))",
  },
  E0104: {
    title: "unknown type",
    why: "A type name in an annotation or a struct field is not a built-in type, a `defstruct`, or a `defenum` in scope.",
    wrong: "(defstruct Player (pos Vector3))",
    right: "(defstruct Vector3 (x Float) (y Float) (z Float))\n(defstruct Player (pos Vector3))",
  },
  E0105: {
    title: "unknown field or constructor",
    why: "The struct has no such field, or no struct or enum defines that constructor. When several structs share a field name and the value's type is not known yet, annotate it with `the` or a typed parameter.",
    wrong: "(defstruct Vec2 (x Float) (y Float))\n(defn main () (println (.z (Vec2 1.0 2.0))))",
    right: "(defstruct Vec2 (x Float) (y Float))\n(defn main () (println (.y (Vec2 1.0 2.0))))",
  },
  E0106: {
    title: "duplicate definition",
    why: "A module defines the same top-level name twice. The second definition is reported, with a note at the first.",
    wrong: "(defn spawn-enemy () 1)\n(defn spawn-enemy () 2)",
    right: "(defn spawn-enemy () 1)\n(defn spawn-boss () 2)",
  },
  E0107: {
    title: "malformed special form",
    why: "A special form (`let`, `fn`, `if`, `match`, `defstruct`…) is missing a part or has one of the wrong shape.",
    wrong: "(let (x 1) x)",
    right: "(let ((x 1)) x)",
  },
  E0108: {
    title: "no instance of a class for a type",
    why: "An operation needs a class instance the type does not have: `+` needs Num (Int or Float), `<` needs Ord. Write an `instance`, or use a type that has one. Map keys are the class `MapKey` (LANGUAGE.md §4): Int, String, Keyword, Bool, and structs or enums of them; `{1.5 1}` or a function as a key is E0108 where the map is made, and cannot be fixed with an instance (key a Float by `(int (* x 100))` or a struct of Ints instead).",
    wrong: "(defstruct Sprite (name String))\n(defn main () (println (+ (Sprite \"a\") (Sprite \"b\"))))",
    right: "(defstruct Sprite (name String))\n(defn main () (println (Sprite (str \"a\" \"b\"))))",
  },
  E0109: {
    title: "infinite type",
    why: "Inference would need a type that contains itself, such as a function applied to itself or a vector that contains itself.",
    wrong: "(fn (f) (f f))",
    right: "(fn (f x) (f x))",
  },
  E0201: {
    title: "`set!` on an immutable binding",
    why: "Bindings are immutable unless declared `mut`. Declare it `mut`, or bind a new name.",
    wrong: "(let ((lives 3))\n  (set! lives 2))",
    right: "(let ((mut lives 3))\n  (set! lives 2))",
  },
  E0301: {
    title: "non-Shareable value crosses a task or thread boundary",
    why: "What `spawn`, `spawn-thread`, `race`, `timeout`, `par-map` and `par-for-each` run may run concurrently, so everything it captures must be Shareable: no MutVec, no Task, and no closure that captures a `mut` binding. The notes show why the value is not Shareable.",
    wrong: "(let ((hits (mut-vec)))\n  (with-tasks\n    (spawn (push! hits 1))))",
    right: "(let ((hits (atom [])))\n  (with-tasks\n    (spawn (swap! hits conj 1))))",
  },
  E0302: {
    title: "non-Shareable value sent on a channel",
    why: "A value sent on a channel may be received on another thread, so it must be Shareable. Send an immutable copy instead (`freeze` a MutVec).",
    wrong: "(let ((ch (channel (MutVec Int) 1)) (buf (mut-vec)))\n  (send ch buf))",
    right: "(let ((ch (channel (Vec Int) 1)) (buf (mut-vec)))\n  (send ch (freeze buf)))",
  },
  E0303: {
    title: "`mut` binding captured across a task boundary",
    why: "A `mut` binding could be reassigned by two tasks at once. Share state through an atom, or copy the value into an immutable binding before the boundary.",
    wrong: "(let ((mut score 0))\n  (with-tasks\n    (spawn (set! score (+ score 10)))))",
    right: "(let ((score (atom 0)))\n  (with-tasks\n    (spawn (swap! score + 10))))",
  },
  E0305: {
    title: "user instance of `Shareable`",
    why: "Shareable is derived by the compiler from a type's structure; a program cannot declare it, since a wrong instance would let a data race compile.",
    wrong: "(defstruct Handle (id Int))\n(instance (Shareable Handle))",
    right: "(defstruct Handle (id Int))   ; already Shareable: all its fields are",
  },
  E0310: {
    title: "`spawn` outside `with-tasks`",
    why: "Every task belongs to a scope that waits for it (structured concurrency). Open one with `with-tasks` around the `spawn`.",
    wrong: "(defn start-music ()\n  (spawn (println \"la\")))",
    right: "(defn start-music ()\n  (with-tasks\n    (spawn (println \"la\"))))",
  },
  E0311: {
    title: "a closure that spawns escapes its `with-tasks`",
    why: "A closure that calls `spawn` joins the scope it was written in; once that scope has ended there is nothing to join. Do not return, store, send or hand such a closure to a task.",
    wrong: "(defn make-spawner ()\n  (with-tasks\n    (fn () (spawn (println \"late\")))))",
    right: "(defn play ()\n  (with-tasks\n    (let ((start (fn () (spawn (println \"now\")))))\n      (start))))",
  },
  E0320: {
    title: "a function that can suspend where none may",
    why: "`par-map` and `par-for-each` run their function on worker threads synchronously, and `swap!` may run its function several times: none of them may suspend (`sleep`, `send`, `recv`, `await`…).",
    wrong: "(let ((a (atom 0)))\n  (swap! a (fn (x) (sleep 1) (+ x 1))))",
    right: "(let ((a (atom 0)))\n  (sleep 1)\n  (swap! a (fn (x) (+ x 1))))",
  },
  E0322: {
    title: "a function that can suspend where an annotation says none does",
    why: "In an annotation (a struct field, a `sig`'s parameters, `the`, a parameter, a class method) a function type without `:suspends` is one that never suspends: code that calls it does not wait. Declare `(Fn (A) B :suspends)` (or `LocalFn`) to hold functions that `send`, `sleep` or `await`; a function that does not suspend fits there too.",
    wrong: "(defstruct Handler (on-hit (Fn (Int) Unit)))\n(defn make (ch) (Handler (fn (dmg) (send ch dmg))))",
    right: "(defstruct Handler (on-hit (Fn (Int) Unit :suspends)))\n(defn make (ch) (Handler (fn (dmg) (send ch dmg))))",
  },
  W0321: {
    title: "`swap!` function does I/O",
    why: "`swap!` retries its function when another thread changed the atom first, so I/O in it may happen more than once.",
    wrong: "(let ((hp (atom 10)))\n  (swap! hp (fn (h) (println \"hit\") (- h 1))))",
    right: "(let ((hp (atom 10)))\n  (swap! hp (fn (h) (- h 1)))\n  (println \"hit\"))",
  },
  E0330: {
    title: "arena value escapes its `with-arena`",
    why: "Everything allocated in an arena is freed when its `with-arena` exits, so such a value (or a closure capturing one) cannot be returned, stored outside, put in an atom, sent, or captured by a task. Copy the data out with `freeze`.",
    wrong: "(defn leak ()\n  (with-arena (frame)\n    (arena-vec frame 10 0)))",
    right: "(defn keep ()\n  (with-arena (frame)\n    (freeze (arena-vec frame 10 0))))",
  },
  E0401: {
    title: "non-exhaustive `match`",
    why: "A `match` must handle every value of its type. The message lists the missing cases; add them, or a `_` arm.",
    wrong: "(defenum Dir North South East West)\n(defn dx (d) (match d (East 1) (West -1)))",
    right: "(defenum Dir North South East West)\n(defn dx (d) (match d (East 1) (West -1) (_ 0)))",
  },
  E0501: {
    title: "`recur` not in tail position",
    why: "`recur` jumps back to the start of its `loop` and can only be the last thing evaluated: the last form of a body, a branch of `if`, a `match` arm or `cond` branch — never inside a call or a `try` body.",
    wrong: "(loop ((i 0))\n  (if (< i 3) (+ 1 (recur (+ i 1))) 0))",
    right: "(loop ((i 0) (acc 0))\n  (if (< i 3) (recur (+ i 1) (+ acc 1)) acc))",
  },
};
