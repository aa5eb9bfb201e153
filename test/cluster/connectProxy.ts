// A loopback HTTP proxy that tunnels CONNECT requests, as a corporate proxy does for HTTPS: a kubeconfig whose
// cluster has `proxy-url` pointing here reaches the testbed's API server only through it. It counts tunnels.
import * as http from 'node:http';
import * as net from 'node:net';

export class ConnectProxy {
  private server: http.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  /** host:port of every tunnel opened. */
  readonly tunnels: string[] = [];

  async start(): Promise<void> {
    const server = http.createServer((_req, res) => {
      res.writeHead(405).end('CONNECT only');
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const target = req.url ?? '';
      const [host, port] = target.split(':');
      this.tunnels.push(target);
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => (s === client ? upstream : client).destroy());
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
