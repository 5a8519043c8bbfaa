import net from 'node:net';

/**
 * A TCP proxy on loopback in front of a server (PostgreSQL in the outage tests), to cut and stall the
 * path the way a network or a dying server does:
 * - pass: forwards every byte both ways;
 * - refuse: the port refuses new connections (ECONNREFUSED) and every open one is reset;
 * - stall: connections are accepted and open ones kept, but nothing is forwarded either way, as a
 *   server that hangs. Back to pass, the held bytes flow on (a stall, not a cut).
 */
export interface TcpProxy {
  readonly port: number;
  /** The target URL with host and port replaced by the proxy's. */
  through(url: string): string;
  pass(): Promise<void>;
  refuse(): Promise<void>;
  stall(): void;
  /** Resets every open connection; the mode stays (in pass, new connections go through). */
  cut(): void;
  /** Holds every open connection without forwarding or closing it (a flow a firewall forgot); new connections pass. */
  freezeOpenConnections(): void;
  /** Connections open now (both sides). */
  openConnections(): number;
  close(): Promise<void>;
}

type Mode = 'pass' | 'refuse' | 'stall';

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = 'pass';
  const pairs = new Set<Pair>();

  const end = (pair: Pair) => {
    if (!pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  };
  const reset = (pair: Pair) => {
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
    end(pair);
  };
  // Data is written by hand rather than piped, so that pausing a socket holds it until we resume it.
  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('data', (chunk) => pair.client.write(chunk));
    pair.client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('error', () => end(pair));
    upstream.on('close', () => end(pair));
  };
  const hold = ({ client, upstream }: Pair) => {
    client.pause();
    upstream?.pause();
  };
  const resume = (pair: Pair) => {
    if (!pair.upstream) connectUpstream(pair);
    pair.client.resume();
    pair.upstream!.resume();
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => end(pair));
    client.on('close', () => end(pair));
    if (mode === 'pass') resume(pair);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // Stops accepting at once; resolves once every open connection has gone.
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    through(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    async pass() {
      if (mode === 'refuse') await listen(port);
      mode = 'pass';
      pairs.forEach(resume);
    },
    async refuse() {
      const closed = mode === 'refuse' ? Promise.resolve() : stopListening();
      mode = 'refuse';
      pairs.forEach(reset);
      await closed;
    },
    stall() {
      mode = 'stall';
      pairs.forEach(hold);
    },
    freezeOpenConnections() {
      pairs.forEach(hold);
    },
    cut() {
      pairs.forEach(reset);
    },
    openConnections: () => pairs.size,
    async close() {
      const closed = mode === 'refuse' ? Promise.resolve() : stopListening();
      mode = 'refuse';
      pairs.forEach(reset);
      await closed;
    },
  };
}
