import { runExchangeContract } from '../../support/exchange-contract.ts';
import { createPaperHarness } from '../../support/exchange-harness.ts';

runExchangeContract('paper exchange', async () => createPaperHarness());
runExchangeContract('paper exchange, MARKET fills at once, synchronous events', async () =>
  createPaperHarness({ marketFills: 'immediate', eventDelivery: 'sync' }),
);
