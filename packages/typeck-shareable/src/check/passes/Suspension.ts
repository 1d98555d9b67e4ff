import type { Label, Span } from "@weft/reader";
import type { Reporter } from "../Errors.js";
import { annotationRigid, cause, find, isSet, requireUnset, solve, type Cause, type Flag, type Recording, type Rigid } from "../Flag.js";
import { flagsOf, prune, type Ty } from "../Ty.js";

/**
 * Suspension (LANGUAGE.md §5), solved apart from inference. Inference only generates the
 * constraints on the `susp` flags of function types: unification merges them (which is how a
 * function value is followed through data: a struct field, a vector, an atom, a channel),
 * a call adds `callee ⇒ caller`, a suspension point is a *seed*, and a callback that must not
 * wait (`par-map`, `par-for-each`, `swap!`, a lasting `(Fn …)` annotation, a class method) is
 * a *rigid* flag. While a group is inferred none of this sets a flag or reports (Flag.ts
 * records it); `solveSuspension` then propagates the seeds in the order they were generated and
 * reports E0320 / E0322 where a rigid flag is reached.
 *
 * It runs at the end of each definition group rather than once after the module, because the
 * group's generalisation needs the answer: a scheme quantifies only the flags that are still
 * unset (a function that suspends whatever it is given keeps one shared, set flag), and
 * codegen's per-call `suspends` is read from the flags as the group's IR is finalised.
 */
export function solveSuspension(rec: Recording, at?: (when: number, replay: () => void) => void): void {
  solve(rec, at);
}

/** Why a body suspends at a suspension point (`sleep`, `recv`, `with-tasks`…): the seed's cause. */
export function suspensionPoint(what: string, span: Span): Cause {
  return cause(`it calls \`${what}\`, which can suspend`, [{ span, message: `\`${what}\` can suspend here` }]);
}

/** The places reported already, per reporter: a flag may be reached through several paths. */
const reportedAt = new WeakMap<Reporter, Set<string>>();

function once(rep: Reporter, code: string, span: Span, report: () => void): void {
  const seen = reportedAt.get(rep) ?? reportedAt.set(rep, new Set()).get(rep)!;
  const key = `${code}:${span.file}:${span.start}:${span.end}`;
  if (seen.has(key)) return;
  seen.add(key);
  report();
}

/**
 * `ty` (a function) must not suspend: `par-map`, `par-for-each` and `swap!` run it where it
 * cannot wait. E0320 where the function given can suspend; through a scheme (a helper that
 * passes its parameter on), at the call that gives it.
 */
export function mustNotSuspend(rep: Reporter, ty: Ty, span: Span, site: string): void {
  const t = prune(ty);
  if (t.tag !== "fn") return;
  const why = site === "swap!"
    ? "`swap!` may run it more than once, retrying on conflict, and must never wait"
    : `\`${site}\` runs it on worker threads, where it cannot wait`;
  const help = site === "swap!"
    ? "do the waiting first, then swap in a plain function: (let ((v …)) (swap! a (fn (x) …)))"
    : "do the waiting outside: compute the values with par-map, then send or sleep afterwards";
  const rigid = (at: Span, origin: string | null): Rigid => ({
    violate: (c) => once(rep, "E0320", at, () => rep.report("E0320", origin
      ? `${origin} gives its function argument to \`${site}\`, but the function given here can suspend${c ? ` (${c.text})` : ""}`
      : `the function given to \`${site}\` can suspend${c ? ` (${c.text})` : ""}, but ${why}`, at, {
      label: "this function can suspend",
      notes: [...(c?.notes ?? []), ...(origin ? [{ span, message: `\`${site}\` is given it here` }] : [])],
      help,
    })),
    template: (site2, origin2) => rigid(site2, origin2),
  });
  requireUnset(t.susp, rigid(span, null));
}

/**
 * A function type that outlives one definition (a struct or enum field, a `def` value, a class
 * method) never suspends unless declared `:suspends`: each of its unset `susp` flags (and, for
 * a method that exists already, a set one too) becomes rigid, E0322 where a function that can
 * suspend is stored there, with a note at the annotation (§2).
 */
export function lastingNoSuspension(rep: Reporter, ty: Ty, declared: Span, what: string, already: boolean, mayDeclared: ReadonlySet<Flag>): void {
  const rigid = (site: Span | null, origin: string | null): Rigid => {
    let done = false;
    return {
      violate: (c) => {
        if (done) return;
        done = true;
        rep.report("E0322", already
          ? `${what} must not suspend (class methods are called through dictionaries, by code that does not wait for them), but it can${c ? ` (${c.text})` : ""}`
          : `${origin ?? what} holds functions that never suspend, but this function can suspend${c ? ` (${c.text})` : ""}`, site ?? declared, {
          label: "this function can suspend",
          notes: [...(c?.notes ?? []), ...(site ? [{ span: declared, message: `${what} is declared here, without \`:suspends\`` }] : [])],
          help: already
            ? "do the waiting in the caller and pass the result in"
            : "declare it (Fn (…) … :suspends) to hold functions that suspend",
        });
      },
      template: (site2, origin2) => rigid(site2, origin2),
    };
  };
  for (const fl of flagsOf(ty)) if (fl.kind === "susp" && (already || !fl.set) && !mayDeclared.has(find(fl))) requireUnset(fl, rigid(null, null));
}

/**
 * What a function type annotated without `:suspends` (in a `sig`, a `the`, a parameter) reports
 * when a function that can suspend reaches it (E0322, LANGUAGE.md §2): where the function is
 * given, with a note at the annotation.
 */
export function suspAnnotationRigid(rep: Reporter, annotation: Span): Rigid {
  return annotationRigid((c, site, origin) => {
    const why = c ? ` (${c.text})` : "";
    rep.report("E0322", origin
      ? `${origin} is declared with a function type that never suspends, but this function can suspend${why}`
      : `this function type is declared without \`:suspends\`, but the function that reaches it can suspend${why}`, site ?? annotation, {
      label: "this function can suspend",
      notes: [...(c?.notes ?? []), ...(site ? [{ span: annotation, message: "declared without `:suspends` here" }] : [])],
      help: "declare it (Fn (…) … :suspends) to accept functions that suspend, or do the waiting in the caller",
    });
  }, null, null);
}

/** E0322: an instance whose head says its functions never suspend is used at one that can. */
export function reportHiddenSuspension(rep: Reporter, origin: string, cls: string, shown: string, c: Cause | null, span: Span): void {
  rep.report("E0322", `${origin} uses the instance of \`${cls}\` for \`${shown}\`, whose methods call the functions it holds without waiting, but this one can suspend${c ? ` (${c.text})` : ""}`, span, {
    label: "a function that can suspend reaches the instance here",
    notes: [...((c?.notes ?? []) as Label[])],
    help: "give it a function that does not suspend, and do the waiting outside",
  });
}

/**
 * The bodies that suspend for some instantiations only (codegen's `maySuspend`: an async twin
 * of the function): the flags a quantified `susp` flag of a parameter's function type leads to.
 */
export function maySuspendFlags(type: Ty): Set<Flag> {
  const reach = new Set<Flag>();
  const t = prune(type);
  const work = (t.tag === "fn" ? t.params.flatMap((p) => flagsOf(p)) : []).filter((f) => f.kind === "susp" && f.generic && !f.set);
  while (work.length > 0) {
    const f = find(work.pop()!);
    // A rigid flag (a callback given to `par-map`, `swap!`…) never becomes set, so nothing
    // suspends because of it: no async twin, which would hand a worker an async callback.
    if (reach.has(f) || f.rigids.length > 0) continue;
    reach.add(f);
    for (const e of f.implies) work.push(e.to);
  }
  return reach;
}

/** What codegen reads on an IR node whose `suspends` holds a flag: whether it suspends, and (a body) whether it may. */
export function suspensionResult(o: Record<string, unknown>, flag: Flag, reach: ReadonlySet<Flag>): void {
  o.suspends = isSet(flag);
  if (!o.suspends && (o.kind === "lambda" || o.kind === "fn") && reach.has(find(flag))) o.maySuspend = true;
}
