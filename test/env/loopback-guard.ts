// Preloaded into every Node process of a test run (NODE_OPTIONS=--import): any connection to an address outside
// 127.0.0.0/8 or ::1 throws, so a test can never reach another host by mistake (test-environment.md §15).
import net from "node:net";

const loopback = (host: string): boolean => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === "::1" || host === "::ffff:127.0.0.1";

type ConnectArgs = Parameters<typeof net.Socket.prototype.connect>;
const original = net.Socket.prototype.connect;

function target(args: unknown[]): { host?: string; path?: string } {
  // net.connect() normalises its arguments into one array before calling socket.connect(array).
  if (Array.isArray(args[0])) return target(args[0]);
  const [first, second] = args;
  if (typeof first === "object" && first !== null) {
    const o = first as { host?: string; path?: string };
    return { host: o.host ?? (o.path ? undefined : "localhost"), path: o.path };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof second === "string" ? second : "localhost" };
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const { host, path } = target(args);
  if (!path && host !== undefined && !loopback(host)) {
    throw new Error(`loopback guard: connection to ${host} refused; tests may dial 127.0.0.1 or ::1 only`);
  }
  return original.apply(this, args as ConnectArgs);
} as typeof original;
