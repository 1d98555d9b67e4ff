import type { Label, Span } from "@weft/reader";
import type { Expr } from "../../IR.js";
import type { Given, TypeInfo } from "../Env.js";
import type { Reporter } from "../Errors.js";
import { annotationRigid, cause, find, implies, requireUnset, solve, taint, type Cause, type Recording, type Rigid } from "../Flag.js";
import type { Group, Req } from "../Infer.js";
import { because, captureText, shareability, type Reason } from "../Shareability.js";
import { freeVars, prune, zonk, type TVar, type Ty } from "../Ty.js";

/** What the crossing checks need from the module. */
export interface CrossingEnv {
  readonly rep: Reporter;
  readonly state: { readonly typesByKey: ReadonlyMap<string, TypeInfo> };
  /** Crossings whose type still holds a variable of a `def` (not generalised): checked again at the module's end. */
  readonly lateCrossings: Req[];
}

/**
 * Shareable (LANGUAGE.md §6), solved apart from inference. Inference generates the constraints
 * on the `share` flags of function types: unification merges them (following a function value
 * through data), a closure capturing a `mut` binding is a *seed*, `(Fn …)` annotations are rigid
 * flags, and each capture and crossing is recorded on the group (`conds`, `reqs`) with its
 * type. While a group is inferred nothing sets a `share` flag and nothing reports (Flag.ts
 * records it); at the group's end `solveShareable` solves the recording in the order it was
 * generated, then `shareCheck` decides the captures and crossings now that their types are
 * known. Per group, because the group's generalisation reads the answer: the flags still unset
 * are quantified, and the crossings of a quantified variable become `(Shareable a)` in the scheme.
 */
export function solveShareable(rec: Recording, at?: (when: number, replay: () => void) => void): void {
  solve(rec, at);
}

/** Why a closure that captures the mutable binding `c` is not Shareable: the seed of its `share` flag. */
export function capturesMutable(c: { readonly name: string; readonly span: Span }, useSpan: Span): Cause {
  return cause(`captures the mutable binding \`${c.name}\``, [
    { span: c.span, message: `\`${c.name}\` is declared mutable here` },
    { span: useSpan, message: `\`${c.name}\` is captured here by the closure` },
  ], `share it through an atom: (let ((${c.name} (atom …))) …), or copy it into an immutable binding before the closure is made`);
}

/**
 * What a `(Fn …)` annotation reports when a non-Shareable function reaches it (E0301). At a
 * use of the annotated thing (a struct construction, a call), `template` makes the report
 * point there, with a note at the annotation.
 */
export function fnAnnotationRigid(rep: Reporter, annotation: Span, site: Span | null, origin: string | null): Rigid {
  return annotationRigid((c, site, origin) => {
    const why = c ? `it is a closure that ${c.text}` : "it is not Shareable";
    rep.report("E0301", origin
      ? `${origin} is declared \`(Fn …)\`, so it holds only Shareable functions, but this function is not Shareable: ${why}`
      : `this function type is declared \`(Fn …)\` (Shareable), but the function that reaches it is not Shareable: ${why}`, site ?? annotation, {
      label: "not Shareable",
      notes: [...(c?.notes ?? []), ...(site ? [{ span: annotation, message: "declared `(Fn …)` here" }] : [])],
      help: c?.help ?? "declare it (LocalFn …) to hold any function (the struct is then not Shareable)",
    });
  }, site, origin);
}


/**
 * The end of a definition group (LANGUAGE.md §6): the closures' `share` flags from what they
 * capture, then every crossing (E0301, E0302). Returns the quantified variables that must be
 * Shareable: `(Shareable a)` in the schemes. A crossing of a value that escapes its scope
 * there (E0330, E0311, found by the escape pass after inference) is reported once, as the
 * escape: its own errors are reported under `causesOf` and dropped then.
 */
export function shareCheck(
  env: CrossingEnv,
  group: Group,
  /** An instance's methods: their generic types come from the instance head, which has no sig. */
  inInstance = false,
): Map<TVar, Req> {
  const types = env.state.typesByKey;
  for (const c of group.conds) {
    const sh = shareability(zonk(c.ty), types);
    const capturedHere: Label = c.def
      ? { span: c.useSpan, message: `\`${c.name}\` is used here${c.def.via ? `, in \`${c.def.via}\`` : ""}` }
      : { span: c.useSpan, message: / /.test(c.name) ? `it is captured by a closure made here` : `\`${c.name}\` is captured here by the closure` };
    const verb = c.def ? (c.def.via ? `calls \`${c.def.via}\`, which uses the top-level` : "uses the top-level") : "captures";
    const r = sh.reasons[0];
    if (r) {
      taint(c.flag, cause(captureText(c.name, r, verb), [...r.notes, capturedHere], c.def ? `share it through an atom: (def ${c.name} (atom …)), or pass it in as an argument` : r.help));
      continue;
    }
    for (const f of sh.flags)
      implies(f.flag, c.flag, (inner) => cause(
        captureText(c.name, { path: f.path, leaf: `a closure that ${inner?.text ?? "is not Shareable"}`, notes: [] }, verb),
        [...(inner?.notes ?? []), capturedHere],
        inner?.help,
      ));
    for (const v of sh.vars) find(c.flag).condTys.push(v);
  }
  const shareVars = new Map<TVar, Req>();
  let current: Req | null = null;
  const addVar = (v: TVar): void => {
    if (!shareVars.has(v) && current) shareVars.set(v, current);
  };
  for (const req of group.reqs) {
    const sh = shareability(zonk(req.ty), types);
    current = req;
    const r = sh.reasons[0];
    if (r) {
      report(env.rep, req, r);
      continue;
    }
    for (const f of sh.flags) {
      requireUnset(f.flag, crossingRigid(env.rep, req, f.path, null, null));
      for (const t of find(f.flag).condTys) for (const v of shareability(zonk(t as Ty), types).vars) addVar(v);
    }
    for (const v of sh.vars) addVar(v);
    // A `def`'s variable is fixed by later definitions (its value crosses with that type).
    if (freeVars(zonk(req.ty)).some((v) => v.level === 0)) env.lateCrossings.push(req);
    for (const s of sh.skolems) {
      if (req.givens.some((g) => g.cls === "Shareable" && (prune(g.ty) as { skolem?: number }).skolem === s.skolem)) continue;
      env.rep.reportCaused(
        causesOf(req),
        req.code,
        inInstance
          ? `${req.what} cannot be ${req.site}: its type \`${s.name}\` is a parameter of the instance, which cannot require it to be Shareable`
          : `${req.what} cannot be ${req.site}: its type \`${s.name}\` is generic, and the sig does not say it is Shareable`,
        req.span,
        {
          label: req.label,
          help: inInstance
            ? `an instance cannot require (Shareable ${s.name}): let the value cross outside the instance, where its type is known`
            : `add the constraint to the sig: (Shareable ${s.name})`,
        },
      );
    }
  }
  return shareVars;
}

/** The module's end: a crossing of a `def`'s value whose type later definitions fixed to something not Shareable (E0301, E0302). */
export function lateShareCheck(env: CrossingEnv): void {
  for (const req of env.lateCrossings.splice(0)) {
    const sh = shareability(zonk(req.ty), env.state.typesByKey);
    const r = sh.reasons[0];
    if (r) report(env.rep, req, r);
    else for (const f of sh.flags) requireUnset(f.flag, crossingRigid(env.rep, req, f.path, null, null));
  }
}

function subject(what: string): string {
  return what.startsWith("`") ? what : "it";
}

/** What makes a crossing's errors the consequence of an escape: its captured binding, its span (keys of `escapeCauses`). */
export function causesOf(req: Req): string[] {
  return [...(req.binding ? [bindingCause(req.binding)] : []), `span:${req.span.file}:${req.span.start}:${req.span.end}`];
}

/** A captured binding as a cause: by where it is declared. */
export function bindingCause(b: { readonly span: Span }): string {
  return `binding:${b.span.file}:${b.span.start}:${b.span.end}`;
}

function report(rep: Reporter, req: Req, r: Reason): void {
  rep.reportCaused(causesOf(req), req.code, `${req.what} cannot be ${req.site}: ${because(subject(req.what), r)}`, req.span, {
    label: req.label,
    notes: [...r.notes, ...req.notes],
    ...(r.help ? { help: r.help } : {}),
  });
}

/** The calls already reported for a helper's crossing: a helper that lets its argument cross twice is one error at the call. */
const reportedCalls = new WeakMap<Reporter, Set<string>>();

/** A crossing's flag: reported at the crossing, or (through a scheme) at a call that gives a non-Shareable function. */
function crossingRigid(rep: Reporter, req: Req, path: readonly string[], site: Span | null, origin: string | null): Rigid {
  let done = false;
  return {
    violate: (c: Cause | null) => {
      if (done) return;
      done = true;
      if (site) {
        const seen = reportedCalls.get(rep) ?? reportedCalls.set(rep, new Set()).get(rep)!;
        const key = `${req.code}:${site.file}:${site.start}:${site.end}`;
        if (seen.has(key)) return;
        seen.add(key);
      }
      const r: Reason = { path, leaf: c ? `a closure that ${c.text}` : "a function that is not Shareable", notes: c?.notes ?? [], ...(c?.help ? { help: c.help } : {}) };
      if (!site) return report(rep, req, r);
      rep.reportCaused(causesOf(req), req.code, `${origin} lets this value cross to another task (${req.site}), so it must be Shareable, but ${because("it", r).replace(/^it is not Shareable because /, "")}`, site, {
        label: "not Shareable",
        notes: [...r.notes, { span: req.span, message: `it crosses here (${req.site})` }],
        ...(r.help ? { help: r.help } : {}),
      });
    },
    template: (site2, origin2) => crossingRigid(rep, req, path, site2, origin2),
  };
}
