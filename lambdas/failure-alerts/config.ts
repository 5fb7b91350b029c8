/**
 * The alert function's configuration, read once at cold start. The CDK sets exactly these
 * variables; none of them is secret.
 */
import { ConfigurationError, positiveIntEnv, requireEnv } from '../shared/env';

export interface AlertConfig {
  /** Platform environment, shown in every alert (`PLATFORM_ENV`). */
  readonly platformEnv: string;
  /** The KMS-encrypted alert topic (`ALERT_TOPIC_ARN`). */
  readonly topicArn: string;
  /** Dedupe table: key `fingerprint` (S), TTL attribute `expiresAt` (`DEDUPE_TABLE_NAME`). */
  readonly dedupeTableName: string;
  /** Repeats of one failure within this many seconds are counted, not sent (`DEDUPE_WINDOW_SECONDS`). @default 300 */
  readonly dedupeWindowSeconds: number;
  /**
   * Where the runbooks live; an alert links `<base>/<source>.md` (`RUNBOOK_BASE_URL`): an
   * http(s) URL, or a path inside the repository such as `docs/runbooks` when the deployment
   * has no published copy of them.
   */
  readonly runbookBaseUrl: string;
}

export function loadAlertConfig(environment: NodeJS.ProcessEnv = process.env): AlertConfig {
  const topicArn = requireEnv('ALERT_TOPIC_ARN', environment);
  if (!/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}$/.test(topicArn)) {
    throw new ConfigurationError(`ALERT_TOPIC_ARN must be an SNS topic ARN; got "${topicArn}"`);
  }
  const runbookBaseUrl = runbookBase(requireEnv('RUNBOOK_BASE_URL', environment));
  return {
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    topicArn,
    dedupeTableName: requireEnv('DEDUPE_TABLE_NAME', environment),
    dedupeWindowSeconds: positiveIntEnv('DEDUPE_WINDOW_SECONDS', 300, environment),
    runbookBaseUrl,
  };
}

/** Repository paths: relative, plain segments, no way out of the repository. */
const REPOSITORY_PATH = /^(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

function runbookBase(value: string): string {
  const base = value.replace(/\/+$/, '');
  if (REPOSITORY_PATH.test(base)) return base;
  let protocol: string;
  try {
    protocol = new URL(base).protocol;
  } catch (cause) {
    throw new ConfigurationError(
      `RUNBOOK_BASE_URL must be an http(s) URL or a repository path such as docs/runbooks; got "${base}"`,
      { cause },
    );
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ConfigurationError(`RUNBOOK_BASE_URL must be an http(s) URL; got "${base}"`);
  }
  return base;
}
