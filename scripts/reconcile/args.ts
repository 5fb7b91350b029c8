/** The command line of `npm run reconcile`, parsed into options or a `UsageError`. */
import { ZONE_NAMES, type ZoneName } from '../../infra/platform';
import { UsageError } from '../shared/usage-error';
import { HELP, parseOptions } from '../shared/cli-main';

export interface ReconcileArgs {
  readonly zone: ZoneName;
  /** Only keys starting with this. @default '' */
  readonly prefix: string;
  /** Platform environment. @default 'dev' */
  readonly env: string;
  /** Overrides the bucket name derived from the platform definition. */
  readonly bucket?: string;
  /** Blob endpoint of the ADLS account; else `ADLS_ACCOUNT_URL`. */
  readonly accountUrl?: string;
  /** Machine-readable output. @default false */
  readonly json: boolean;
  /** Keys listed per category. @default 20 */
  readonly limit: number;
  /** Compare single-part S3 ETags with ADLS Content-MD5. @default false */
  readonly s3EtagIsMd5: boolean;
  /** Entries per listing request (S3 caps it at 1000). Default: each service's maximum. */
  readonly pageSize?: number;
}

/** What `--help` parses to: print the usage, exit 0. */
export { HELP };

export const USAGE = `Usage: npm run reconcile -- --zone <zone> [options]

Compares a mirrored S3 zone with its ADLS Gen2 file system and reports drift.

  --zone <name>          zone to check: ${ZONE_NAMES.join(', ')} (only mirrored zones)
  --prefix <prefix>      only keys starting with this (e.g. access_events/year=2024/)
  --env <name>           platform environment (default: dev)
  --bucket <name>        S3 bucket (default: derived from the platform definition)
  --account-url <url>    ADLS blob endpoint (default: $ADLS_ACCOUNT_URL)
  --limit <n>            keys shown per category (default: 20)
  --s3-etag-is-md5       compare S3 ETags with ADLS Content-MD5 (not for SSE-KMS objects)
  --page-size <n>        entries per listing request (default: the services' maximum)
  --json                 print a JSON report
  --help                 show this help

Exit codes: 0 no drift, 1 drift found, 2 usage or configuration error.`;

export function parseReconcileArgs(argv: readonly string[]): ReconcileArgs | typeof HELP {
  const values = parseOptions(argv, {
    zone: { type: 'string' },
    prefix: { type: 'string', default: '' },
    env: { type: 'string', default: 'dev' },
    bucket: { type: 'string' },
    'account-url': { type: 'string' },
    json: { type: 'boolean', default: false },
    limit: { type: 'string', default: '20' },
    's3-etag-is-md5': { type: 'boolean', default: false },
    'page-size': { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help === true) return HELP;
  const zone = values.zone;
  if (zone === undefined) throw new UsageError('--zone is required');
  if (!isZoneName(zone)) {
    throw new UsageError(`--zone must be one of ${ZONE_NAMES.join(', ')}; got "${zone}"`);
  }
  const bucket = nonEmpty(values.bucket, '--bucket');
  const accountUrl = nonEmpty(values['account-url'], '--account-url');
  const pageSize =
    values['page-size'] === undefined ? undefined : positiveInt(values['page-size'], '--page-size');
  return {
    zone,
    prefix: values.prefix ?? '',
    env: values.env ?? 'dev',
    ...(bucket !== undefined && { bucket }),
    ...(accountUrl !== undefined && { accountUrl }),
    json: values.json ?? false,
    limit: nonNegativeInt(values.limit ?? '20', '--limit'),
    s3EtagIsMd5: values['s3-etag-is-md5'] ?? false,
    ...(pageSize !== undefined && { pageSize }),
  };
}

function isZoneName(name: string): name is ZoneName {
  return (ZONE_NAMES as readonly string[]).includes(name);
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}

function nonNegativeInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number; got "${value}"`);
  return Number(value);
}

function positiveInt(value: string, flag: string): number {
  const parsed = nonNegativeInt(value, flag);
  if (parsed === 0) throw new UsageError(`${flag} must be at least 1`);
  return parsed;
}
