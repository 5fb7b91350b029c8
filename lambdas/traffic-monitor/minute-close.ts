/**
 * Closing a minute: its windows added up, judged by the bot rule against the minutes before it,
 * and placed in an incident. An incident opens at a flagged minute and stays open until
 * `quietMinutes` minutes in a row are not flagged; only the minute that opens one alerts, so a
 * four-minute burst is one alert, not four.
 */
import type { BotRule } from '../../infra/platform';
import { judgeMinute, type BotReason } from './bot-rule';
import { MINUTE_MS } from './minute-tally';
import { addWindows, type MinuteTotals, type WindowCounts } from './window-counts';

export interface Incident {
  /** The minute that opened it: its id. */
  readonly start: number;
  readonly lastFlagged: number;
}

export interface MinuteSummary extends MinuteTotals {
  readonly minute: number;
  readonly trailingRate: number;
  readonly poissonZ: number | null;
  readonly reason: BotReason | undefined;
  /** The incident the minute belongs to, while it is open. */
  readonly incident: Incident | undefined;
  /** `pending` on the minute that opens an incident: its event is to be put. */
  readonly alert: 'pending' | undefined;
}

/** What a minute is judged against. */
export interface MinuteHistory {
  /** Requests of each of the `trailingMinutes` minutes before it, oldest first (0 when none). */
  readonly trailing: readonly number[];
  /** Whether the monitor has seen a full trailing window before this minute. */
  readonly fullWindow: boolean;
  /** The incident the previous minute belonged to, if it was still open. */
  readonly previousIncident: Incident | undefined;
}

export function closeMinute(
  minute: number,
  windows: readonly WindowCounts[],
  history: MinuteHistory,
  rule: BotRule,
  quietMinutes: number,
): MinuteSummary {
  const totals = addWindows(windows);
  const verdict = judgeMinute(totals.requests, history.trailing, history.fullWindow, rule);
  const previous = history.previousIncident;
  let incident: Incident | undefined;
  let alert: MinuteSummary['alert'];
  if (verdict.reason !== undefined) {
    incident = previous
      ? { ...previous, lastFlagged: minute }
      : { start: minute, lastFlagged: minute };
    if (!previous) alert = 'pending';
  } else if (previous && minute - previous.lastFlagged < quietMinutes * MINUTE_MS) {
    incident = previous;
  }
  return {
    minute,
    ...totals,
    trailingRate: verdict.trailingRate,
    poissonZ: verdict.poissonZ,
    reason: verdict.reason,
    incident,
    alert,
  };
}

/** `2026-12-05T03:12Z`: a minute as the state table and the alert name it. */
export function minuteId(minute: number): string {
  return `${new Date(minute).toISOString().slice(0, 16)}Z`;
}
