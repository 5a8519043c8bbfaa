import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

export interface RunningPlayground {
  /** The Teams-like chat UI, for a browser. */
  url: string;
  close(): Promise<void>;
}

/**
 * The Microsoft 365 Agents Playground (a Teams-like client and Bot Connector, offline) talking to
 * the bot at `botEndpoint` on the msteams channel, on a free loopback port.
 */
export async function startPlayground(botEndpoint: string): Promise<RunningPlayground> {
  const port = await freePort();
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'agentsplayground');
  const child = spawn(bin, ['-e', botEndpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Agents Playground did not start:\n${output}`)), 60_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Listening on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', listen);
    child.once('exit', (code) => reject(new Error(`the Agents Playground exited (${code}):\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
