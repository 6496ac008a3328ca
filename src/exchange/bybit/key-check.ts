import { ExchangeError } from '../errors.ts';
import type { ApiKeyInfo } from '../port.ts';

/** A key live mode must not use. */
export class UnsafeApiKeyError extends ExchangeError {
  override readonly name = 'UnsafeApiKeyError';
}

/** What is wrong with a key for live trading, in words a user can act on; empty when it is fine. */
export function liveKeyProblems(info: ApiKeyInfo): string[] {
  const problems: string[] = [];
  if (info.canWithdraw) {
    problems.push(
      'the API key can withdraw funds (Wallet: Withdraw); live mode refuses it — create a key without the Withdraw permission',
    );
  }
  if (info.readOnly) problems.push('the API key is read-only; enable Contract trading (Orders, Positions)');
  else if (!info.canTrade)
    problems.push('the API key cannot trade contracts; enable Contract trading (Orders, Positions)');
  return problems;
}

export function assertLiveKeyAllowed(info: ApiKeyInfo): void {
  const problems = liveKeyProblems(info);
  if (problems.length > 0) throw new UnsafeApiKeyError(problems.join('; '));
}
