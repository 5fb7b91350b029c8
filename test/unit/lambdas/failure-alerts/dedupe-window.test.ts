import type { Alert } from '../../../../lambdas/failure-alerts/alert';
import { unreported } from '../../../../lambdas/failure-alerts/dedupe-window';
import {
  RETENTION_AFTER_WINDOW_SECONDS,
  openingItem,
  windowItemOf,
} from '../../../../lambdas/failure-alerts/dynamodb-dedupe-windows';
import { repeatsOf } from '../../../../lambdas/failure-alerts/window-close';

const ALERT = { fingerprint: 'f'.repeat(32), title: 'Glue job x FAILED' } as Alert;
const NOW = Date.parse('2026-03-08T18:00:00.250Z');

describe('the item that opens a window', () => {
  const item = openingItem(ALERT, NOW, 300_000);

  it('counts the opening occurrence as seen and reported, so only repeats owe a summary', () => {
    expect(item.occurrences).toEqual({ N: '1' });
    expect(item.reported).toEqual({ N: '1' });
    expect(unreported(windowItemOf(item))).toBe(0);
  });

  it("ends the window after the window length, in the clock's milliseconds", () => {
    expect(item.windowStart).toEqual({ N: String(NOW) });
    expect(item.windowEnd).toEqual({ N: String(NOW + 300_000) });
  });

  it('expires (TTL, epoch seconds) a day after the window ends, never before it', () => {
    const expiresAt = Number(item.expiresAt?.N);

    expect(expiresAt).toBe(Math.ceil((NOW + 300_000) / 1000) + RETENTION_AFTER_WINDOW_SECONDS);
    expect(expiresAt * 1000).toBeGreaterThan(NOW + 300_000);
  });

  it('keeps the alert, so the summary can say what repeated', () => {
    expect(windowItemOf(item).alert).toEqual(ALERT);
  });
});

describe('what a closed window owes', () => {
  it('is the occurrences not yet reported, never negative', () => {
    expect(unreported({ occurrences: 1000, reported: 1 })).toBe(999);
    expect(unreported({ occurrences: 3, reported: 3 })).toBe(0);
    expect(unreported({ occurrences: 0, reported: 1 })).toBe(0);
  });

  it('is summarised with its count, its start and its last occurrence', () => {
    const item = {
      ...windowItemOf(openingItem(ALERT, NOW, 300_000)),
      occurrences: 1000,
      lastSeen: NOW + 59_000,
    };

    expect(repeatsOf(item)).toEqual({
      count: 999,
      since: '2026-03-08T18:00:00.250Z',
      until: '2026-03-08T18:00:59.250Z',
    });
  });
});
