import { ConfigError, type ConfigProblem } from './errors.ts';
import type { WardenConfig } from './schema.ts';

function missingKeys(config: WardenConfig, which: string): ConfigProblem[] {
  if (config.BYBIT_API_KEY !== undefined && config.BYBIT_API_SECRET !== undefined) return [];
  return [
    {
      variable: 'BYBIT_API_KEY',
      message: `TRADING_MODE=${config.TRADING_MODE} needs ${which} Bybit API keys: set BYBIT_API_KEY and BYBIT_API_SECRET, or BYBIT_API_KEY_FILE`,
    },
  ];
}

/**
 * Refuses to trade real money unless the keys are present and the user confirmed, by
 * LIVE_CONFIRM=true or the --confirm-live flag. Does nothing outside live mode. These are not
 * load errors, so that `warden config check` works on a machine without keys.
 */
export function requireLiveReadiness(config: WardenConfig, options: { confirmFlag: boolean }): void {
  if (config.TRADING_MODE !== 'live') return;
  const problems = missingKeys(config, 'live');
  if (!config.LIVE_CONFIRM && !options.confirmFlag) {
    problems.push({
      variable: 'LIVE_CONFIRM',
      message:
        'TRADING_MODE=live trades real money: confirm with LIVE_CONFIRM=true or the --confirm-live flag',
    });
  }
  if (config.PROFILE !== 'live') {
    problems.push({
      variable: 'PROFILE',
      message: `TRADING_MODE=live needs PROFILE=live (it is ${config.PROFILE}): remove PROFILE or set it to live`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems, 'Not ready for live trading');
}

/** Everything a mode needs before it starts: keys for testnet/demo, keys and confirmation for live. */
export function requireModeReadiness(config: WardenConfig, options: { confirmFlag: boolean }): void {
  if (config.TRADING_MODE === 'live') {
    requireLiveReadiness(config, options);
  } else if (config.TRADING_MODE === 'testnet' || config.TRADING_MODE === 'demo') {
    const problems = missingKeys(config, config.TRADING_MODE);
    if (problems.length > 0) throw new ConfigError(problems, `Not ready for ${config.TRADING_MODE} trading`);
  }
}
