/**
 * The marketplace as a client of the platform's API, for the local run: it sends the day's
 * purchases and interactions in batches, each under its own Idempotency-Key, and behaves as a
 * careful client would. A 400 names the bad records by JSON Pointer: those are set aside (counted
 * by field) and the rest sent again under a new key. A 409, 429 or 5xx (or a broken connection)
 * is retried with the same key and body after a back-off, so nothing is produced twice. A line
 * that is not JSON at all (a broken serializer) goes alone, as the body it is, and is refused.
 */
import type { SignedAnswer, SignedPost } from './signed-fetch';

/** Back-off before each retry of a request the API could not take; then the run fails. */
export const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1_600, 3_200] as const;
/** Problems found in a body that is not JSON: reported under this field. */
export const NOT_JSON_FIELD = '(not JSON)';

export interface ResourceFigures {
  readonly resource: string;
  readonly records: number;
  readonly accepted: number;
  readonly refused: number;
}

export interface MarketplaceFigures {
  readonly requests: number;
  /** Requests sent again with the same key after a 409, 429, 5xx or a broken connection. */
  readonly retries: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** Records refused, by the field the API named (first problem of each record). */
  readonly refusedByField: Readonly<Record<string, number>>;
  readonly resources: readonly ResourceFigures[];
  /** Round trips of single requests, as the client saw them. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** The API could not take a request in all its retries. */
export class MarketplaceSendError extends Error {
  override readonly name = 'MarketplaceSendError';
}

interface Problem {
  readonly errors?: readonly { readonly path: string }[];
}

export interface MarketplaceSenderOptions {
  readonly maxRecordsPerRequest: number;
  /** Makes the keys of this run its own. */
  readonly runId: string;
  /** @default RETRY_DELAYS_MS */
  readonly retryDelaysMs?: readonly number[];
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export class MarketplaceSender {
  private requests = 0;
  private retries = 0;
  private sequence = 0;
  private readonly statuses = new Map<number, number>();
  private readonly refusedByField = new Map<string, number>();
  private readonly resources = new Map<
    string,
    { records: number; accepted: number; refused: number }
  >();
  private readonly latencies: number[] = [];

  constructor(
    private readonly post: SignedPost,
    private readonly options: MarketplaceSenderOptions,
  ) {}

  /** Sends the records (JSON lines) to `POST /v1/<resource>`; resolves once each is accepted or refused. */
  async send(resource: string, lines: readonly string[]): Promise<void> {
    const tally = this.tally(resource);
    tally.records += lines.length;
    const records: string[] = [];
    for (const line of lines) {
      if (isJsonObject(line)) records.push(line);
      else {
        await this.request(resource, line, [line]);
      }
    }
    for (let start = 0; start < records.length; start += this.options.maxRecordsPerRequest) {
      const chunk = records.slice(start, start + this.options.maxRecordsPerRequest);
      await this.request(resource, `[${chunk.join(',')}]`, chunk);
    }
  }

  /** One batch until it is accepted; records the API refuses are set aside, the rest resent. */
  private async request(resource: string, body: string, lines: readonly string[]): Promise<void> {
    const tally = this.tally(resource);
    let pending = lines;
    let pendingBody = body;
    while (pending.length > 0) {
      this.sequence += 1;
      const key = `${this.options.runId}-${resource}-${this.sequence}`;
      const answer = await this.postUntilTaken(resource, pendingBody, key);
      if (answer.status === 202) {
        tally.accepted += pending.length;
        return;
      }
      const refused = this.refusedIndices(answer, pending.length);
      tally.refused += refused.size;
      pending = pending.filter((_, index) => !refused.has(index));
      pendingBody = `[${pending.join(',')}]`;
    }
  }

  /** Posts under one key, retrying what the API could not take; answers 202 or 400. */
  private async postUntilTaken(resource: string, body: string, key: string): Promise<SignedAnswer> {
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const sleep = this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) this.retries += 1;
      const answer = await this.postOnce(resource, body, key);
      if (answer && (answer.status === 202 || answer.status === 400)) return answer;
      const delay = delays[attempt];
      if (delay === undefined) {
        throw new MarketplaceSendError(
          `POST /v1/${resource} (Idempotency-Key ${key}) was not taken after ${attempt + 1} attempts: ${answer ? `${answer.status} ${answer.body.slice(0, 200)}` : 'no answer'}`,
        );
      }
      await sleep(delay);
    }
  }

  private async postOnce(
    resource: string,
    body: string,
    key: string,
  ): Promise<SignedAnswer | undefined> {
    this.requests += 1;
    const started = performance.now();
    try {
      const answer = await this.post(`/v1/${resource}`, body, {
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
      });
      this.latencies.push(performance.now() - started);
      this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
      return answer;
    } catch {
      // A broken connection: the request may or may not have been taken; the key makes the
      // retry safe either way.
      this.statuses.set(0, (this.statuses.get(0) ?? 0) + 1);
      return undefined;
    }
  }

  /** The records a 400 names (every record when it names none: the body itself was refused). */
  private refusedIndices(answer: SignedAnswer, count: number): Set<number> {
    const problem = parseProblem(answer.body);
    const byRecord = new Map<number, string>();
    for (const { path } of problem.errors ?? []) {
      const [, index, field] = /^\/(\d+)(?:\/([^/]*))?/.exec(path) ?? [];
      const position = count === 1 && index === undefined ? 0 : Number(index);
      const name = field ?? (count === 1 ? /^\/([^/]*)/.exec(path)?.[1] : undefined) ?? '(record)';
      if (!byRecord.has(position))
        byRecord.set(position, name.replaceAll('~1', '/').replaceAll('~0', '~'));
    }
    if (byRecord.size === 0) {
      for (let index = 0; index < count; index += 1) byRecord.set(index, NOT_JSON_FIELD);
    }
    for (const field of byRecord.values())
      this.refusedByField.set(field, (this.refusedByField.get(field) ?? 0) + 1);
    return new Set(byRecord.keys());
  }

  private tally(resource: string) {
    let tally = this.resources.get(resource);
    if (!tally) {
      tally = { records: 0, accepted: 0, refused: 0 };
      this.resources.set(resource, tally);
    }
    return tally;
  }

  figures(): MarketplaceFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (share: number) =>
      sorted.length === 0
        ? 0
        : round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!);
    return {
      requests: this.requests,
      retries: this.retries,
      statuses: Object.fromEntries(
        [...this.statuses].sort(([a], [b]) => a - b).map(([status, n]) => [String(status), n]),
      ),
      refusedByField: Object.fromEntries(
        [...this.refusedByField].sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
      resources: [...this.resources].map(([resource, tally]) => ({ resource, ...tally })),
      latencyMs: {
        p50: at(0.5),
        p99: at(0.99),
        max: sorted.length === 0 ? 0 : round(sorted.at(-1)!),
      },
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function isJsonObject(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function parseProblem(body: string): Problem {
  try {
    return JSON.parse(body) as Problem;
  } catch {
    return {};
  }
}
