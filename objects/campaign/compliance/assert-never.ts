// Exhaustive switches end here: adding a case to a union breaks the build until handled.
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
