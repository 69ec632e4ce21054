/**
 * The loopback server's connection budget, kept for the clients that have the token. A local
 * process without it can open connections and never finish a request (a slowloris); with one
 * cap for everybody and a generous header timeout, such connections filled the server and
 * every user was locked out. So:
 * - a connection is "unauthenticated" until a request on it carries the token; at most
 *   {@link ConnectionLimits.maxUnauthenticated} of those are held, the rest of
 *   {@link ConnectionLimits.maxConnections} stays for authenticated ones;
 * - a new connection that finds the budget full drops the unauthenticated connection that has
 *   waited longest without a valid request (idle unauthenticated sockets go first); only when
 *   every held connection is authenticated is the newcomer refused;
 * - an unauthenticated connection is closed after a short time
 *   ({@link ConnectionLimits.unauthenticatedTimeoutMs}): a browser sends its request at once.
 */
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Connections held at once, authenticated or not. */
  maxConnections: number;
  /** Of those, connections with no request carrying the token yet. */
  maxUnauthenticated: number;
  /** An unauthenticated connection is closed this long after it was opened (ms). */
  unauthenticatedTimeoutMs: number;
}

/**
 * 256 connections, of which 192 may be unauthenticated: 64 stay for the clients with the
 * token (a review page opens ≤ 6; the load test holds 50), and a flood of up to 2 × 192
 * connections cannot drop a newcomer before its request arrives. 5 s for the request.
 */
export const DEFAULT_LIMITS: ConnectionLimits = { maxConnections: 256, maxUnauthenticated: 192, unauthenticatedTimeoutMs: 5_000 };

export class ConnectionGuard {
  /** Unauthenticated connections in the order they came (oldest first), with their timers. */
  private readonly waiting = new Map<Socket, NodeJS.Timeout>();
  private readonly trusted = new Set<Socket>();

  constructor(private readonly limits: ConnectionLimits = DEFAULT_LIMITS) {}

  /** A new connection: make room for it as the budget says, or refuse it. */
  admit(socket: Socket): void {
    while (this.waiting.size >= this.limits.maxUnauthenticated || this.held >= this.limits.maxConnections) {
      const oldest = this.waiting.keys().next();
      if (oldest.done) {
        socket.destroy();
        return;
      }
      this.drop(oldest.value);
    }
    const timer = setTimeout(() => this.drop(socket), this.limits.unauthenticatedTimeoutMs);
    timer.unref();
    this.waiting.set(socket, timer);
    socket.once('close', () => this.forget(socket));
  }

  /** A request on `socket` carried the token: it no longer counts against the unauthenticated budget nor times out. */
  trust(socket: Socket): void {
    const timer = this.waiting.get(socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.waiting.delete(socket);
    this.trusted.add(socket);
  }

  /** Connections held now, by kind. */
  counts(): { unauthenticated: number; authenticated: number } {
    return { unauthenticated: this.waiting.size, authenticated: this.trusted.size };
  }

  private get held(): number {
    return this.waiting.size + this.trusted.size;
  }

  private drop(socket: Socket): void {
    this.forget(socket);
    socket.destroy();
  }

  private forget(socket: Socket): void {
    const timer = this.waiting.get(socket);
    if (timer !== undefined) clearTimeout(timer);
    this.waiting.delete(socket);
    this.trusted.delete(socket);
  }
}
