/**
 * Child process of crash.test.ts: writes journal rows as fast as it can and reports each
 * committed decision id on stdout ("D <id>") until it is killed.
 */
import { randomBytes } from 'node:crypto';
import { openJournal } from '../../../src/journal/index.ts';
import { stubs } from '../../unit/journal/stubs.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts JOURNAL_PATH');
const journal = openJournal(file);
process.stdout.write(`READY ${process.pid}\n`);
const sharedPrompt = journal.storeBlob(`shared prompt ${'x'.repeat(20_000)}`);
for (let i = 0; ; i += 1) {
  const cycleId = `p${process.pid}-${i}`;
  const atMs = Date.now();
  journal.recordCycleStart(stubs.cycle({ cycleId, startedAtMs: atMs }));
  // A fresh large blob every cycle: long writes make a kill mid-page likely.
  const responseHash = journal.storeBlob(randomBytes(6_000 + (i % 7) * 3_000).toString('base64'));
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const id = journal.recordDecision(
      stubs.openDecision('LONG', { symbol, cycleId, atMs, promptHash: sharedPrompt, responseHash }),
    );
    process.stdout.write(`D ${id}\n`);
    journal.recordOrderEvent(
      stubs.orderEvent({ clientOrderId: `${cycleId}-${symbol}`, symbol, decisionId: id, atMs }),
    );
    journal.recordOrderEvent({ clientOrderId: `${cycleId}-${symbol}`, state: 'SUBMITTED', atMs: atMs + 1 });
  }
  journal.recordEquity({
    atMs,
    equityUsdt: 100 + i,
    walletBalanceUsdt: 100,
    availableUsdt: 90,
    unrealisedPnlUsdt: i,
  });
  journal.recordCycleEnd({ cycleId, finishedAtMs: atMs + 2, outcome: 'completed' });
}
