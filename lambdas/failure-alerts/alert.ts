/**
 * The one shape every failure becomes (docs/architecture.md#alerts-one-normalised-fabric). Whatever
 * the source, an on-call engineer reads the same fields, filters on the same SNS attributes and
 * follows a runbook named after the source.
 */
import { createHash } from 'node:crypto';

/** Each value is also the file name of its runbook: `docs/runbooks/<source>.md`. */
export const ALERT_SOURCES = [
  'glue-job',
  'glue-data-quality',
  'redshift-data',
  'cloudwatch-alarm',
  'lambda-async-failure',
  'bot-attack',
] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

/** `critical`: data is parked or lost, or the platform is under attack, until someone acts; `error`: a run failed; `warning`: stopped or aborted on purpose, or worth a look. */
export const SEVERITIES = ['critical', 'error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Alert {
  readonly source: AlertSource;
  readonly severity: Severity;
  /** Platform environment the function runs for (`PLATFORM_ENV`). */
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  /**
   * What failed: a Glue job, a table, a workgroup and statement, an alarm, a function, or the
   * topic whose traffic looks like a bot attack.
   */
  readonly resource: string;
  /**
   * Coarse kind of failure (state plus exception type where known; for a bot attack the reason
   * and the incident, so that each incident is its own alert); part of the fingerprint.
   */
  readonly errorClass: string;
  /** Glue job run, data quality result, or Lambda request id. */
  readonly runId?: string;
  /** Redshift Data API statement id. */
  readonly statementId?: string;
  /** One line a human reads first. */
  readonly title: string;
  /** What the source said went wrong, redacted. */
  readonly error: string;
  /** When the failure happened (the event's time), ISO 8601. */
  readonly time: string;
  readonly consoleUrl: string;
  readonly runbookUrl: string;
  /** EventBridge event id or Lambda request id, to find the raw event in logs. */
  readonly eventId: string;
  /** Repeats of one failure share it; see `fingerprintOf`. */
  readonly fingerprint: string;
  /** Source-specific facts (metric, score, invoke count …), all redacted. */
  readonly details: Readonly<Record<string, string | number>>;
}

/** The Alert without what is derived from it. */
export type AlertFacts = Omit<Alert, 'fingerprint' | 'runbookUrl' | 'environment'>;

/**
 * Stable across repeats of one failure: run ids, times and messages are left out on purpose, so
 * the fiftieth failed run of the same job with the same exception collapses into one alert.
 */
export function fingerprintOf(source: AlertSource, resource: string, errorClass: string): string {
  return createHash('sha256')
    .update(JSON.stringify([source, resource, errorClass]))
    .digest('hex')
    .slice(0, 32);
}

export function runbookUrl(runbookBaseUrl: string, source: AlertSource): string {
  return `${runbookBaseUrl.replace(/\/+$/, '')}/${source}.md`;
}

export function completeAlert(
  facts: AlertFacts,
  context: { readonly environment: string; readonly runbookBaseUrl: string },
): Alert {
  return {
    ...facts,
    environment: context.environment,
    fingerprint: fingerprintOf(facts.source, facts.resource, facts.errorClass),
    runbookUrl: runbookUrl(context.runbookBaseUrl, facts.source),
  };
}
