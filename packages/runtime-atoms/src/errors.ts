/** Every error this package raises, built in one place. */
export const errors = {
  suspendingSwap: () =>
    new TypeError("swap! function returned a promise: the function given to swap! must not suspend"),
} as const;
