import { niceScale, tickValues } from '../../../../../scripts/local-run/report/svg';

describe('niceScale', () => {
  it.each([
    [1109 * 1.05, 1500, 500],
    [8412 * 1.05, 10000, 2000],
    [96, 100, 20],
    [3.2, 4, 1],
  ])('rounds %d up to an axis end of %d in steps of %d', (maximum, max, step) => {
    expect(niceScale(maximum)).toEqual({ max, step });
  });

  it('gives an empty or broken series a unit axis instead of dividing by zero', () => {
    for (const maximum of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(niceScale(maximum)).toEqual({ max: 1, step: 0.2 });
  });

  it('ticks from zero to the axis end', () => {
    expect(tickValues({ max: 1500, step: 500 })).toEqual([0, 500, 1000, 1500]);
  });
});
