import { z } from 'zod';
import type { Construct } from 'constructs';
import { DEFAULT_RUNBOOK_BASE_URL } from '../facts/alerting';

/** `-c runbookBaseUrl` is not an https URL. */
export class RunbookUrlOptionError extends Error {
  override readonly name = 'RunbookUrlOptionError';
}

/** `-c runbookBaseUrl=https://…` without its trailing slash, else the repository path. */
export function readRunbookBaseUrl(scope: Construct): string {
  const value: unknown = scope.node.tryGetContext('runbookBaseUrl');
  if (value === undefined || value === '') return DEFAULT_RUNBOOK_BASE_URL;
  const parsed = z.url({ protocol: /^https$/ }).safeParse(value);
  if (!parsed.success) {
    throw new RunbookUrlOptionError(
      `-c runbookBaseUrl must be an https:// URL (the published docs/runbooks), got ${JSON.stringify(value)}`,
    );
  }
  return parsed.data.replace(/\/+$/, '');
}
