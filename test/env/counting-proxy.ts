import { createConnection, createServer, type Socket } from "node:net";

/**
 * A loopback TCP proxy that counts the bytes clients send through it (the kill tests' sign that an upload is under
 * way) and can hold each client chunk `delayMs` before passing it on: a slow network to a store, in order. On a
 * fixed `port` it can be closed and opened again at the same address (test/faults/persistent-s3.ts: a store that
 * goes away and comes back); closing resets the open connections, as a dying server does.
 */
export interface CountingProxy {
  url: string;
  port: number;
  /** Where connections go; settable after the proxy listens, so a server can be told the proxy's URL first. */
  targetPort: number;
  bytesUp(): number;
  close(): Promise<void>;
}

export async function countingProxy(targetPort = 0, { delayMs = 0, port = 0 }: { delayMs?: number; port?: number } = {}): Promise<CountingProxy> {
  let up = 0;
  const sockets = new Set<Socket>();
  const proxy: CountingProxy = { url: "", port: 0, targetPort, bytesUp: () => up, close: async () => undefined };
  const server = createServer((client) => {
    const upstream = createConnection({ host: "127.0.0.1", port: proxy.targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined); // a killed runner resets its connections
    }
    client.on("data", (chunk: Buffer) => (up += chunk.length));
    // Timers of one delay fire in the order they were set, so the chunks stay in order.
    if (delayMs > 0) client.on("data", (chunk: Buffer) => setTimeout(() => upstream.write(chunk), delayMs));
    else client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((listening, failed) => {
    server.once("error", failed);
    server.listen(port, "127.0.0.1", listening);
  });
  const address = server.address();
  proxy.port = typeof address === "object" && address !== null ? address.port : 0;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((closed) => server.close(() => closed()));
  };
  return proxy;
}
