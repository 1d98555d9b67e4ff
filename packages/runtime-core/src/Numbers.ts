import { raiseError } from "./WeftError.js";

/** Int `/`: truncates toward zero, wraps (`divInt(-2147483648, -1) === -2147483648`), raises `division by zero`. */
export function divInt(a: number, b: number): number {
  if (b === 0) raiseError(divInt, "divisionByZero");
  return (a / b) | 0;
}

/** Int `mod`: the result has the divisor's sign (`modInt(-7, 3) === 2`); raises `division by zero`. */
export function modInt(a: number, b: number): number {
  if (b === 0) raiseError(modInt, "divisionByZero");
  const r = a % b;
  return (r !== 0 && r < 0 !== b < 0 ? r + b : r) | 0;
}

/** Float `mod`, with the divisor's sign; by `0.0` it is `NaN`, as IEEE remainder is. */
export function modFloat(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Int `abs`, wrapping (`absInt(-2147483648) === -2147483648`). */
export function absInt(a: number): number {
  return Math.abs(a) | 0;
}

/** `(int f)`: truncates toward zero and wraps to 32 bits (`NaN` gives 0). */
export function toInt(f: number): number {
  return f | 0;
}
