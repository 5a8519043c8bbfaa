/**
 * Waits until `condition` holds, polling; fails with the condition's own text when it does not hold
 * within `timeoutMs`, so a broken feature reads as what was awaited, not as a bare jest timeout.
 * Tests wait for a positive signal this way, never for a fixed time.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  await poll(condition, (holds) => holds, timeoutMs, condition.toString());
}

/** Reads until `done(value)` holds and returns that value; fails like `waitUntil`, with the last value read. */
export function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  return poll(read, done, timeoutMs, `${done.toString()}, reading ${read.toString()}`);
}

async function poll<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number, awaited: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${awaited} (last read: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
