/**
 * Writes a generated day into a bucket: one PutObject per object, a bounded number in flight
 * (the SDK retries throttling and transient failures on each), a progress bar on the terminal.
 * The first object that still fails stops the remaining writes and is reported by key; objects
 * already written stay, and a second run overwrites them with identical bytes.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { WriteDayError } from './errors';
import type { GeneratedDay, RawObject } from './generate-day';
import { createProgressBar, type ProgressStream } from './progress-bar';

export interface WriteDayOptions {
  /** PutObject requests in flight at once. @default 16 */
  readonly concurrency?: number;
  /** No progress bar. @default false */
  readonly quiet?: boolean;
  /** Called after each object is written, with its key. @default undefined */
  readonly onObject?: (key: string) => void;
  /** Where the progress bar is drawn. @default process.stderr */
  readonly progressStream?: ProgressStream;
}

export const DEFAULT_WRITE_CONCURRENCY = 16;

export interface WriteDaySummary {
  readonly objects: number;
  readonly bytes: number;
}

export async function writeGeneratedDay(
  s3: S3Client,
  bucket: string,
  day: Pick<GeneratedDay, 'objects'>,
  options: WriteDayOptions = {},
): Promise<WriteDaySummary> {
  const concurrency = options.concurrency ?? DEFAULT_WRITE_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1; got ${concurrency}`);
  }
  const progress = createProgressBar({
    label: `writing s3://${bucket}`,
    total: day.objects.length,
    unit: 'objects',
    quiet: options.quiet ?? false,
    ...(options.progressStream !== undefined && { stream: options.progressStream }),
  });
  let next = 0;
  let bytes = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < day.objects.length) {
      const object = day.objects[next++]!;
      try {
        await putRawObject(s3, bucket, object);
      } catch (cause) {
        failed = true;
        throw new WriteDayError(object.key, { cause });
      }
      bytes += object.body.length;
      progress.tick();
      options.onObject?.(object.key);
    }
  };
  try {
    const workers = Array.from({ length: Math.min(concurrency, day.objects.length) }, worker);
    const results = await Promise.allSettled(workers);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  } finally {
    progress.done();
  }
  return { objects: day.objects.length, bytes };
}

/** Writes one generated object as the raw zone holds it: JSON lines, with that content type. */
export async function putRawObject(s3: S3Client, bucket: string, object: RawObject): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: object.key,
      Body: object.body,
      ContentType: 'application/json',
    }),
  );
}
