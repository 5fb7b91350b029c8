/**
 * Each failure source → the facts of one Alert. A source event that is not a failure (a job
 * that succeeded, an alarm back to OK, a passing ruleset) gives `undefined`: the function's
 * EventBridge rules should not deliver those, and when one arrives anyway it is not an error.
 * The traffic monitor's "Bot Attack Suspected" is always one: it is sent only for an incident.
 * Every string of the event is redacted before it is read: names (jobs, rulesets, statements,
 * alarms, dimensions) end up in titles, resources, fingerprints and console links, not only
 * the error text.
 */
import { spikeLimit } from '../traffic-monitor/bot-rule';
import { TOP_CLIENTS } from '../traffic-monitor/window-counts';
import { TRAFFIC_METRICS, TRAFFIC_MONITOR_SERVICE_NAME } from '../../infra/aws/facts/traffic';
import { METRIC_NAMESPACE } from '../shared/observability';
import { redactAndLimit, redactSecrets, redactStrings } from '../shared/redaction';
import type { AlertFacts, Severity } from './alert';
import {
  alarmUrl,
  glueJobRunsUrl,
  glueTableUrl,
  lambdaFunctionUrl,
  metricGraphUrl,
  redshiftTargetOf,
  redshiftUrl,
} from './console-links';
import type {
  AlarmStateChange,
  BotAttackSuspected,
  DataQualityResults,
  GlueJobStateChange,
  LambdaFailureRecord,
  RedshiftStatementStatus,
} from './event-schemas';
import type { ParsedEvent } from './parse-event';

/** Enough for any stack trace worth reading; keeps a stored window item far below 400 KB. */
export const MAX_ERROR_CHARS = 32 * 1024;
/** The failed request's payload is kept as a redacted excerpt, for replay. */
export const MAX_PAYLOAD_CHARS = 4 * 1024;

const GLUE_JOB_FAILURES: Readonly<Record<string, Severity>> = {
  FAILED: 'error',
  TIMEOUT: 'error',
  ERROR: 'error',
  STOPPED: 'warning',
};

const REDSHIFT_FAILURES: Readonly<Record<string, Severity>> = {
  FAILED: 'error',
  ABORTED: 'warning',
};

/** `…AnalysisException: …` → `AnalysisException`: the exception type, not its varying message. */
export function exceptionTypeIn(message: string | undefined): string | undefined {
  return message === undefined
    ? undefined
    : /\b([A-Z][A-Za-z0-9]*(?:Exception|Error))\b/.exec(message)?.[1];
}

function glueJob(event: GlueJobStateChange): AlertFacts | undefined {
  const { jobName, jobRunId, state, message, severity } = event.detail;
  const alertSeverity = GLUE_JOB_FAILURES[state];
  if (alertSeverity === undefined) return undefined;
  const exception = exceptionTypeIn(message);
  return {
    source: 'glue-job',
    severity: alertSeverity,
    account: event.account,
    region: event.region,
    resource: jobName,
    errorClass: exception ? `${state}:${exception}` : state,
    runId: jobRunId,
    title: `Glue job ${jobName} ${state}`,
    error: redactAndLimit(message ?? `Job run ended ${state} without a message`, MAX_ERROR_CHARS),
    time: event.time,
    consoleUrl: glueJobRunsUrl(event.region, jobName),
    eventId: event.id,
    details: { state, ...(severity !== undefined && { glueSeverity: severity }) },
  };
}

function dataQuality(event: DataQualityResults): AlertFacts | undefined {
  const { detail } = event;
  const failed = detail.numRulesFailed ?? detail.rulesFailed ?? 0;
  const succeeded = detail.numRulesSucceeded ?? detail.rulesSucceeded;
  const skipped = detail.numRulesSkipped ?? detail.rulesSkipped;
  if (detail.state !== 'FAILED' && failed === 0) return undefined;
  const { databaseName, tableName, jobName, evaluationContext } = detail.context;
  const table = databaseName && tableName ? `${databaseName}.${tableName}` : undefined;
  const rulesets = [...detail.rulesetNames].sort();
  const resource = table ?? jobName ?? evaluationContext ?? (rulesets.join(',') || 'unknown');
  const score = detail.score !== undefined ? ` score ${detail.score.toFixed(2)}` : '';
  const counts = [
    `${failed} failed`,
    ...(succeeded !== undefined ? [`${succeeded} passed`] : []),
    ...(skipped !== undefined ? [`${skipped} skipped`] : []),
  ].join(', ');
  return {
    source: 'glue-data-quality',
    severity: 'error',
    account: event.account,
    region: event.region,
    resource,
    errorClass: `${detail.state}:${rulesets.join(',')}`,
    ...((detail.resultId ?? detail.resultID) !== undefined && {
      runId: detail.resultId ?? detail.resultID,
    }),
    title: `Data quality ${detail.state} on ${resource}${score && `,${score}`}`,
    error: redactSecrets(
      `Ruleset(s) ${rulesets.join(', ') || '(unnamed)'} ${detail.state}: ${counts}.${score}`,
    ),
    time: event.time,
    consoleUrl:
      jobName !== undefined
        ? glueJobRunsUrl(event.region, jobName)
        : glueTableUrl(event.region, databaseName ?? '', tableName ?? ''),
    eventId: event.id,
    details: {
      state: detail.state,
      rulesFailed: failed,
      ...(succeeded !== undefined && { rulesSucceeded: succeeded }),
      ...(skipped !== undefined && { rulesSkipped: skipped }),
      ...(detail.score !== undefined && { score: detail.score }),
      ...(detail.context.contextType !== undefined && { contextType: detail.context.contextType }),
      ...(evaluationContext !== undefined && { evaluationContext }),
      ...(detail.context.runId !== undefined && { evaluationRunId: detail.context.runId }),
      ...(detail.context.jobId !== undefined && { jobRunId: detail.context.jobId }),
    },
  };
}

function redshiftData(event: RedshiftStatementStatus): AlertFacts | undefined {
  const { statementId, statementName, state, expireAt, principal } = event.detail;
  const severity = REDSHIFT_FAILURES[state];
  if (severity === undefined) return undefined;
  const target = redshiftTargetOf(event.resources[0]);
  const resource = statementName ? `${target.name}/${statementName}` : target.name;
  const expiry = expireAt !== undefined ? ` before ${new Date(expireAt * 1000).toISOString()}` : '';
  return {
    source: 'redshift-data',
    severity,
    account: event.account,
    region: event.region,
    resource,
    errorClass: state,
    statementId,
    title: `Redshift statement ${statementName ?? statementId} ${state}`,
    // The event carries no error text; DescribeStatement has it until the statement expires.
    error: `Statement ${statementId} ${state}. The Data API event carries no error text: read it with "aws redshift-data describe-statement --id ${statementId}"${expiry}.`,
    time: event.time,
    consoleUrl: redshiftUrl(event.region, target),
    eventId: event.id,
    details: {
      state,
      target: `${target.kind}:${target.name}`,
      ...(principal !== undefined && { principal }),
      ...(expireAt !== undefined && { expireAt }),
    },
  };
}

function cloudwatchAlarm(event: AlarmStateChange): AlertFacts | undefined {
  const { alarmName, state, previousState, configuration } = event.detail;
  if (state.value !== 'ALARM') return undefined;
  const metric = configuration.metrics.find((each) => each.metricStat)?.metricStat?.metric;
  // A dead-letter queue with messages in it means data is parked until someone redrives it.
  const parksData =
    metric?.namespace === 'AWS/SQS' && metric.name === 'ApproximateNumberOfMessagesVisible';
  // Name and value were redacted apart; only together (`ApiToken=…`) do they read as a secret.
  const dimensions = redactSecrets(
    Object.entries(metric?.dimensions ?? {})
      .map(([name, value]) => `${name}=${value}`)
      .join(','),
  );
  return {
    source: 'cloudwatch-alarm',
    severity: parksData ? 'critical' : 'error',
    account: event.account,
    region: event.region,
    resource: alarmName,
    errorClass: state.value,
    title: `Alarm ${alarmName} is in ALARM`,
    error: redactAndLimit(state.reason || 'No reason given', MAX_ERROR_CHARS),
    time: event.time,
    consoleUrl: alarmUrl(event.region, alarmName),
    eventId: event.id,
    details: {
      ...(configuration.description !== undefined && {
        description: redactSecrets(configuration.description),
      }),
      ...(metric !== undefined && { metric: `${metric.namespace}/${metric.name}` }),
      ...(dimensions !== '' && { dimensions }),
      ...(configuration.alarmRule !== undefined && { alarmRule: configuration.alarmRule }),
      ...(previousState !== undefined && { previousState: previousState.value }),
    },
  };
}

interface LambdaErrorPayload {
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly trace?: readonly string[];
}

function errorPayloadOf(payload: unknown): LambdaErrorPayload {
  if (typeof payload !== 'object' || payload === null) return {};
  const { errorType, errorMessage, trace } = payload as Record<string, unknown>;
  return {
    ...(typeof errorType === 'string' && { errorType }),
    ...(typeof errorMessage === 'string' && { errorMessage }),
    ...(Array.isArray(trace) && {
      trace: trace.filter((line): line is string => typeof line === 'string'),
    }),
  };
}

function lambdaAsyncFailure(record: LambdaFailureRecord): AlertFacts | undefined {
  const { requestContext, responseContext, responsePayload, requestPayload } = record;
  if (requestContext.condition === 'Success') return undefined;
  // arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]
  const [, , , region = 'unknown', account = 'unknown', , functionName = 'unknown'] =
    requestContext.functionArn.split(':');
  const failure = errorPayloadOf(responsePayload);
  const kind = failure.errorType ?? responseContext?.functionError;
  const text = [
    failure.errorMessage ?? `Invocation gave up: ${requestContext.condition}`,
    ...(failure.trace ?? []).slice(0, 10),
  ].join('\n');
  return {
    source: 'lambda-async-failure',
    severity: 'error',
    account,
    region,
    resource: functionName,
    errorClass: kind ? `${requestContext.condition}:${kind}` : requestContext.condition,
    runId: requestContext.requestId,
    title: `Lambda ${functionName} gave up on an event (${requestContext.condition})`,
    error: redactAndLimit(text, MAX_ERROR_CHARS),
    time: record.timestamp,
    consoleUrl: lambdaFunctionUrl(region, functionName),
    eventId: requestContext.requestId,
    details: {
      condition: requestContext.condition,
      approximateInvokeCount: requestContext.approximateInvokeCount,
      ...(responseContext?.executedVersion !== undefined && {
        executedVersion: responseContext.executedVersion,
      }),
      ...(kind !== undefined && { errorType: kind }),
      requestPayload: redactAndLimit(JSON.stringify(requestPayload) ?? 'null', MAX_PAYLOAD_CHARS),
    },
  };
}

/** At most one decimal: 31.4, 27.9, 600. */
const oneDecimal = (value: number): string => String(Math.round(value * 10) / 10);

const BOT_REASON_TEXT: Readonly<Record<BotAttackSuspected['detail']['reason'], string>> = {
  ceiling: 'over the ceiling',
  spike: 'a spike against the trailing rate',
  ceiling_and_spike: 'over the ceiling, and a spike against the trailing rate',
};

/**
 * One alert per incident: the monitor sends one event for it, and its id (the first flagged
 * minute) is in the error class, so a redelivery is a repeat and a later incident a new alert.
 * The busiest clients' addresses are kept: on-call needs them to block the client.
 */
function botAttack(event: BotAttackSuspected): AlertFacts {
  const { detail } = event;
  const { rule } = detail;
  const minute = new Date(detail.minute);
  const clock = minute.toISOString().slice(11, 16);
  const limit = spikeLimit(detail.trailingRate, rule);
  const threshold =
    detail.reason === 'spike'
      ? `spike limit ${limit}/min`
      : `ceiling ${rule.maxRequestsPerMinute}/min`;
  const clients = [...detail.topClients]
    .sort((a, b) => b.requests - a.requests)
    .slice(0, TOP_CLIENTS); // no more than the monitor sends
  // Addresses line up (45 characters hold any IPv6 address); longer text is not padded to.
  const width = Math.min(45, Math.max(...clients.map((each) => each.client.length)));
  const zText = detail.poissonZ === null ? undefined : oneDecimal(detail.poissonZ);
  const error = [
    `${detail.requests} requests from ${detail.distinctClients} distinct clients on ${detail.topic} in the minute from ${detail.minute} (incident ${detail.incidentId}): ${BOT_REASON_TEXT[detail.reason]}.`,
    `Rule: more than ${rule.maxRequestsPerMinute} requests in a minute (ceiling), or at least ${rule.minRequests} requests and a Poisson z of ${rule.poissonZ} or more against the rate of the trailing ${rule.trailingMinutes} minutes (spike).`,
    zText === undefined
      ? `This minute: trailing rate ${oneDecimal(detail.trailingRate)}/min; Poisson z not scored (the trailing window was not yet full).`
      : `This minute: trailing rate ${oneDecimal(detail.trailingRate)}/min, Poisson z ${zText}, spike limit ${limit}/min.`,
    clients.length > 0
      ? `Busiest clients (requests in the minute):\n${clients.map((each) => `  ${each.client.padEnd(width)}  ${each.requests}`).join('\n')}`
      : 'Busiest clients: none reported.',
  ].join('\n');
  return {
    source: 'bot-attack',
    severity: 'critical',
    account: event.account,
    region: event.region,
    resource: detail.topic,
    errorClass: `${detail.reason.toUpperCase()}:${detail.incidentId}`,
    title: `Bot attack suspected on ${detail.topic}: ${detail.requests} requests in ${clock} UTC (${threshold})`,
    error: redactAndLimit(error, MAX_ERROR_CHARS),
    time: detail.minute,
    consoleUrl: trafficGraphUrl(event.region, minute, rule),
    eventId: event.id,
    details: {
      incidentId: detail.incidentId,
      reason: detail.reason,
      requests: detail.requests,
      distinctClients: detail.distinctClients,
      trailingRate: detail.trailingRate,
      ...(detail.poissonZ !== null && { poissonZ: detail.poissonZ }),
      rule: `maxRequestsPerMinute=${rule.maxRequestsPerMinute}, trailingMinutes=${rule.trailingMinutes}, poissonZ=${rule.poissonZ}, minRequests=${rule.minRequests}`,
      topClients: redactSecrets(
        clients.map((each) => `${each.client} (${each.requests})`).join(', '),
      ),
    },
  };
}

/**
 * The monitor's requests and distinct clients per minute (`service` is its only dimension), from
 * the trailing window before the flagged minute (at least an hour) to an hour after it, with the
 * ceiling and the minute marked.
 */
function trafficGraphUrl(
  region: string,
  minute: Date,
  rule: BotAttackSuspected['detail']['rule'],
): string {
  const minutes = (count: number) => new Date(minute.getTime() + count * 60_000).toISOString();
  const metric = (name: string) => [
    METRIC_NAMESPACE,
    name,
    'service',
    TRAFFIC_MONITOR_SERVICE_NAME,
  ];
  return metricGraphUrl(region, {
    metrics: [
      metric(TRAFFIC_METRICS.requests),
      [...metric(TRAFFIC_METRICS.distinctClients), { stat: 'Maximum', yAxis: 'right' }],
    ],
    stat: 'Sum',
    periodSeconds: 60,
    start: minutes(-Math.max(60, rule.trailingMinutes)),
    end: minutes(60),
    horizontal: [{ label: 'ceiling', value: rule.maxRequestsPerMinute }],
    vertical: [{ label: 'first flagged minute', value: minute.toISOString() }],
  });
}

/** The facts of the alert an event raises, or `undefined` when it reports no failure. */
export function alertFactsOf(
  event: Exclude<ParsedEvent, { kind: 'schedule' }>,
): AlertFacts | undefined {
  const parsed = redactStrings(event);
  switch (parsed.kind) {
    case 'glue-job':
      return glueJob(parsed.event);
    case 'glue-data-quality':
      return dataQuality(parsed.event);
    case 'redshift-data':
      return redshiftData(parsed.event);
    case 'cloudwatch-alarm':
      return cloudwatchAlarm(parsed.event);
    case 'lambda-async-failure':
      return lambdaAsyncFailure(parsed.event);
    case 'bot-attack':
      return botAttack(parsed.event);
  }
}
