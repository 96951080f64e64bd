/** How deep JSON input may nest: far beyond any conversation or metadata, far below what recursion can handle. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `value` nests objects or arrays deeper than `max`. Walks with its own stack, never recursion, so a
 * hostile depth costs a loop rather than the call stack (JSON.stringify of such a value throws a RangeError).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: next, depth } = stack.pop()!;
    if (typeof next !== "object" || next === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(next)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
