import { z } from 'zod';
import { decisionSection } from './sections/decision.ts';
import { exchangeSection } from './sections/exchange.ts';
import { positionManagerSection } from './sections/position-manager.ts';
import { riskSection } from './sections/risk.ts';
import { runtimeSection } from './sections/runtime.ts';
import { webSection } from './sections/web.ts';

/** The one configuration schema: every variable, described. Cross-field rules live in checks.ts. */
export const configShape = {
  ...runtimeSection,
  ...riskSection,
  ...positionManagerSection,
  ...decisionSection,
  ...exchangeSection,
  ...webSection,
};

export const configSchema = z.object(configShape);

export type WardenConfig = z.output<typeof configSchema>;
export type ConfigKey = keyof typeof configShape;
export const CONFIG_KEYS = Object.keys(configShape) as ConfigKey[];

/** Values that are never printed, logged, journaled or returned by the API. */
export const SECRET_KEYS: readonly ConfigKey[] = [
  'AI_API_KEY',
  'BYBIT_API_KEY',
  'BYBIT_API_SECRET',
  'WEB_TOKEN',
  'TELEGRAM_BOT_TOKEN',
];
