import { errorMessage } from '../../domain/index.ts';
import { ExchangeError } from '../errors.ts';
import type { ExchangePort } from '../port.ts';
import type { BybitLog } from './streams.ts';

/** The account is in hedge mode and may not be switched. */
export class PositionModeError extends ExchangeError {
  override readonly name = 'PositionModeError';
}

/** Warden trades one-way only: switches each symbol if allowed, else refuses with what to do. */
export async function ensureOneWayMode(
  exchange: Pick<ExchangePort, 'getPositionMode' | 'setPositionMode'>,
  symbols: string[],
  { allowSwitch }: { allowSwitch: boolean },
  log: BybitLog,
): Promise<void> {
  for (const symbol of symbols) {
    if ((await exchange.getPositionMode(symbol)) === 'ONE_WAY') continue;
    if (!allowSwitch) {
      throw new PositionModeError(
        `${symbol} is in hedge mode on Bybit; Warden needs one-way mode. Switch it in the Bybit UI, or set ALLOW_POSITION_MODE_SWITCH=true`,
      );
    }
    try {
      await exchange.setPositionMode(symbol, 'ONE_WAY');
    } catch (error) {
      const why = errorMessage(error);
      throw new PositionModeError(
        `${symbol}: could not switch to one-way mode (${why}); close its positions and orders first`,
      );
    }
    log('info', `${symbol}: switched the Bybit position mode to one-way`);
  }
}
