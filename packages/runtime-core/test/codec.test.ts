import { describe, expect, test } from "vitest";
import { kw, None, registerCodec, reviveDict, showVec, showOption, ShowInt, Some, WeftMap, type CodecRegistry, type DictDesc } from "../src/index.js";

const SHARE = Symbol.for("@weft/gc.share");

/** A stand-in for @weft/gc's registry that records what runtime-core registers. */
function fakeRegistry() {
  const types = new Map<string, readonly object[]>();
  const handles = new Map<string, (d: { kind: string; data: unknown }) => unknown>();
  const reg = {
    keywords: null as unknown,
    maps: null as unknown,
    errors: null as unknown,
    registerType: (tag: string, ctors: readonly object[]) => void types.set(tag, ctors),
    registerHandleKind: (kind: string, revive: (d: { kind: string; data: unknown }) => unknown) => void handles.set(kind, revive),
  };
  return { reg: reg as unknown as CodecRegistry & typeof reg, types, handles };
}

describe("the codec adapters", () => {
  const { reg, types, handles } = fakeRegistry();
  registerCodec(reg, { param: (i) => ({ k: "param", index: i }) });

  test("Option and Result are registered with their variants by $tag", () => {
    expect(types.get("Option")).toEqual([None, Some]);
    expect(types.get("Result")?.length).toBe(2);
  });

  test("keywords, maps and errors have adapters", () => {
    const k = reg.keywords as { is(v: unknown): boolean; intern(n: string): unknown };
    expect(k.is(kw("a"))).toBe(true);
    expect(k.intern("a")).toBe(kw("a"));
    const m = reg.maps as { is(v: unknown): boolean; make(e: [unknown, unknown][]): WeftMap };
    expect(m.make([[kw("a"), 1]]).get(kw("a"))).toEqual(new Some(1));
  });

  test("a parameterised dictionary crosses as its name and is rebuilt equal in behaviour", () => {
    const d = showOption(showVec(ShowInt)) as unknown as { [SHARE](): { kind: string; data: DictDesc } };
    const sent = d[SHARE]();
    expect(sent.kind).toBe("weft-dict");
    expect(JSON.parse(JSON.stringify(sent.data))).toEqual(sent.data);
    const back = handles.get("weft-dict")!(sent) as { show(x: unknown): string };
    expect(back.show(new Some([1, 2]))).toBe("(Some [1 2])");
    expect(reviveDict({ m: "@weft/runtime-core", n: "ShowInt", args: [] })).toBe(ShowInt);
  });
});
