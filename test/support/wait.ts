/**
 * Waits until `condition` holds, polling; fails with the condition's own text when it does not hold
 * within `timeoutMs`, so a broken feature reads as what was awaited, not as a bare jest timeout.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
