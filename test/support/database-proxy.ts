import { createServer, type Server, Socket } from 'node:net';

/** The real test database behind a TCP proxy that a test cuts: a database that stops answering. */
export class DatabaseProxy {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    /** TEST_DATABASE_URL through the proxy. */
    readonly url: string,
  ) {}

  static async start(databaseUrl = process.env.TEST_DATABASE_URL!): Promise<DatabaseProxy> {
    const target = new URL(databaseUrl);
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const viaProxy = new URL(target);
    viaProxy.port = String((server.address() as { port: number }).port);
    return new DatabaseProxy(server, sockets, viaProxy.toString());
  }

  /** Closes the proxy and every connection through it. */
  async cut(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
}
