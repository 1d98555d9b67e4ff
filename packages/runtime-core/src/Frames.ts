// The current task frame of @weft/runtime-tasks: compiled functions take it on entry and make it
// current again after each of their awaits (its `compiled` namespace). A function here that
// awaits a callback and then calls it again must first restore its caller's frame, or the
// callback would take as its own whatever frame resumed last. runtime-tasks registers the
// accessors on the global object (so every copy of either package agrees); without it there is
// no frame to keep.
const FRAMES = Symbol.for("weft.frames");

interface Frames {
  current(): unknown;
  resume(frame: unknown): void;
}

/**
 * Takes the current frame; `inFrame(f)` makes it current again and gives `f` back, so
 * `await inFrame(f)(x)` calls `f` in its caller's frame.
 */
export function keepFrame(): <F>(f: F) => F {
  const frames = (globalThis as { [FRAMES]?: Frames })[FRAMES];
  if (frames === undefined) return same;
  const mine = frames.current();
  return (f) => {
    frames.resume(mine);
    return f;
  };
}

function same<F>(f: F): F {
  return f;
}
