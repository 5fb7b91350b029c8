/**
 * How the traffic monitor answered the day's bot burst: the alerts it caused, and how long after
 * the burst's first record, and after its first minute could close, the alert was published.
 */
import { RAW_LINE_FIELD, readLogLine } from '../../../lambdas/traffic-monitor/log-line';
import { MINUTE_MS } from '../../../lambdas/traffic-monitor/minute-tally';
import { LOCAL_ALLOWED_LATENESS_SECONDS } from '../../local-platform/deploy/traffic-monitor';
import { monitoredTopicColumns } from '../../../lambdas/traffic-monitor/config';
import type { Platform } from '../../../infra/platform';
import type { AlertFigures, TrafficMonitorFigures } from '../report/figures';
import type { DayRecord } from '../stream-day';

/** The alert fabric's source name for the monitor's alerts. */
export const BOT_ATTACK_ALERT_SOURCE = 'bot-attack';

export const BURST_MARKS = { first: 'burstFirstRecord', closable: 'burstMinuteClosable' } as const;

/** The stream marks to note: the burst's first record, and the first record past its first minute's close. */
export function burstMarks(
  platform: Platform,
  burst: { readonly startMinute: string; readonly clientIp: string },
): Record<string, (record: DayRecord) => boolean> {
  const topic = monitoredTopicColumns(platform).find((each) => each.role === 'requests')!;
  const column = topic.eventTimeColumn;
  const closableAt =
    Date.parse(burst.startMinute) + MINUTE_MS + LOCAL_ALLOWED_LATENESS_SECONDS * 1000;
  return {
    [BURST_MARKS.first]: (record) =>
      record.topic === topic.name && record.value.includes(burst.clientIp),
    [BURST_MARKS.closable]: (record) => {
      if (record.topic !== topic.name) return false;
      try {
        const fields = JSON.parse(record.value) as Record<string, unknown>;
        const time = fields[column];
        const line = fields[RAW_LINE_FIELD];
        const at =
          typeof time === 'string'
            ? Date.parse(time)
            : typeof line === 'string'
              ? readLogLine(line)?.time
              : undefined;
        return at !== undefined && at >= closableAt;
      } catch {
        return false;
      }
    },
  };
}

export function trafficMonitorFigures(
  marked: Readonly<Record<string, number>>,
  alerts: AlertFigures['items'],
): TrafficMonitorFigures {
  const botAlerts = alerts.filter((alert) => alert.source === BOT_ATTACK_ALERT_SOURCE);
  const published = botAlerts[0]?.publishedAt;
  const publishedAt = published === undefined ? undefined : Date.parse(published);
  const since = (mark: string) => {
    const at = marked[mark];
    return at === undefined || publishedAt === undefined
      ? null
      : Math.round((publishedAt - at) / 10) / 100;
  };
  return {
    botAlerts: botAlerts.length,
    firstRecordToAlertSeconds: since(BURST_MARKS.first),
    closableToAlertSeconds: since(BURST_MARKS.closable),
  };
}
