import type { Label, Span } from "@weft/reader";

/**
 * A boolean attribute of a function type, inferred like any part of the type (README,
 * "Shareable and suspension"). Two kinds: `share` is set when the function is *not* Shareable
 * (it captures a `mut` binding or a non-Shareable value), `susp` is set when calling it can
 * suspend. A flag only ever goes from unset to set ("tainted"); unifying two function types
 * merges their flags (the merged flag is set when either was), and `a ⇒ b` edges propagate a
 * taint from a callee to its caller, from a capture to its closure.
 *
 * A *rigid* flag must stay unset (a `(Fn …)` field, a function given to `par-map` or `swap!`,
 * a function that crosses to a task): tainting it reports the error its `Rigid` describes.
 */
export interface Flag {
  readonly tag: "flag";
  readonly id: number;
  readonly kind: "share" | "susp";
  parent: Flag | null;
  set: boolean;
  cause: Cause | null;
  implies: Edge[];
  rigids: Rigid[];
  /** Quantified in a top-level scheme: instantiated fresh at each use. */
  generic: boolean;
  /** Types that make this (closure's) flag set when they are not Shareable, kept for schemes. */
  condTys: unknown[];
  /** Declared `LocalFn` (in a sig or on a parameter): open, but what it names never crosses. */
  local?: Cause;
}

/** Why a flag is set, for the chain in a diagnostic. */
export interface Cause {
  /** "captures the mutable binding `done`", "holds a MutVec"… */
  readonly text: string;
  readonly notes: readonly Label[];
  /** How to fix the root of it, one line. */
  readonly help?: string;
}

export interface Edge {
  readonly to: Flag;
  /** Wraps the source's cause into the target's ("captures `g`, which …"). */
  readonly via?: (c: Cause | null) => Cause | null;
}

/** What tainting a rigid flag reports. `instantiate` makes a copy reported at a new site. */
export interface Rigid {
  violate(cause: Cause | null): void;
  readonly template?: (site: Span, origin: string) => Rigid;
}

let nextFlag = 1;
export function freshFlag(kind: "share" | "susp"): Flag {
  return { tag: "flag", id: nextFlag++, kind, parent: null, set: false, cause: null, implies: [], rigids: [], generic: false, condTys: [] };
}

export function setFlag(kind: "share" | "susp", cause: Cause | null): Flag {
  const f = freshFlag(kind);
  f.set = true;
  f.cause = cause;
  return f;
}

export function find(f: Flag): Flag {
  let r = f;
  while (r.parent) r = r.parent;
  // While a group's constraints are recorded, parent links change only by merges: the solve
  // replays them in order, so it must tell the links a merge of the group made.
  if (recordings[f.kind]) return r;
  while (f.parent && f.parent !== r) {
    const next: Flag = f.parent;
    f.parent = r;
    f = next;
  }
  return r;
}

export function isSet(f: Flag): boolean {
  return find(f).set;
}

/**
 * A constraint of the definition group being inferred, in the order inference generated it: a
 * *seed* (a suspension point, a closure capturing a `mut` binding), an edge, a rigid flag, a
 * merge (unification). While a group is inferred nothing sets a flag and nothing reports: the
 * structure (union-find, edges, rigid flags) is built as before, and passes/Suspension.ts and
 * passes/Shareable.ts solve each kind's recording at the group's end (`solve`).
 */
export type FlagEvent = { readonly at: number } & (
  | { readonly op: "seed"; readonly flag: Flag; readonly cause: Cause | null }
  | { readonly op: "edge"; readonly from: Flag; readonly edge: Edge }
  | { readonly op: "rigid"; readonly flag: Flag; readonly rigid: Rigid }
  | { readonly op: "merge"; readonly child: Flag; readonly parent: Flag }
);

/** One kind's constraints while a group is inferred. */
export interface Recording {
  readonly events: FlagEvent[];
  /** When a constraint was generated, as the solve reports it (how many diagnostics came before). */
  readonly clock: () => number;
  /** How long a flag's lists were when the group first added to them: what they held before it. */
  readonly before: Map<Flag, { readonly implies: number; readonly rigids: number }>;
  /** The flags the group gave a parent (by a merge). */
  readonly children: Set<Flag>;
  /** Where what is set once solved starts: the seeds, and what a flag set before the group reaches (`isSetNow`). */
  readonly reached: Flag[];
}

const recordings: Record<Flag["kind"], Recording | null> = { share: null, susp: null };

/** Starts recording the constraints on `kind` flags (a group's inference); returns what to solve. */
export function recordFlags(kind: Flag["kind"], clock: () => number = () => 0): Recording {
  return (recordings[kind] = { events: [], clock, before: new Map(), children: new Set(), reached: [] });
}

/** Stops recording: `kind` flags are set and rigid ones report at once again. */
export function stopRecordingFlags(kind: Flag["kind"]): void {
  recordings[kind] = null;
}

/** Notes what `f`'s lists held before the group adds to them. */
function touch(rec: Recording, f: Flag): void {
  if (!rec.before.has(f)) rec.before.set(f, { implies: f.implies.length, rigids: f.rigids.length });
}

/**
 * Solves a recording: replays its constraints in the order inference generated them, as if
 * each had been solved when it was generated (so the first cause to reach a flag is the one
 * its messages name, and rigid flags report in that order), on a copy of the state of the
 * flags the group touched (the structure itself already holds the whole group); then sets the
 * flags found set.
 */
export function solve(rec: Recording, at: (when: number, replay: () => void) => void = (_w, replay) => replay()): void {
  const nodes = new Map<Flag, FlagState>();
  const merged = new Set<Flag>();
  const root = (f: Flag): Flag => {
    while (f.parent && !(rec.children.has(f) && !merged.has(f))) f = f.parent;
    return f;
  };
  const node = (r: Flag): FlagState => {
    let n = nodes.get(r);
    if (!n) {
      const b = rec.before.get(r);
      n = { set: r.set, cause: r.cause, implies: r.implies.slice(0, b ? b.implies : r.implies.length), rigids: r.rigids.slice(0, b ? b.rigids : r.rigids.length) };
      nodes.set(r, n);
    }
    return n;
  };
  const taintNode = (f: Flag, cause: Cause | null): void => spread(f, cause, (g) => node(root(g)));
  const replay = (ev: FlagEvent): void => {
    if (ev.op === "seed") taintNode(ev.flag, ev.cause);
    else if (ev.op === "edge") {
      const n = node(root(ev.from));
      if (n.set) taintNode(ev.edge.to, ev.edge.via ? ev.edge.via(n.cause) : n.cause);
      else n.implies.push(ev.edge);
    } else if (ev.op === "rigid") {
      const n = node(root(ev.flag));
      if (n.set) ev.rigid.violate(n.cause);
      else n.rigids.push(ev.rigid);
    } else {
      const a = node(ev.child);
      const b = node(ev.parent);
      merged.add(ev.child);
      if (a.set && !b.set) {
        b.implies.push(...a.implies);
        taintNode(ev.parent, a.cause);
      } else if (b.set && !a.set) {
        for (const x of a.rigids) x.violate(b.cause);
        for (const e of a.implies) taintNode(e.to, e.via ? e.via(b.cause) : b.cause);
      } else if (!a.set) {
        b.implies.push(...a.implies);
        b.rigids.push(...a.rigids);
      }
    }
  };
  for (const ev of rec.events) at(ev.at, () => replay(ev));
  for (const [r, n] of nodes) {
    if (!n.set || r.parent) continue;
    r.set = true;
    r.cause = n.cause;
    r.rigids = [];
  }
}

/**
 * Whether `f` is set once what is recorded so far is solved, without solving it: where
 * inference must decide now (copying a rigid flag for a new site, showing `LocalFn` in a
 * message). Set-ness is reachability from the seeds, which does not depend on their order.
 */
export function isSetNow(f: Flag): boolean {
  const r = find(f);
  if (r.set) return true;
  const rec = recordings[r.kind];
  if (!rec || rec.reached.length === 0) return false;
  const seen = new Set<Flag>();
  const work = [...rec.reached];
  while (work.length > 0) {
    const g = find(work.pop()!);
    if (g === r) return true;
    if (g.set || seen.has(g)) continue;
    seen.add(g);
    for (const e of g.implies) work.push(e.to);
  }
  return false;
}

/** `f` is set for `cause`: at once, or recorded while a group's constraints are. */
export function seed(f: Flag, cause: Cause | null): void {
  const rec = recordings[f.kind];
  if (!rec) return taint(f, cause);
  rec.events.push({ op: "seed", flag: f, cause, at: rec.clock() });
  rec.reached.push(f);
}

/** What propagation reads and sets of a flag: the flag's root itself, or the solve's copy of it. */
interface FlagState {
  set: boolean;
  cause: Cause | null;
  implies: Edge[];
  rigids: Rigid[];
}

/** Sets `f`'s state (and what it implies) for `cause`; each rigid flag reached reports once. */
function spread(f: Flag, cause: Cause | null, state: (f: Flag) => FlagState): void {
  const work: [Flag, Cause | null][] = [[f, cause]];
  let guard = 0;
  while (work.length > 0 && guard++ < 100_000) {
    const [g, c] = work.pop()!;
    const r = state(g);
    if (r.set) continue;
    r.set = true;
    r.cause = c;
    const rigids = r.rigids;
    r.rigids = [];
    for (const x of rigids) x.violate(c);
    for (const e of r.implies) work.push([e.to, e.via ? e.via(c) : c]);
  }
}

/** Sets `f` (and everything it implies); a rigid flag reports its violation once. */
export function taint(f: Flag, cause: Cause | null): void {
  spread(f, cause, find);
}

/** `a ⇒ b`: when `a` is set, so is `b`. */
export function implies(a: Flag, b: Flag, via?: (c: Cause | null) => Cause | null): void {
  const ra = find(a);
  if (ra === find(b)) return;
  const edge: Edge = via ? { to: b, via } : { to: b };
  const rec = recordings[ra.kind];
  if (rec) {
    rec.events.push({ op: "edge", from: ra, edge, at: rec.clock() });
    if (ra.set) rec.reached.push(b);
    else {
      touch(rec, ra);
      ra.implies.push(edge);
    }
  } else if (ra.set) taint(b, via ? via(ra.cause) : ra.cause);
  else ra.implies.push(edge);
}

/**
 * A rigid flag that reports once, through `report`: where the annotated thing is used (`site`,
 * with `origin` naming it) when `template` made it for a use, else at the annotation itself.
 */
export function annotationRigid(report: (c: Cause | null, site: Span | null, origin: string | null) => void, site: Span | null, origin: string | null): Rigid {
  let done = false;
  return {
    violate: (c) => {
      if (done) return;
      done = true;
      report(c, site, origin);
    },
    template: (site2, origin2) => annotationRigid(report, site2, origin2),
  };
}

/** Makes `f` rigid: if it is (or becomes) set, `r` reports. */
export function requireUnset(f: Flag, r: Rigid): void {
  const root = find(f);
  const rec = recordings[root.kind];
  if (rec) {
    rec.events.push({ op: "rigid", flag: root, rigid: r, at: rec.clock() });
    if (!root.set) {
      touch(rec, root);
      root.rigids.push(r);
    }
  } else if (root.set) r.violate(root.cause);
  else root.rigids.push(r);
}

/** Unifies two flags: one flag from now on, set when either was. */
export function mergeFlags(a: Flag, b: Flag): void {
  const ra = find(a);
  const rb = find(b);
  if (ra === rb) return;
  ra.parent = rb;
  rb.generic = rb.generic && ra.generic;
  rb.condTys.push(...ra.condTys);
  if (ra.local && !rb.local) rb.local = ra.local;
  const rec = recordings[ra.kind];
  if (rec) {
    rec.events.push({ op: "merge", child: ra, parent: rb, at: rec.clock() });
    rec.children.add(ra);
    if (ra.set && !rb.set) rec.reached.push(rb);
    else if (rb.set && !ra.set) for (const e of ra.implies) rec.reached.push(e.to);
    else if (!ra.set) {
      touch(rec, rb);
      rb.implies.push(...ra.implies);
      rb.rigids.push(...ra.rigids);
    }
    return;
  }
  if (ra.set && !rb.set) {
    rb.implies.push(...ra.implies);
    taint(rb, ra.cause);
  } else if (rb.set && !ra.set) {
    const rigids = ra.rigids;
    for (const x of rigids) x.violate(rb.cause);
    for (const e of ra.implies) taint(e.to, e.via ? e.via(rb.cause) : rb.cause);
  } else if (!ra.set) {
    rb.implies.push(...ra.implies);
    rb.rigids.push(...ra.rigids);
  }
}

export function cause(text: string, notes: readonly Label[] = [], help?: string): Cause {
  return help === undefined ? { text, notes } : { text, notes, help };
}

export function noteAt(span: Span, message: string): Label {
  return { span, message };
}

/**
 * The flags a definition quantifies: `roots` (the unset flags of its type) and every unset flag
 * their edges lead to (a use of a parameter, a lambda that calls it…), so that instantiating
 * the scheme copies whole paths `param ⇒ … ⇒ result` and never sets an original.
 */
export function quantifiable(roots: readonly Flag[], onlyGeneric: boolean): Flag[] {
  const out: Flag[] = [];
  const work = roots.map(find);
  while (work.length > 0) {
    const f = find(work.pop()!);
    if (f.set || out.includes(f) || (onlyGeneric && !f.generic)) continue;
    out.push(f);
    for (const e of f.implies) work.push(e.to);
  }
  return out;
}
