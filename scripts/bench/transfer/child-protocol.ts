/**
 * What the parent tells a copying child and what the child answers. Each copy runs in its own
 * process so its peak RSS is the copy's alone (localcloud, which holds the objects, lives in the
 * parent). The child prints exactly one JSON line on stdout: its report.
 */

export type ChildInput =
  | {
      readonly kind: 'baseline';
      /** Presigned GET of the source object. */
      readonly sourceUrl: string;
      /** Blob URL to Put (the account key comes in the environment, not on the command line). */
      readonly targetUrl: string;
      readonly accountName: string;
      readonly sizeBytes: number;
    }
  | {
      readonly kind: 'transfer';
      /** The EventBridge event S3 emitted for the object, as the SQS message body carries it. */
      readonly eventBody: string;
    };

/** Environment variable carrying the account key to the baseline child. */
export const ACCOUNT_KEY_VARIABLE = 'BENCH_AZURE_ACCOUNT_KEY';

export interface ChildReport {
  readonly durationMs: number;
  /**
   * `process.resourceUsage().maxRSS`, KiB. On Linux it keeps the high-water mark of the image
   * before exec: the child starts as a fork of the parent, which holds localcloud's objects, so
   * this figure can be the parent's size. Reported, but not used when `peakRssKiB` is known.
   */
  readonly maxRssKiB: number;
  /** `VmHWM` of /proc/self/status, KiB: the peak RSS of this process image alone (Linux). */
  readonly peakRssKiB?: number;
  readonly rssBeforeCopyKiB: number;
  /** CPU time (user + system) the child spent on the copy, ms. */
  readonly cpuMs?: number;
  readonly bytes: number;
  /** transfer: the outcome and the copy mode it used. */
  readonly outcome?: string;
  readonly modeUsed?: string;
  /** transfer: metric name → sum of the values the transfer emitted. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** transfer: S3 command name → how many the function's S3 client sent. */
  readonly s3Commands?: Readonly<Record<string, number>>;
  /** transfer: messages it logged at warn or error level. */
  readonly warnings?: readonly string[];
}

export class ChildReportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChildReportError';
  }
}

/** The report in a child's stdout: its last line that is a JSON object with the required fields. */
export function parseChildReport(stdout: string): ChildReport {
  const lines = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'));
  const last = lines[lines.length - 1];
  if (last === undefined)
    throw new ChildReportError(`No JSON report in the child's output: ${stdout.slice(-500)}`);
  let report: unknown;
  try {
    report = JSON.parse(last);
  } catch (cause) {
    throw new ChildReportError(`The child's report is not JSON: ${last.slice(0, 200)}`, { cause });
  }
  const fields = report as Partial<Record<keyof ChildReport, unknown>>;
  for (const field of ['durationMs', 'maxRssKiB', 'rssBeforeCopyKiB', 'bytes'] as const) {
    if (typeof fields[field] !== 'number')
      throw new ChildReportError(
        `The child's report has no number "${field}": ${last.slice(0, 200)}`,
      );
  }
  return report as ChildReport;
}
