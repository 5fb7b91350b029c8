import { catchUpStart } from '../../../../../lambdas/shared/warehouse/catch-up';

describe('catchUpStart', () => {
  const DAY = '2024-05-10';

  it('starts a new warehouse at the first day of the 90-day window', () => {
    expect(catchUpStart(DAY, [])).toBe('2024-02-11');
  });

  it('starts at the night itself when every earlier day of the window is loaded', () => {
    expect(catchUpStart(DAY, [{ fromDay: '2024-02-11', day: '2024-05-09' }])).toBe(DAY);
  });

  it('starts at the first missed night, loading again the nights after it', () => {
    const loaded = [
      { fromDay: '2024-02-11', day: '2024-05-05' },
      { fromDay: '2024-05-07', day: '2024-05-09' },
    ];
    expect(catchUpStart(DAY, loaded)).toBe('2024-05-06');
  });

  it('counts ranges that began before the window, and ignores a day loaded by hand later', () => {
    const loaded = [
      { fromDay: '2023-12-01', day: '2024-05-08' },
      { fromDay: '2024-06-01', day: '2024-06-01' },
    ];
    expect(catchUpStart(DAY, loaded)).toBe('2024-05-09');
  });

  it('runs the night again when it is already loaded', () => {
    expect(catchUpStart(DAY, [{ fromDay: '2024-01-01', day: DAY }])).toBe(DAY);
  });
});
