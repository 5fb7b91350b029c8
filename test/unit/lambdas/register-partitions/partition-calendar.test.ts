import { calendarProblem } from '../../../../lambdas/register-partitions/partition-calendar';

const time = (values: Record<string, string>) => calendarProblem(new Map(Object.entries(values)));

describe('calendarProblem', () => {
  it.each([
    [{ year: '2026', month: '02', day: '28' }],
    [{ year: '2024', month: '02', day: '29' }],
    [{ year: '2000', month: '02', day: '29' }],
    [{ year: '2026', month: '01', day: '31', hour: '23' }],
    [{ year: '2026', month: '12' }],
    [{ year: '2026' }],
    [{ region: 'eu', day: '99' }],
  ])('accepts %p', (values) => {
    expect(time(values)).toBeUndefined();
  });

  it.each([
    [{ year: '2026', month: '02', day: '29' }, 'day=29 does not exist in 2026-02 (28 days)'],
    [{ year: '1900', month: '02', day: '29' }, 'day=29 does not exist in 1900-02 (28 days)'],
    [{ year: '2026', month: '02', day: '30' }, 'day=30 does not exist in 2026-02 (28 days)'],
    [{ year: '2026', month: '02', day: '31' }, 'day=31 does not exist in 2026-02 (28 days)'],
    [{ year: '2026', month: '04', day: '31' }, 'day=31 does not exist in 2026-04 (30 days)'],
    [{ year: '2026', month: '06', day: '00' }, 'day=00 does not exist in 2026-06 (30 days)'],
    [{ year: '2026', month: '13', day: '01' }, 'month=13 is not a month (01–12)'],
    [{ year: '2026', month: '00' }, 'month=00 is not a month (01–12)'],
    [{ year: '2026', month: '03', day: '08', hour: '24' }, 'hour=24 is not an hour of the day'],
    [{ year: '2026', month: '3a' }, 'month="3a" is not a number'],
    [{ year: '-2026' }, 'year="-2026" is not a number'],
  ])('refuses %p: %s', (values, problem) => {
    expect(time(values)).toContain(problem);
  });
});
