/**
 * What an alert looks like on the SNS topic, within SNS's limits: a Subject of fewer than 100
 * printable ASCII characters without line breaks (e-mail subscribers see it), and a Message that,
 * together with its attributes, fits in 262,144 bytes of UTF-8. The body is readable text
 * followed by the alert as JSON, so people and programs read the same message.
 */
import type { Alert } from './alert';

/** SNS: message plus every attribute's name, type and value. */
export const SNS_MAX_PAYLOAD_BYTES = 262_144;
/** SNS: "must be less than 100 characters". */
export const SNS_MAX_SUBJECT_CHARS = 99;

/** Occurrences of an alert that were counted but not sent while its window was open. */
export interface Repeats {
  readonly count: number;
  /** First and last counted occurrence, ISO 8601. */
  readonly since: string;
  readonly until: string;
}

/** One message on the topic: an alert as it happened, or the summary of a closed window. */
export type Notification =
  | { readonly kind: 'alert'; readonly alert: Alert }
  | { readonly kind: 'summary'; readonly alert: Alert; readonly repeats: Repeats };

export function messageAttributes(
  alert: Alert,
): Record<string, { DataType: 'String'; StringValue: string }> {
  return {
    severity: { DataType: 'String', StringValue: alert.severity },
    source: { DataType: 'String', StringValue: alert.source },
  };
}

function attributeBytes(attributes: ReturnType<typeof messageAttributes>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, value]) =>
      sum + utf8Bytes(name) + utf8Bytes(value.DataType) + utf8Bytes(value.StringValue),
    0,
  );
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * At most `maxBytes` of UTF-8, cut on a character boundary, ending in a marker that says how
 * much was cut. Never splits a multi-byte sequence or a surrogate pair.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const marker = (kept: number) => `\n… [truncated: ${kept} of ${bytes.length} bytes shown]`;
  // The marker's own length depends on the number in it; the longest number is the total.
  let cut = Math.max(0, maxBytes - utf8Bytes(marker(bytes.length)));
  // Back off to the first byte of a character (continuation bytes are 0b10xxxxxx).
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return bytes.subarray(0, cut).toString('utf8') + marker(cut);
}

/** Printable ASCII only, one line, under 100 characters, not starting with a space. */
export function toSubject(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  const subject = ascii === '' ? 'Alert' : ascii;
  return subject.length <= SNS_MAX_SUBJECT_CHARS
    ? subject
    : `${subject.slice(0, SNS_MAX_SUBJECT_CHARS - 3).trimEnd()}...`;
}

export function subjectOf(notification: Notification): string {
  const { alert } = notification;
  const prefix = `[${alert.environment}]`;
  return notification.kind === 'alert'
    ? toSubject(`${prefix} ${alert.severity.toUpperCase()} ${alert.title}`)
    : toSubject(`${prefix} ${notification.repeats.count} more: ${alert.title}`);
}

function render(notification: Notification): string {
  const { alert } = notification;
  const lines = [
    notification.kind === 'summary'
      ? `${notification.repeats.count} more occurrences since ${notification.repeats.since} (last at ${notification.repeats.until}) of:`
      : undefined,
    alert.title,
    '',
    `Severity:    ${alert.severity}`,
    `Source:      ${alert.source}`,
    `Environment: ${alert.environment} (account ${alert.account}, ${alert.region})`,
    `Resource:    ${alert.resource}`,
    alert.runId !== undefined ? `Run id:      ${alert.runId}` : undefined,
    alert.statementId !== undefined ? `Statement:   ${alert.statementId}` : undefined,
    `Time:        ${alert.time}`,
    `Console:     ${alert.consoleUrl}`,
    `Runbook:     ${alert.runbookUrl}`,
    '',
    'Error:',
    alert.error,
    ...(Object.keys(alert.details).length > 0
      ? [
          '',
          'Details:',
          ...Object.entries(alert.details).map(([key, value]) => `  ${key}: ${value}`),
        ]
      : []),
    '',
    '-- alert as JSON --',
    JSON.stringify({
      kind: notification.kind,
      ...alert,
      ...(notification.kind === 'summary' && { repeats: notification.repeats }),
    }),
  ];
  return lines.filter((line) => line !== undefined).join('\n');
}

/**
 * The message body, within SNS's size limit. Only the error text can be large, so it is cut
 * first (the JSON stays valid); cutting the whole message is the last resort.
 */
export function messageOf(notification: Notification): string {
  const budget = SNS_MAX_PAYLOAD_BYTES - attributeBytes(messageAttributes(notification.alert));
  let current = notification;
  let text = render(current);
  for (let attempt = 0; attempt < 4 && utf8Bytes(text) > budget; attempt += 1) {
    const excess = utf8Bytes(text) - budget;
    const errorBytes = utf8Bytes(current.alert.error);
    if (errorBytes === 0) break;
    // The error appears twice (text and JSON), so cutting it by the excess always suffices
    // unless JSON escaping grew it; the loop covers that case.
    const error = truncateUtf8(current.alert.error, Math.max(0, errorBytes - excess - 128));
    current = { ...current, alert: { ...current.alert, error } };
    text = render(current);
  }
  return utf8Bytes(text) <= budget ? text : truncateUtf8(text, budget);
}
