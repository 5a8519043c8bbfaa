import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { TEST_EVENTS_SECRET } from './app-server';

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything it printed so far (it keeps being collected after it listens). */
  output(): string;
}

/**
 * Starts the real app (src/main.ts) in its own process, as `npm start` does, and waits for the port
 * it listens on. `nodeArgs` go before the script (e.g. --cpu-prof).
 */
export async function startAppProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<AppProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', path.join('src', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', EVENTS_SECRET: TEST_EVENTS_SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running on (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening:\n${output}`)));
  });
  return { child, baseUrl, output: () => output };
}

/** SIGKILL: the process gets no chance to finish anything. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** SIGTERM and wait: the app shuts down as it would under an orchestrator. */
export async function stopGracefully(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
