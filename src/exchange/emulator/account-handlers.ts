import type { ExchangeOrder } from '../port.ts';
import type { EmulatorCredential } from './auth.ts';
import { refusalFrom } from './errors-to-venue.ts';
import { str } from './payloads.ts';
import {
  type Body,
  optionalDecimal,
  optionalString,
  paramsError,
  Refusal,
  requireLinear,
  requireString,
} from './validation.ts';
import type { EmulatedVenue } from './venue.ts';

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED', 'UNTRIGGERED']);

/** Offset cursors: Bybit's are opaque strings, so any string round-trips. */
function page<T>(
  items: T[],
  query: Body,
  defaultLimit: number,
  maxLimit: number,
): { list: T[]; nextPageCursor: string } {
  const limitText = optionalString(query, 'limit');
  const limit = limitText === undefined ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    throw paramsError(`limit invalid (1..${maxLimit})`);
  const cursor = optionalString(query, 'cursor');
  const offset = cursor ? Number(cursor) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw paramsError('cursor invalid');
  const list = items.slice(offset, offset + limit);
  return { list, nextPageCursor: offset + limit < items.length ? String(offset + limit) : '' };
}

/**
 * The account is a Unified account holding USDT perpetuals only: a list of another category that
 * the endpoint serves on Bybit is answered empty, as Bybit answers an account with nothing there.
 */
function otherCategory(query: Body, served: readonly string[]) {
  const category = query.category;
  if (typeof category !== 'string' || category === 'linear' || !served.includes(category)) return null;
  return { list: [], nextPageCursor: '', category };
}

function symbolScope(venue: EmulatedVenue, query: Body): string | undefined {
  const symbol = optionalString(query, 'symbol');
  if (symbol) return venue.instrument(symbol).symbol;
  if (optionalString(query, 'settleCoin') === 'USDT' || optionalString(query, 'baseCoin')) return undefined;
  throw paramsError('symbol, baseCoin or settleCoin is required');
}

function byId(orders: ExchangeOrder[], query: Body): ExchangeOrder[] {
  const orderId = optionalString(query, 'orderId');
  const orderLinkId = optionalString(query, 'orderLinkId');
  return orders.filter(
    (o) =>
      (orderId === undefined || o.orderId === orderId) &&
      (orderLinkId === undefined || o.clientOrderId === orderLinkId),
  );
}

/**
 * Bybit's orderFilter on linear: `Order` plain orders, `StopOrder` conditional orders (the
 * position's TP/SL/trailing legs included), all kinds when omitted. `tpslOrder` is documented
 * for spot TP/SL orders; on linear the emulator answers the TP/SL/trailing legs (UNCONFIRMED).
 * The spot-only `OcoOrder` and `BidirectionalTpslOrder` match nothing on a linear account.
 */
function orderFilterOf(query: Body): (order: ExchangeOrder) => boolean {
  const filter = optionalString(query, 'orderFilter');
  switch (filter) {
    case undefined:
      return () => true;
    case 'Order':
      return (o) => o.stopKind === 'NONE';
    case 'StopOrder':
      return (o) => o.stopKind !== 'NONE';
    case 'tpslOrder':
      return (o) => o.stopKind !== 'NONE' && o.stopKind !== 'CONDITIONAL';
    case 'OcoOrder':
    case 'BidirectionalTpslOrder':
      return () => false;
    default:
      throw paramsError('orderFilter invalid');
  }
}

const newestFirst = (a: ExchangeOrder, b: ExchangeOrder) =>
  b.createdAtMs - a.createdAtMs || b.orderId.localeCompare(a.orderId);

/** GET /v5/order/realtime: open orders; by id also recent closed ones (the id query ignores openOnly). */
export function orderRealtime(venue: EmulatedVenue, query: Body) {
  requireLinear(query);
  const byIdQuery =
    optionalString(query, 'orderId') !== undefined || optionalString(query, 'orderLinkId') !== undefined;
  // UNCONFIRMED: whether symbol may be left out of an id query; the emulator allows it.
  const symbol = byIdQuery ? optionalString(query, 'symbol') : symbolScope(venue, query);
  const openOnly = optionalString(query, 'openOnly') ?? '0';
  const kind = orderFilterOf(query);
  let orders = venue.allOrders().filter((o) => (symbol === undefined || o.symbol === symbol) && kind(o));
  if (byIdQuery) orders = byId(orders, query);
  else
    orders = orders.filter((o) => (openOnly === '0' ? OPEN.has(o.status) : !OPEN.has(o.status))).slice(-500);
  const { list, nextPageCursor } = page(orders.sort(newestFirst), query, 20, 50);
  return { list: list.map((o) => venue.payload(o)), nextPageCursor, category: 'linear' };
}

/** GET /v5/order/history: every order the emulator remembers, newest first. */
export function orderHistory(venue: EmulatedVenue, query: Body) {
  requireLinear(query);
  const symbol = optionalString(query, 'symbol');
  if (symbol) venue.instrument(symbol);
  const status = optionalString(query, 'orderStatus');
  const kind = orderFilterOf(query);
  const orders = byId(venue.allOrders().filter(kind), query)
    .filter((o) => symbol === undefined || o.symbol === symbol)
    .filter((o) => status === undefined || (venue.payload(o).orderStatus as string) === status)
    .sort(newestFirst);
  const { list, nextPageCursor } = page(orders, query, 20, 50);
  return { list: list.map((o) => venue.payload(o)), nextPageCursor, category: 'linear' };
}

export async function executionList(venue: EmulatedVenue, query: Body) {
  const other = otherCategory(query, ['spot', 'inverse', 'option']);
  if (other) return other;
  requireLinear(query);
  const symbol = optionalString(query, 'symbol');
  const symbols = symbol ? [venue.instrument(symbol).symbol] : [...venue.rules.keys()];
  const start = Number(optionalString(query, 'startTime') ?? Number.NEGATIVE_INFINITY);
  const end = Number(optionalString(query, 'endTime') ?? Number.POSITIVE_INFINITY);
  const orderId = optionalString(query, 'orderId');
  const orderLinkId = optionalString(query, 'orderLinkId');
  const executions = [];
  for (const s of symbols) executions.push(...(await venue.paper.getExecutions(s)));
  const picked = executions
    .filter((e) => e.timeMs >= start && e.timeMs <= end)
    .filter(
      (e) =>
        (orderId === undefined || e.orderId === orderId) &&
        (orderLinkId === undefined || e.clientOrderId === orderLinkId),
    )
    .sort((a, b) => b.timeMs - a.timeMs || b.execId.localeCompare(a.execId));
  const { list, nextPageCursor } = page(picked, query, 50, 100);
  return {
    // REST rows carry no category of their own (recorded answers); the stream adds it.
    list: list.map((e) => venue.executionPayload(e)),
    nextPageCursor,
    category: 'linear',
  };
}

/** By symbol a row comes back even when flat; by settleCoin only non-zero positions (docs). */
export async function positionList(venue: EmulatedVenue, query: Body) {
  const other = otherCategory(query, ['inverse', 'option']);
  if (other) return other;
  requireLinear(query);
  const symbol = symbolScope(venue, query);
  const rows: Record<string, unknown>[] = [];
  const symbols = symbol ? [symbol] : [...venue.rules.keys()];
  for (const s of symbols) {
    const [position] = await venue.paper.getPositions(s);
    if (venue.positionMode(s) === 'HEDGE') {
      if (symbol)
        rows.push(
          { ...venue.positionPayload(s, null), positionIdx: 1 },
          { ...venue.positionPayload(s, null), positionIdx: 2 },
        );
      continue;
    }
    if (position || symbol) rows.push(venue.positionPayload(s, position ?? null));
  }
  return { list: rows, nextPageCursor: '', category: 'linear' };
}

export async function setLeverage(venue: EmulatedVenue, body: Body): Promise<Record<string, never>> {
  requireLinear(body);
  const symbol = requireString(body, 'symbol');
  const rules = venue.instrument(symbol);
  const buy = requireString(body, 'buyLeverage');
  const sell = requireString(body, 'sellLeverage');
  // UNCONFIRMED message: the rule (equal in one-way mode) is documented.
  if (buy !== sell && venue.positionMode(symbol) === 'ONE_WAY')
    throw paramsError('buyLeverage must equal sellLeverage in one-way mode');
  const leverage = Number(buy);
  if (!Number.isFinite(leverage) || leverage < (rules.minLeverage ?? 1) || leverage > rules.maxLeverage) {
    throw paramsError(`leverage invalid: must be within [${rules.minLeverage ?? 1}, ${rules.maxLeverage}]`);
  }
  if (leverage === venue.leverage(symbol)) throw new Refusal(110043, 'Set leverage not modified');
  try {
    await venue.setLeverage(symbol, leverage);
  } catch (error) {
    throw refusalFrom(error, 110043);
  }
  return {};
}

export async function switchMode(venue: EmulatedVenue, body: Body) {
  requireLinear(body);
  const symbol = requireString(body, 'symbol');
  venue.instrument(symbol);
  const modeValue = Number(body.mode);
  if (modeValue !== 0 && modeValue !== 3) throw paramsError('position_mode invalid');
  const mode = modeValue === 0 ? 'ONE_WAY' : 'HEDGE';
  if (venue.positionMode(symbol) === mode) throw new Refusal(110025, 'Position mode is not modified');
  if ((await venue.paper.getPositions(symbol)).length > 0) {
    throw new Refusal(110024, 'You have existing positions, so position mode cannot be switched');
  }
  if ((await venue.paper.getOpenOrders(symbol)).length > 0) {
    throw new Refusal(110028, 'You have existing open orders, so position mode cannot be switched');
  }
  venue.setPositionMode(symbol, mode);
  return {};
}

export async function tradingStop(venue: EmulatedVenue, body: Body) {
  requireLinear(body);
  const symbol = requireString(body, 'symbol');
  venue.instrument(symbol);
  const tpslMode = requireString(body, 'tpslMode');
  if (body.positionIdx === undefined) throw paramsError('positionIdx is required');
  if (tpslMode !== 'Full')
    throw paramsError(`tpslMode ${tpslMode} is not supported by the emulator (Full only)`);
  if (Number(body.positionIdx) !== 0 || venue.positionMode(symbol) !== 'ONE_WAY') {
    throw new Refusal(10001, 'position idx not match position mode');
  }
  const stopLoss = optionalDecimal(body, 'stopLoss');
  const takeProfit = optionalDecimal(body, 'takeProfit');
  const trailingStop = optionalDecimal(body, 'trailingStop');
  const activePrice = optionalDecimal(body, 'activePrice');
  if (stopLoss === undefined && takeProfit === undefined && trailingStop === undefined) {
    throw paramsError('takeProfit, stopLoss or trailingStop is required');
  }
  // The position, the legs' prices and sides are the paper exchange's venue rules to judge.
  try {
    await venue.paper.setTradingStop({
      symbol,
      ...(stopLoss !== undefined ? { stopLoss } : {}),
      ...(takeProfit !== undefined ? { takeProfit } : {}),
      ...(trailingStop !== undefined ? { trailingStop } : {}),
      ...(activePrice !== undefined ? { activePrice } : {}),
    });
  } catch (error) {
    throw refusalFrom(error, 34040);
  }
  return {};
}

/** One row per closing fill; closedPnl is net of the closing fee (UNCONFIRMED: Bybit nets both fees). */
export async function closedPnl(venue: EmulatedVenue, query: Body) {
  const other = otherCategory(query, ['inverse']);
  if (other) return other;
  requireLinear(query);
  const symbol = optionalString(query, 'symbol');
  const symbols = symbol ? [venue.instrument(symbol).symbol] : [...venue.rules.keys()];
  const rows: Record<string, unknown>[] = [];
  for (const s of symbols) {
    for (const e of await venue.paper.getExecutions(s)) {
      if (!(e.closedQty > 0)) continue;
      const perUnit = e.realisedPnlUsdt / e.closedQty;
      const entry = e.side === 'SELL' ? e.price - perUnit : e.price + perUnit;
      rows.push({
        symbol: s,
        orderId: e.orderId,
        side: e.side === 'BUY' ? 'Buy' : 'Sell',
        qty: str(e.closedQty),
        orderPrice: str(e.price),
        orderType: venue.executionPayload(e).orderType,
        execType: 'Trade',
        closedSize: str(e.closedQty),
        cumEntryValue: str(entry * e.closedQty),
        avgEntryPrice: str(entry),
        cumExitValue: str(e.price * e.closedQty),
        avgExitPrice: str(e.price),
        closedPnl: str(e.realisedPnlUsdt - e.feeUsdt),
        openFee: '0',
        closeFee: str(e.feeUsdt),
        fillCount: '1',
        leverage: str(venue.leverage(s)),
        createdTime: String(e.timeMs),
        updatedTime: String(e.timeMs),
      });
    }
  }
  rows.sort((a, b) => Number(b.updatedTime) - Number(a.updatedTime));
  const { list, nextPageCursor } = page(rows, query, 50, 100);
  return { list, nextPageCursor, category: 'linear' };
}

export async function walletBalance(venue: EmulatedVenue, query: Body) {
  const accountType = requireString(query, 'accountType');
  // UNCONFIRMED message; the emulator models a Unified Trading Account only.
  if (accountType !== 'UNIFIED') throw paramsError('accountType only support UNIFIED');
  return { list: [await venue.walletPayload()] };
}

/**
 * GET /v5/account/info: a Unified Trading Account 2.0 (`unifiedMarginStatus` 5) in cross margin,
 * without disconnect protection, SMP group or spot hedging — the account Warden is built for.
 */
export function accountInfo(createdAtMs: number) {
  return {
    marginMode: 'REGULAR_MARGIN',
    updatedTime: String(createdAtMs),
    unifiedMarginStatus: 5,
    dcpStatus: 'OFF',
    timeWindow: 10,
    smpGroup: 0,
    isMasterTrader: false,
    spotHedgingStatus: 'OFF',
  };
}

/**
 * GET /v5/asset/coin/query-info: USDT and the base coins of the listed perpetuals. The emulator
 * has no deposits or withdrawals, so no coin lists a chain (Bybit's shape for a coin without one).
 */
export function coinInfo(venue: EmulatedVenue, query: Body) {
  const wanted = optionalString(query, 'coin');
  const coins = ['USDT', ...[...venue.rules.keys()].map((symbol) => symbol.replace(/USDT$/, ''))];
  const rows = [...new Set(coins)]
    .filter((coin) => wanted === undefined || coin === wanted)
    .map((coin) => ({ name: coin, coin, remainAmount: '0', chains: [] }));
  return { rows };
}

export function queryApi(credential: EmulatorCredential) {
  // Bybit lists every permission group, empty ones included.
  const permissions = {
    ContractTrade: [],
    Spot: [],
    Wallet: [],
    Options: [],
    Derivatives: [],
    CopyTrading: [],
    BlockTrade: [],
    Exchange: [],
    NFT: [],
    Affiliate: [],
    Earn: [],
    FiatP2P: [],
    FiatBybitPay: [],
    FiatConvertBroker: [],
    FiatGlobalPay: [],
    FiatBitPay: [],
    BitCard: [],
    ByXPost: [],
    ...(credential.permissions ?? { ContractTrade: ['Order', 'Position'], Wallet: ['AccountTransfer'] }),
  };
  return {
    id: '1',
    note: 'warden emulator',
    apiKey: credential.apiKey,
    readOnly: credential.readOnly ? 1 : 0,
    secret: '',
    permissions,
    ips: ['*'],
    type: 1,
    deadlineDay: 90,
    expiredAt: '2099-01-01T00:00:00Z',
    createdAt: '2025-01-01T00:00:00Z',
    unified: 0,
    uta: 1,
    userID: 1,
    inviterID: 0,
    vipLevel: 'No VIP',
    mktMakerLevel: '0',
    affiliateID: 0,
    rsaPublicKey: '',
    isMaster: true,
    parentUid: '0',
    kycLevel: 'LEVEL_DEFAULT',
    kycRegion: '',
    userIDInt64: '1',
    inviterIDInt64: '0',
    affiliateIDInt64: '0',
  };
}

export function feeRate(venue: EmulatedVenue, query: Body) {
  const symbol = optionalString(query, 'symbol');
  const rules = symbol ? [venue.instrument(symbol)] : [...venue.rules.values()];
  return {
    list: rules.map((r) => ({
      symbol: r.symbol,
      baseCoin: '',
      takerFeeRate: str(r.takerFee),
      makerFeeRate: str(r.makerFee),
    })),
  };
}
