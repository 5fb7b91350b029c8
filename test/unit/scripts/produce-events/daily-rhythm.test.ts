import { dailyRhythm } from '../../../../scripts/produce-events/daily-rhythm';

const at = (hour: number, minute = 0) => Date.UTC(2024, 4, 6, hour, minute);

describe('dailyRhythm', () => {
  const rhythm = dailyRhythm();

  it('is busiest in the European evening and quietest before dawn', () => {
    const byHour = Array.from({ length: 24 }, (_, hour) => rhythm(at(hour)));
    const busiest = byHour.indexOf(Math.max(...byHour));
    const quietest = byHour.indexOf(Math.min(...byHour));
    expect(busiest).toBeGreaterThanOrEqual(18);
    expect(busiest).toBeLessThanOrEqual(22);
    expect(quietest).toBeGreaterThanOrEqual(2);
    expect(quietest).toBeLessThanOrEqual(5);
    expect(rhythm(at(20))).toBeGreaterThan(3 * rhythm(at(3)));
  });

  it('stays within (0, 1] and reaches 1 at the peak', () => {
    const values = Array.from({ length: 24 * 12 }, (_, index) => rhythm(at(0, index * 5)));
    for (const value of values) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...values)).toBeCloseTo(1, 5);
  });

  it('follows a single country’s local evening', () => {
    const newYork = dailyRhythm([
      { code: 'US', currency: 'USD', share: 1, utcOffsetHours: -5, cities: ['New York'] },
    ]);
    expect(newYork(at(2))).toBeCloseTo(1, 5); // 21:00 in New York
  });
});
