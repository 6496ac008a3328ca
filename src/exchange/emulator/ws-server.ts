import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type EmulatorCredential, verifyWsAuth } from './auth.ts';

export type StreamKind = 'public' | 'private';

interface Connection {
  ws: WebSocket;
  kind: StreamKind;
  connId: string;
  credential: EmulatorCredential | null;
  topics: Set<string>;
  /** Stalled: open, but silent — no pongs, no pushes (a fault). */
  stalled: boolean;
}

const PRIVATE_TOPICS = new Set(['order', 'position', 'execution', 'wallet']);

export interface WsHubOptions {
  credentials: ReadonlyMap<string, EmulatorCredential>;
  serverNowMs: () => number;
  /** The time auth `expires` is checked against; null skips the check (jumping replay clocks). */
  authNowMs: () => number | null;
  /** Is `topic` one the public stream serves (kline.{interval}.{symbol}, tickers.{symbol})? */
  isPublicTopic: (topic: string) => boolean;
  /** Called after a public subscription, e.g. to send the ticker snapshot. */
  onPublicSubscribe: (topic: string, send: (message: unknown) => void) => void;
}

/** Bybit's public (`/v5/public/linear`) and private (`/v5/private`) streams on one HTTP server. */
export class WsHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: WsHubOptions) {}

  /** Takes over an HTTP upgrade for a stream path; returns false for other paths. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (request.url ?? '').split('?')[0];
    const kind: StreamKind | null =
      path === '/v5/public/linear' ? 'public' : path === '/v5/private' ? 'private' : null;
    if (!kind) return false;
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, kind));
    return true;
  }

  get connectionCount(): Record<StreamKind, number> {
    const count = { public: 0, private: 0 };
    for (const c of this.connections) count[c.kind]++;
    return count;
  }

  private accept(ws: WebSocket, kind: StreamKind): void {
    const connection: Connection = {
      ws,
      kind,
      connId: randomUUID(),
      credential: null,
      topics: new Set(),
      stalled: false,
    };
    this.connections.add(connection);
    ws.on('close', () => this.connections.delete(connection));
    ws.on('error', () => this.connections.delete(connection));
    ws.on('message', (data) => {
      if (connection.stalled) return;
      let message: { op?: unknown; args?: unknown; req_id?: unknown };
      try {
        message = JSON.parse(String(data));
      } catch {
        this.send(connection, {
          success: false,
          ret_msg: 'Params Error',
          conn_id: connection.connId,
          op: '',
        });
        return;
      }
      this.onMessage(connection, message);
    });
  }

  private send(connection: Connection, message: unknown): void {
    if (connection.stalled || connection.ws.readyState !== connection.ws.OPEN) return;
    connection.ws.send(JSON.stringify(message));
  }

  private onMessage(
    connection: Connection,
    message: { op?: unknown; args?: unknown; req_id?: unknown },
  ): void {
    const reqId = typeof message.req_id === 'string' ? message.req_id : '';
    const base = { conn_id: connection.connId, req_id: reqId };
    switch (message.op) {
      case 'ping':
        if (connection.kind === 'public') {
          this.send(connection, { success: true, ret_msg: 'pong', ...base, op: 'ping' });
        } else {
          this.send(connection, {
            req_id: reqId,
            op: 'pong',
            args: [String(this.options.serverNowMs())],
            conn_id: connection.connId,
          });
        }
        return;
      case 'auth': {
        if (connection.kind !== 'private') {
          this.send(connection, {
            success: false,
            ret_msg: 'auth is only for the private stream',
            ...base,
            op: 'auth',
          });
          return;
        }
        const verdict = verifyWsAuth(message.args, this.options.credentials, this.options.authNowMs());
        if ('credential' in verdict) {
          connection.credential = verdict.credential;
          this.send(connection, { success: true, ret_msg: '', op: 'auth', ...base });
        } else {
          this.send(connection, { success: false, ret_msg: verdict.retMsg, op: 'auth', ...base });
        }
        return;
      }
      case 'subscribe':
      case 'unsubscribe':
        this.onSubscription(connection, message.op, message.args, base);
        return;
      default:
        this.send(connection, {
          success: false,
          ret_msg: `error:unknown op ${String(message.op)}`,
          ...base,
          op: String(message.op),
        });
    }
  }

  private onSubscription(
    connection: Connection,
    op: 'subscribe' | 'unsubscribe',
    args: unknown,
    base: { conn_id: string; req_id: string },
  ): void {
    const topics = Array.isArray(args) ? args.filter((t): t is string => typeof t === 'string') : [];
    const refusal = this.subscriptionRefusal(connection, topics);
    if (refusal) {
      this.send(connection, { success: false, ret_msg: refusal, ...base, op });
      return;
    }
    for (const topic of topics) {
      if (op === 'subscribe') connection.topics.add(topic);
      else connection.topics.delete(topic);
    }
    this.send(connection, { success: true, ret_msg: '', ...base, op });
    if (op === 'subscribe' && connection.kind === 'public') {
      for (const topic of topics) this.options.onPublicSubscribe(topic, (m) => this.send(connection, m));
    }
  }

  hasSubscribers(topic: string): boolean {
    for (const c of this.connections) if (c.kind === 'public' && c.topics.has(topic)) return true;
    return false;
  }

  private subscriptionRefusal(connection: Connection, topics: string[]): string | null {
    if (topics.length === 0) return 'Params Error';
    if (connection.kind === 'private') {
      // UNCONFIRMED message for subscribing before auth.
      if (!connection.credential) return 'Request not authorized';
      const forms = new Set(topics.map((t) => t.endsWith('.linear')));
      if (forms.size > 1) return 'error:cannot mix topic forms, e.g. order and order.linear';
      const bad = topics.find((t) => !PRIVATE_TOPICS.has(t.replace(/\.linear$/, '')));
      return bad ? `error:handler not found,topic:${bad}` : null;
    }
    const bad = topics.find((t) => !this.options.isPublicTopic(t));
    return bad ? `error:handler not found,topic:${bad}` : null;
  }

  publishPublic(topic: string, message: Record<string, unknown>): void {
    for (const c of this.connections) {
      if (c.kind === 'public' && c.topics.has(topic)) this.send(c, { topic, ...message });
    }
  }

  /** Pushes account data to every authenticated private connection subscribed to the topic. */
  publishPrivate(
    topic: 'order' | 'position' | 'execution' | 'wallet',
    data: Record<string, unknown>[],
  ): void {
    for (const c of this.connections) {
      if (c.kind !== 'private' || !c.credential) continue;
      const subscribed = c.topics.has(topic)
        ? topic
        : c.topics.has(`${topic}.linear`)
          ? `${topic}.linear`
          : null;
      if (!subscribed) continue;
      this.send(c, {
        id: randomUUID(),
        topic: subscribed,
        creationTime: this.options.serverNowMs(),
        // Bybit tags order, position and execution items with their category; wallet items have none.
        data: topic === 'wallet' ? data : data.map((item) => ({ category: 'linear', ...item })),
      });
    }
  }

  /** Fault: closes the connections abruptly, as a network drop would. */
  drop(kind: StreamKind | 'all'): number {
    let count = 0;
    for (const c of this.connections) {
      if (kind !== 'all' && c.kind !== kind) continue;
      c.ws.terminate();
      this.connections.delete(c);
      count++;
    }
    return count;
  }

  /** Fault: the connections stay open but go silent (no pongs, no data) until the client gives up. */
  stall(kind: StreamKind | 'all'): number {
    let count = 0;
    for (const c of this.connections) {
      if (kind !== 'all' && c.kind !== kind) continue;
      c.stalled = true;
      count++;
    }
    return count;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
