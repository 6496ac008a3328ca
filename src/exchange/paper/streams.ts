import type { StreamEvent, StreamListener, StreamSubscription } from '../port.ts';

interface Subscriber {
  subscription: StreamSubscription;
  listener: StreamListener;
}

interface Delivery {
  subscriber: Subscriber;
  event: StreamEvent;
}

/**
 * Fans stream events out to subscribers. Delivery is asynchronous but ordered: events are queued
 * and delivered in one microtask, so a listener never runs inside the call that caused the event,
 * and has seen it before the caller's `await` resumes.
 */
export class StreamHub {
  private subscribers: Subscriber[] = [];
  private queue: Delivery[] = [];
  private flushScheduled = false;
  private down = false;

  constructor(private readonly delivery: 'microtask' | 'sync' = 'microtask') {}

  add(subscription: StreamSubscription, listener: StreamListener): () => void {
    const subscriber = { subscription, listener };
    this.subscribers.push(subscriber);
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    };
  }

  clear(): void {
    this.subscribers = [];
  }

  get subscriberCount(): number {
    return this.subscribers.length;
  }

  publish(event: StreamEvent): void {
    if (this.down) return;
    this.enqueue(
      this.subscribers
        .filter((s) => wants(s.subscription, event))
        .map((subscriber) => ({ subscriber, event })),
    );
  }

  /** Disconnects every stream; events are lost until `reconnect`. */
  disconnect(reason: string): void {
    this.enqueue(
      this.subscribers.flatMap((subscriber) =>
        streamsOf(subscriber.subscription).map((stream) => ({
          subscriber,
          event: { type: 'disconnected' as const, stream, reason },
        })),
      ),
    );
    this.down = true;
  }

  reconnect(): void {
    this.down = false;
    this.enqueue(
      this.subscribers.flatMap((subscriber) =>
        streamsOf(subscriber.subscription).map((stream) => ({
          subscriber,
          event: { type: 'reconnected' as const, stream },
        })),
      ),
    );
  }

  private enqueue(batch: Delivery[]): void {
    if (batch.length === 0) return;
    if (this.delivery === 'sync') {
      this.deliver(batch);
      return;
    }
    this.queue.push(...batch);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    this.deliver(batch);
  }

  /** Every subscriber gets its events even when another one throws; the first error is rethrown after. */
  private deliver(batch: Delivery[]): void {
    let failure: unknown = null;
    for (const { subscriber, event } of batch) {
      if (!this.subscribers.includes(subscriber)) continue;
      try {
        subscriber.listener(event);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure != null) throw failure;
  }
}

function streamsOf(subscription: StreamSubscription): Array<'public' | 'private'> {
  const streams: Array<'public' | 'private'> = [];
  if (subscription.candles || subscription.tickers) streams.push('public');
  if (subscription.account) streams.push('private');
  return streams;
}

function wants(subscription: StreamSubscription, event: StreamEvent): boolean {
  switch (event.type) {
    case 'candle':
      return (
        subscription.candles != null &&
        subscription.candles.timeframe === event.timeframe &&
        subscription.candles.symbols.includes(event.symbol)
      );
    case 'ticker':
      return subscription.tickers?.includes(event.ticker.symbol) ?? false;
    case 'order':
    case 'position':
    case 'execution':
      return subscription.account === true;
    default:
      return true;
  }
}
