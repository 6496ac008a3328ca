import { runExchangeContract } from '../../support/exchange-contract.ts';
import { createBybitHarness } from './bybit-harness.ts';

runExchangeContract('bybit adapter ↔ emulator', () => createBybitHarness());
