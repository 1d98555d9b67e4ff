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
 * The constraints of the definition group being inferred that set a flag, in the order
 * inference generated them: a *seed* (a suspension point, a closure capturing a `mut` binding,
 * an edge or a merge from a flag already set) and a rigid flag met by a flag already set. While
 * a group is inferred nothing sets a flag and nothing reports: passes/Suspension.ts and
 * passes/Shareable.ts solve each kind's log at the group's end (`solve`).
 */
export type FlagOp =
  | { readonly op: "seed"; readonly flag: Flag; readonly cause: Cause | null }
  | { readonly op: "violate"; readonly rigid: Rigid; readonly cause: Cause | null };

const logs: Record<Flag["kind"], FlagOp[] | null> = { share: null, susp: null };

/** Starts recording the constraints on `kind` flags (a group's inference); returns the log to solve. */
export function recordFlags(kind: Flag["kind"]): FlagOp[] {
  return (logs[kind] = []);
}

/** Stops recording: `kind` flags are set and rigid ones report at once again. */
export function stopRecordingFlags(kind: Flag["kind"]): void {
  logs[kind] = null;
}

function deferred(kind: Flag["kind"]): FlagOp[] | null {
  return logs[kind];
}

/**
 * Solves a log: each seed sets its flag and what it implies, each violation reports, in the
 * order inference generated them, so the first cause to reach a flag is the one its messages
 * name (whether a flag ends set does not depend on the order, only its cause does).
 */
export function solve(log: readonly FlagOp[]): void {
  for (const o of log) {
    if (o.op === "seed") taint(o.flag, o.cause);
    else o.rigid.violate(o.cause);
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
  const log = deferred(r.kind);
  if (!log || log.length === 0) return false;
  const seen = new Set<Flag>();
  const work: Flag[] = [];
  for (const o of log) if (o.op === "seed") work.push(o.flag);
  while (work.length > 0) {
    const g = find(work.pop()!);
    if (g === r) return true;
    if (g.set || seen.has(g)) continue;
    seen.add(g);
    for (const e of g.implies) work.push(e.to);
  }
  return false;
}

/** `f` is set for `cause`: solved at once, or recorded while a group's `susp` constraints are. */
export function seed(f: Flag, cause: Cause | null): void {
  const log = deferred(f.kind);
  if (log) log.push({ op: "seed", flag: f, cause });
  else taint(f, cause);
}

/** Sets `f` (and everything it implies); a rigid flag reports its violation once. The solver. */
export function taint(f: Flag, cause: Cause | null): void {
  const work: [Flag, Cause | null][] = [[f, cause]];
  let guard = 0;
  while (work.length > 0 && guard++ < 100_000) {
    const [g, c] = work.pop()!;
    const r = find(g);
    if (r.set) continue;
    r.set = true;
    r.cause = c;
    const rigids = r.rigids;
    r.rigids = [];
    for (const x of rigids) x.violate(c);
    for (const e of r.implies) work.push([e.to, e.via ? e.via(c) : c]);
  }
}

function violate(kind: "share" | "susp", r: Rigid, c: Cause | null): void {
  const log = deferred(kind);
  if (log) log.push({ op: "violate", rigid: r, cause: c });
  else r.violate(c);
}

/** `a ⇒ b`: when `a` is set, so is `b`. */
export function implies(a: Flag, b: Flag, via?: (c: Cause | null) => Cause | null): void {
  const ra = find(a);
  if (ra === find(b)) return;
  if (ra.set) seed(b, via ? via(ra.cause) : ra.cause);
  else ra.implies.push(via ? { to: b, via } : { to: b });
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
  if (root.set) violate(root.kind, r, root.cause);
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
  if (ra.set && !rb.set) {
    rb.implies.push(...ra.implies);
    seed(rb, ra.cause);
  } else if (rb.set && !ra.set) {
    const rigids = ra.rigids;
    for (const x of rigids) violate(ra.kind, x, rb.cause);
    for (const e of ra.implies) seed(e.to, e.via ? e.via(rb.cause) : rb.cause);
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
