import type { StreamEvent, StreamListener, StreamSubscription } from '../port.ts';

interface Subscriber {
  subscription: StreamSubscription;
  listener: StreamListener;
}

/**
 * Fans stream events out to subscribers. Delivery is asynchronous but ordered: events are queued
 * and delivered in one microtask, so a listener never runs inside the call that caused the event,
 * and has seen it before the caller's `await` resumes.
 */
export class StreamHub {
  private subscribers: Subscriber[] = [];
  private queue: Array<{ subscriber: Subscriber; event: StreamEvent }> = [];
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
    for (const subscriber of this.subscribers) {
      if (wants(subscriber.subscription, event)) this.enqueue(subscriber, event);
    }
  }

  /** Disconnects every stream; events are lost until `reconnect`. */
  disconnect(reason: string): void {
    for (const subscriber of this.subscribers) {
      for (const stream of streamsOf(subscriber.subscription)) {
        this.enqueue(subscriber, { type: 'disconnected', stream, reason });
      }
    }
    this.down = true;
  }

  reconnect(): void {
    this.down = false;
    for (const subscriber of this.subscribers) {
      for (const stream of streamsOf(subscriber.subscription))
        this.enqueue(subscriber, { type: 'reconnected', stream });
    }
  }

  private enqueue(subscriber: Subscriber, event: StreamEvent): void {
    if (this.delivery === 'sync') {
      subscriber.listener(event);
      return;
    }
    this.queue.push({ subscriber, event });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const { subscriber, event } of batch) {
      if (this.subscribers.includes(subscriber)) subscriber.listener(event);
    }
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
