export {
  constantFunding,
  FUNDING_INTERVAL_MS,
  FundingAlreadySettledError,
  FundingRateMissingError,
  fundingFromSeries,
  fundingTimesBetween,
  nextFundingTime,
} from './funding.ts';
export { Matcher } from './matcher.ts';
export { PaperExchange, type PaperExchangeOptions } from './paper-exchange.ts';
export type { AccountTotals, FundingRateSource, MatcherOptions, PaperExecution } from './types.ts';
export { InvalidCandleError } from './validation.ts';
