import type { Logger } from 'pino';

/** Runs a job now and then every `intervalMs`, never overlapping itself; returns a stop function. */
export function every(intervalMs: number, name: string, job: () => Promise<unknown>, log: Logger): () => void {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = job()
      .then((result) => log.debug({ job: name, result }, 'job done'))
      .catch((error: unknown) => log.error({ err: error, job: name }, 'job failed'))
      .finally(() => (running = null));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
