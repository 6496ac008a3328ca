import { describe, expect, it } from 'vitest';
import { correlationMatrix, pearsonCorrelation, returnsOf } from '../../../src/risk/correlation.ts';
import { evaluateProposal } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';

describe('correlations from return series', () => {
  it('is 1 for series that move together and −1 for mirrored ones', () => {
    const a = [0.01, -0.02, 0.015, 0.003, -0.007];
    expect(
      pearsonCorrelation(
        a,
        a.map((r) => r * 3),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      pearsonCorrelation(
        a,
        a.map((r) => -r),
      ),
    ).toBeCloseTo(-1, 12);
  });

  it('aligns the series at their most recent end and uses the window', () => {
    const a = [5, 5, 5, 0.01, 0.02, -0.01];
    const b = [0.02, 0.04, -0.02];
    expect(pearsonCorrelation(a, b)).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 9, 0.01, 0.02, -0.01], [0, 0, 0, 0.02, 0.04, -0.02], 3)).toBeCloseTo(
      1,
      12,
    );
  });

  it('is unknown with too few points, a flat series or a non-finite return', () => {
    expect(pearsonCorrelation([0.1, 0.2], [0.1, 0.2])).toBeNull();
    expect(pearsonCorrelation([0, 0, 0], [0.1, 0.2, 0.3])).toBeNull();
    expect(pearsonCorrelation([0.1, Number.NaN, 0.3], [0.1, 0.2, 0.3])).toBeNull();
  });

  it('computes close-to-close returns', () => {
    const [up, down] = returnsOf([100, 110, 99]);
    expect(up).toBeCloseTo(0.1, 12);
    expect(down).toBeCloseTo(-0.1, 12);
  });

  it('builds the matrix the gate reads, leaving unknown pairs out', () => {
    const matrix = correlationMatrix({
      BTCUSDT: [0.01, 0.02, -0.01, 0.005],
      ETHUSDT: [0.012, 0.025, -0.013, 0.004],
      FLATUSDT: [0, 0, 0, 0],
    });
    expect(matrix.BTCUSDT?.ETHUSDT).toBeGreaterThan(0.9);
    expect(matrix.BTCUSDT?.FLATUSDT).toBeUndefined();
    const verdict = evaluateProposal(
      stubs.gateInput({
        account: { positions: [stubs.position({ qty: 0.023 })] },
        market: { correlations: matrix },
      }),
    );
    expect(verdict.blockedBy).toEqual(['CORRELATED_EXPOSURE']);
  });
});
