import { completeAlert, type Alert } from '../../../../lambdas/failure-alerts/alert';
import {
  SNS_MAX_PAYLOAD_BYTES,
  SNS_MAX_SUBJECT_CHARS,
  messageAttributes,
  messageOf,
  subjectOf,
  toSubject,
  truncateUtf8,
  utf8Bytes,
  type Notification,
} from '../../../../lambdas/failure-alerts/message';
import { alertFactsOf } from '../../../../lambdas/failure-alerts/normalise';
import { parseAlertEvent } from '../../../../lambdas/failure-alerts/parse-event';
import { botAttackEvent } from '../../../fixtures/events/failure-alerts';

const ALERT: Alert = {
  source: 'glue-job',
  severity: 'error',
  environment: 'dev',
  account: '123456789012',
  region: 'eu-west-1',
  resource: 'hybrid-lake-dev-clean-web-logs',
  errorClass: 'FAILED',
  runId: 'jr_1',
  title: 'Glue job hybrid-lake-dev-clean-web-logs FAILED',
  error: 'AnalysisException: Path does not exist',
  time: '2026-03-08T18:02:11Z',
  consoleUrl: 'https://eu-west-1.console.aws.amazon.com/gluestudio/home?region=eu-west-1',
  runbookUrl: 'https://git.example.com/docs/runbooks/glue-job.md',
  eventId: 'e-1',
  fingerprint: '0123456789abcdef0123456789abcdef',
  details: { state: 'FAILED' },
};

/** What SNS counts against its 256 KB limit. */
function payloadBytes(notification: Notification): number {
  const attributes = Object.entries(messageAttributes(notification.alert)).reduce(
    (sum, [name, value]) =>
      sum + utf8Bytes(name) + utf8Bytes(value.DataType) + utf8Bytes(value.StringValue),
    0,
  );
  return utf8Bytes(messageOf(notification)) + attributes;
}

function jsonOf(message: string): Record<string, unknown> {
  const json = message.slice(
    message.indexOf('-- alert as JSON --\n') + '-- alert as JSON --\n'.length,
  );
  return JSON.parse(json) as Record<string, unknown>;
}

describe('subjects', () => {
  it('keep a 99-character subject as it is', () => {
    const text = 'a'.repeat(99);

    expect(toSubject(text)).toBe(text);
  });

  it('cut a 100-character subject to 99, marked', () => {
    const subject = toSubject('b'.repeat(100));

    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('are printable ASCII on one line, never starting with a space', () => {
    const subject = toSubject('  Ré\tsumé\nfailed: données ✓ 日本  ');

    expect(subject).toBe('Re sume failed: donnees ? ??');
    expect(subject).toMatch(/^[\x21-\x7e][\x20-\x7e]*$/);
  });

  it('name the environment, severity and failure, or the number of repeats', () => {
    expect(subjectOf({ kind: 'alert', alert: ALERT })).toBe(
      '[dev] ERROR Glue job hybrid-lake-dev-clean-web-logs FAILED',
    );
    expect(
      subjectOf({ kind: 'summary', alert: ALERT, repeats: { count: 999, since: 'a', until: 'b' } }),
    ).toBe('[dev] 999 more: Glue job hybrid-lake-dev-clean-web-logs FAILED');
  });
});

describe('the subject of a bot-attack alert', () => {
  const botAlert = (detail: Parameters<typeof botAttackEvent>[0], environment: string) => {
    const parsed = parseAlertEvent(botAttackEvent(detail));
    if (parsed.kind !== 'bot-attack') throw new Error(`parsed as ${parsed.kind}`);
    return completeAlert(alertFactsOf(parsed)!, { environment, runbookBaseUrl: 'docs/runbooks' });
  };

  // A spike alone is at most the ceiling (600 requests); over it, the ceiling is what is named.
  it.each([
    ['ceiling', 999_999, 0],
    ['ceiling_and_spike', 999_999, 598.2],
    ['spike', 600, 450],
  ])(
    'names the minute, the rate and the threshold uncut in 99 characters (%s, %p requests)',
    (reason, requests, trailingRate) => {
      for (const environment of ['dev', 'prod']) {
        const alert = botAlert({ reason, requests, trailingRate }, environment);

        const subject = subjectOf({ kind: 'alert', alert });
        const summary = subjectOf({
          kind: 'summary',
          alert,
          repeats: { count: 99, since: 'a', until: 'b' },
        });

        expect(subject).toMatch(
          new RegExp(
            `^\\[${environment}\\] CRITICAL Bot attack suspected on web-logs: ${requests} requests in 03:12 UTC \\((ceiling 600|spike limit \\d{3})/min\\)$`,
          ),
        );
        expect(subject.length).toBeLessThanOrEqual(SNS_MAX_SUBJECT_CHARS);
        expect(summary).toBe(`[${environment}] 99 more: ${alert.title}`);
        expect(summary.length).toBeLessThanOrEqual(SNS_MAX_SUBJECT_CHARS);
      }
    },
  );

  it('stays within 99 characters, cut at the end, for numbers far beyond the rule', () => {
    const rule = { ...botAttackEvent({}).detail.rule, maxRequestsPerMinute: 10_000_000 };
    const alert = botAlert(
      { reason: 'spike', requests: 9_999_999, trailingRate: 9e6, rule },
      'prod',
    );

    const subject = subjectOf({ kind: 'alert', alert });

    expect(subject).toHaveLength(SNS_MAX_SUBJECT_CHARS);
    expect(subject).toMatch(
      /^\[prod\] CRITICAL Bot attack suspected on web-logs: 9999999 requests in 03:12 UTC .*\.\.\.$/,
    );
  });
});

describe('message body', () => {
  it('is readable text followed by the alert as JSON', () => {
    const message = messageOf({ kind: 'alert', alert: ALERT });

    expect(message).toContain('Severity:    error');
    expect(message).toContain(`Runbook:     ${ALERT.runbookUrl}`);
    expect(jsonOf(message)).toEqual({ kind: 'alert', ...ALERT });
  });

  it('carries the count and period of a summary', () => {
    const repeats = {
      count: 999,
      since: '2026-03-08T18:00:00.000Z',
      until: '2026-03-08T18:00:59.000Z',
    };

    const message = messageOf({ kind: 'summary', alert: ALERT, repeats });

    expect(message.split('\n')[0]).toBe(
      '999 more occurrences since 2026-03-08T18:00:00.000Z (last at 2026-03-08T18:00:59.000Z) of:',
    );
    expect(jsonOf(message)).toMatchObject({ kind: 'summary', repeats });
  });

  it('is left alone when it fits', () => {
    const notification: Notification = {
      kind: 'alert',
      alert: { ...ALERT, error: 'é'.repeat(1000) },
    };

    expect(messageOf(notification)).toContain('é'.repeat(1000));
  });

  it.each([
    ['two-byte', 'é'],
    ['three-byte', '日'],
    ['four-byte (surrogate pairs)', '😀'],
  ])(
    'fits %s text at the 256 KB edge, cut on a character boundary, JSON still valid',
    (_what, char) => {
      // Sized so that the untouched message is a few bytes over the limit.
      const base = payloadBytes({ kind: 'alert', alert: { ...ALERT, error: '' } });
      const repeat = Math.ceil((SNS_MAX_PAYLOAD_BYTES - base) / 2 / utf8Bytes(char)) + 1;
      const notification: Notification = {
        kind: 'alert',
        alert: { ...ALERT, error: char.repeat(repeat) },
      };

      const message = messageOf(notification);

      expect(payloadBytes(notification)).toBeLessThanOrEqual(SNS_MAX_PAYLOAD_BYTES);
      expect(message).not.toContain('\uFFFD');
      expect(Buffer.from(message, 'utf8').toString('utf8')).toBe(message);
      const json = jsonOf(message);
      expect(json.error).toMatch(/\[truncated: \d+ of \d+ bytes shown\]$/);
      expect(json.fingerprint).toBe(ALERT.fingerprint);
    },
  );

  it('is exactly at the limit or under it, never over, whatever the error length', () => {
    const base = payloadBytes({ kind: 'alert', alert: { ...ALERT, error: '' } });
    for (const extra of [-2, -1, 0, 1, 2]) {
      const room = (SNS_MAX_PAYLOAD_BYTES - base) / 2;
      const error = 'x'.repeat(Math.floor(room) + extra);

      expect(payloadBytes({ kind: 'alert', alert: { ...ALERT, error } })).toBeLessThanOrEqual(
        SNS_MAX_PAYLOAD_BYTES,
      );
    }
  });

  it('falls back to cutting the whole message when the error is not what is large', () => {
    const details = { huge: '日'.repeat(100_000) };

    const message = messageOf({ kind: 'alert', alert: { ...ALERT, error: '', details } });

    expect(utf8Bytes(message)).toBeLessThanOrEqual(SNS_MAX_PAYLOAD_BYTES);
    expect(message).toMatch(/\[truncated: \d+ of \d+ bytes shown\]$/);
  });
});

describe('truncateUtf8', () => {
  it('returns text within the limit unchanged', () => {
    expect(truncateUtf8('héllo', 6)).toBe('héllo');
  });

  it('cuts on a character boundary and stays within the byte limit', () => {
    const text = '😀'.repeat(100);
    for (let limit = 60; limit < 70; limit += 1) {
      const cut = truncateUtf8(text, limit);

      expect(utf8Bytes(cut)).toBeLessThanOrEqual(limit);
      expect(cut).not.toContain('\uFFFD');
    }
  });
});

describe('message attributes', () => {
  it('are severity and source, as Strings', () => {
    expect(messageAttributes(ALERT)).toEqual({
      severity: { DataType: 'String', StringValue: 'error' },
      source: { DataType: 'String', StringValue: 'glue-job' },
    });
  });
});
