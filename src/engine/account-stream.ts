import type { ExchangePort, StreamEvent } from '../exchange/port.ts';

export interface AccountStreamHandlers {
  /** The private stream came back after a drop: events were lost, reconcile. */
  onReconnected: () => void;
  /** A fill or a position change: protect and manage soon. */
  onAccountChange: () => void;
  onDisconnected?: (reason: string) => void;
}

/** Subscribes to the account stream; returns the function that stops it. */
export function watchAccountStream(
  exchange: ExchangePort,
  handlers: AccountStreamHandlers,
): Promise<() => Promise<void>> {
  return exchange.subscribe({ account: true }, (event: StreamEvent) => {
    if (event.type === 'reconnected' && event.stream === 'private') handlers.onReconnected();
    else if (event.type === 'disconnected' && event.stream === 'private')
      handlers.onDisconnected?.(event.reason);
    else if (event.type === 'execution' || event.type === 'position') handlers.onAccountChange();
  });
}
