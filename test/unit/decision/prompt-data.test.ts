import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertNoForbiddenKeys,
  buildPromptData,
  FEATURE_COLUMNS,
  ForbiddenPromptDataError,
  PromptDataError,
  renderPromptData,
} from '../../../src/decision/index.ts';
import type { SymbolMarketView } from '../../../src/domain/index.ts';
import { expectNoServerSideLeak } from './leak.ts';
import { features, NOW_MS, promptInput, view } from './stubs.ts';

describe('buildPromptData', () => {
  it('holds every SPEC section 5 field for every symbol on more than one timeframe', () => {
    const data = buildPromptData(promptInput(['BTCUSDT', 'ETHUSDT']));
    for (const column of [
      'change_pct',
      'volatility_pct',
      'atr',
      'trend_strength',
      'adx',
      'ema_20',
      'ema_200',
      'rsi',
      'support_dist_pct',
      'resistance_dist_pct',
    ]) {
      expect(data.feature_columns).toContain(column);
    }
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const s = data.symbols[symbol]!;
      expect(s.price).toBeGreaterThan(0);
      expect(s.mark).toBeGreaterThan(0);
      expect(s.funding_rate).not.toBeNull();
      expect(Object.keys(s.tf)).toEqual(['15m', '1h', '4h']);
      for (const row of Object.values(s.tf)) {
        expect(row).toHaveLength(FEATURE_COLUMNS.length);
        expect(row.every((v) => typeof v === 'number')).toBe(true);
      }
    }
    expect(data.account).toMatchObject({
      wallet_available_usdt: 92.123,
      equity_usdt: 100.988,
      trading_state: 'ACTIVE',
    });
    expect(data.account.positions[0]).toMatchObject({
      symbol: 'ETHUSDT',
      entry: 3412.345,
      stop: 3380.1,
      upnl_usdt: 0.082,
      age_min: 95,
    });
    expect(data.account.open_orders[0]).toMatchObject({
      symbol: 'SOLUSDT',
      side: 'SHORT',
      price: 181.23,
      age_min: 10,
    });
    expect(data.limits).toMatchObject({
      max_loss_usdt_per_trade: 0.35,
      min_sl_distance_pct: 0.0025,
      max_leverage: 10,
    });
    expect(data.cooldowns).toEqual([{ symbol: 'BTCUSDT', side: 'LONG', remaining_min: 2 }]);
    expect(data.drawdown).toEqual({ from_peak_pct: 0.0243, daily_realized_pnl_usdt: -0.31 });
    expect(data.performance).toMatchObject({ trades: 12, wins: 5, win_rate: 0.417, consecutive_losses: 2 });
    expect(data.learned).toEqual({ atr_stop_multiple: 1.6, limit_fill_rate: 0.62 });
    expect(data.time).toBe('2025-03-01T12:15Z');
    expect(data.symbols.BTCUSDT!.recent).toEqual({ trades: 7, wins: 3, net_pnl_usdt: -0.2 });
  });

  it('never lets the regime label or the setup scores into the document', () => {
    const json = renderPromptData(buildPromptData(promptInput(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])));
    expectNoServerSideLeak(json);
  });

  it('picks fields by name, so extra properties smuggled into the inputs never reach the model', () => {
    const smuggle = { regime: 'RANGE', preScore: 99, range_score: 88, note: 'TREND' };
    const polluted = view('BTCUSDT', 97000, {
      ...smuggle,
      timeframes: {
        '15m': { ...features('15m', 97000), ...smuggle },
        '1h': { ...features('1h', 97000), ...smuggle },
      },
    } as Partial<SymbolMarketView>);
    const input = promptInput(['BTCUSDT'], { views: [polluted] });
    input.account = { ...input.account, ...smuggle } as typeof input.account;
    input.limits = { ...input.limits, ...smuggle };
    expectNoServerSideLeak(renderPromptData(buildPromptData(input)));
  });

  it('refuses a learned parameter whose name is a server-side score', () => {
    expect(() => buildPromptData(promptInput(['BTCUSDT'], { learned: { pre_score_weight: 1 } }))).toThrow(
      ForbiddenPromptDataError,
    );
  });

  it('refuses a learned parameter that is not a snake_case name with a finite number', () => {
    expect(() => buildPromptData(promptInput(['BTCUSDT'], { learned: { 'Bad Name': 1 } }))).toThrow(
      /snake_case/,
    );
    expect(() => buildPromptData(promptInput(['BTCUSDT'], { learned: { ok_name: Number.NaN } }))).toThrow(
      PromptDataError,
    );
  });

  it('states the feature names once, not once per timeframe row', () => {
    const json = renderPromptData(buildPromptData(promptInput(['BTCUSDT', 'ETHUSDT'])));
    expect(json.split('"adx"').length - 1).toBe(1);
    expect(json.split('"ema_200"').length - 1).toBe(1);
  });

  it('rounds prices to seven significant digits and fractions to three, with no float noise', () => {
    const data = buildPromptData(promptInput(['BTCUSDT', 'DOGEUSDT']));
    expect(data.symbols.BTCUSDT!.price).toBe(97123.45);
    expect(data.symbols.DOGEUSDT!.price).toBe(0.123456);
    expect(data.symbols.BTCUSDT!.tf['15m']![0]).toBe(0.00123);
    expect(data.symbols.BTCUSDT!.tf['15m']![4]).toBe(31.2);
    const numbers = renderPromptData(data).match(/-?\d+\.\d+(e-?\d+)?/g) ?? [];
    for (const n of numbers) expect(n.replace(/^-?0\.0*|\.|e.*$/g, '').length).toBeLessThanOrEqual(7);
  });

  it('puts the decision timeframe first and keeps null for indicators still warming up', () => {
    const v = view('BTCUSDT', 97000, {
      timeframes: { '4h': features('4h', 97000), '15m': features('15m', 97000, { ema200: null, adx: null }) },
    });
    const data = buildPromptData(promptInput(['BTCUSDT'], { views: [v] }));
    expect(Object.keys(data.symbols.BTCUSDT!.tf)).toEqual(['15m', '4h']);
    expect(data.symbols.BTCUSDT!.tf['15m']![FEATURE_COLUMNS.indexOf('ema_200')]).toBeNull();
    expect(data.symbols.BTCUSDT!.tf['15m']![FEATURE_COLUMNS.indexOf('adx')]).toBeNull();
  });

  it('refuses a view without the decision timeframe, naming the symbol', () => {
    const v = view('BTCUSDT', 97000, { timeframes: { '1h': features('1h', 97000) } });
    expect(() => buildPromptData(promptInput(['BTCUSDT'], { views: [v] }))).toThrow(
      /BTCUSDT: no 15m features/,
    );
  });

  it('refuses a non-positive or non-finite price and a symbol given twice', () => {
    const bad = view('BTCUSDT', 97000, { markPrice: Number.NaN });
    expect(() => buildPromptData(promptInput(['BTCUSDT'], { views: [bad] }))).toThrow(/markPrice/);
    const twice = [view('BTCUSDT', 1), view('BTCUSDT', 1)];
    expect(() => buildPromptData(promptInput(['BTCUSDT'], { views: twice }))).toThrow(/twice/);
  });

  it('drops cooldowns that have already ended', () => {
    const data = buildPromptData(
      promptInput(['BTCUSDT'], {
        cooldowns: [
          { symbol: 'BTCUSDT', side: 'SHORT', untilMs: NOW_MS - 1 },
          { symbol: 'ETHUSDT', side: 'LONG', untilMs: NOW_MS + 59 * 60_000 + 1 },
        ],
      }),
    );
    expect(data.cooldowns).toEqual([{ symbol: 'ETHUSDT', side: 'LONG', remaining_min: 60 }]);
  });

  it('never leaks a score or regime, whatever numbers and junk the views carry (property)', () => {
    const maybe = fc.option(fc.double({ noDefaultInfinity: false }), { nil: null });
    const tf = fc.record({
      changePct: maybe,
      atr: maybe,
      adx: maybe,
      rsi: maybe,
      ema20: maybe,
      junkKey: fc.constantFrom('regime', 'preScore', 'range_score', 'RegimeLabel', 'x'),
      junkValue: fc.constantFrom('TREND', 'RANGE', 1, null),
    });
    fc.assert(
      fc.property(
        fc.array(tf, { minLength: 1, maxLength: 3 }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (rows, price) => {
          const timeframes = Object.fromEntries(
            rows.map((r, i) => {
              const name = (['15m', '1h', '4h'] as const)[i]!;
              return [
                name,
                {
                  ...features(name, price, {
                    changePct: r.changePct,
                    atr: r.atr,
                    adx: r.adx,
                    rsi: r.rsi,
                    ema20: r.ema20,
                  }),
                  [r.junkKey]: r.junkValue,
                },
              ];
            }),
          );
          const v = { ...view('BTCUSDT', price, { timeframes }), [rows[0]!.junkKey]: rows[0]!.junkValue };
          expectNoServerSideLeak(renderPromptData(buildPromptData(promptInput(['BTCUSDT'], { views: [v] }))));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('assertNoForbiddenKeys', () => {
  it('finds a forbidden key at any depth and in any spelling', () => {
    expect(() => assertNoForbiddenKeys({ a: [{ b: { preScore: 1 } }] })).toThrow(/\$\.a\[0\]\.b\.preScore/);
    expect(() => assertNoForbiddenKeys({ 'range-score': 1 })).toThrow(ForbiddenPromptDataError);
    expect(() => assertNoForbiddenKeys({ x: { market_regime: 'TREND' } })).toThrow(ForbiddenPromptDataError);
    expect(() => assertNoForbiddenKeys({ x: ['fine', { label: 'RANGE' }] })).toThrow(/label/);
    expect(() => assertNoForbiddenKeys({ trend_strength: 0.1, range: [1, 2] })).not.toThrow();
  });
});
