import {
  byteSize,
  cellText,
  count,
  milliseconds,
  minuteRanges,
  numericValue,
  seconds,
} from '../../../../../scripts/local-run/report/format';

describe('report number formatting', () => {
  it('groups integers and marks what is not a number', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(count(0)).toBe('0');
    expect(count(Number.NaN)).toBe('–');
  });

  it('picks the unit of a duration', () => {
    expect(milliseconds(180.4)).toBe('180 ms');
    expect(milliseconds(2140)).toBe('2.1 s');
    expect(seconds(0.84)).toBe('0.8 s');
    expect(seconds(133)).toBe('2 min 13 s');
    expect(seconds(3725)).toBe('1 h 02 min');
  });

  it('writes sizes in binary units', () => {
    expect(byteSize(512)).toBe('512 B');
    expect(byteSize(19_031_654)).toBe('18.1 MiB');
    expect(byteSize(-1)).toBe('–');
  });

  it('reads Data API numbers, including DECIMAL columns sent as text', () => {
    expect(numericValue(42)).toBe(42);
    expect(numericValue('41.20')).toBe(41.2);
    expect(numericValue('mobile')).toBeUndefined();
    expect(numericValue(null)).toBeUndefined();
    expect(cellText(null)).toBe('NULL');
    expect(cellText(12000)).toBe('12,000');
    expect(cellText('1290.50')).toBe('1290.50');
  });

  it('collapses consecutive minutes into ranges, in either timestamp form', () => {
    expect(
      minuteRanges([
        '2026-03-14 13:07:00',
        '2026-03-14T13:05:00Z',
        '2026-03-14T13:06:00Z',
        '2026-03-14T17:42:00Z',
      ]),
    ).toEqual(['13:05–13:07 (3 min)', '17:42']);
    expect(minuteRanges(['not a minute'])).toEqual(['not a minute']);
  });
});
