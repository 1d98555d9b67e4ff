// The struct both threads of the Vec4 case register (what `(defstruct Vec4 ...)` compiles to).
import { registry, S } from "@weft/gc";

export class Vec4 {
  constructor(x, y, z, w) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
  static $type = "Vec4";
}
registry.registerType("Vec4", Vec4, {
  fields: [
    ["x", S.float],
    ["y", S.float],
    ["z", S.float],
    ["w", S.float],
  ],
});
