/**
 * Every queue and its messages, in memory, plus what long polls wait on. Time comes from the
 * emulator clock (`now`), so visibility, delays and retention follow `advanceClock`.
 */
import type { LocalCloudContext } from '../../core/context';
import { invalidAddress, queueDoesNotExist } from './errors';
import type { StoredAttribute } from './md5';

export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Record<string, StoredAttribute>;
  readonly systemAttributes: Record<string, StoredAttribute>;
  readonly md5OfBody: string;
  readonly md5OfAttributes?: string;
  readonly md5OfSystemAttributes?: string;
  /** Epoch ms: when the message was first sent (retention counts from here, even after redrive). */
  readonly sentAt: number;
  /** Epoch ms before which the message cannot be received (delay, then visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The handle of the latest receive; older handles no longer act on the message. */
  receiptHandle?: string;
  deadLetterSourceArn?: string;
}

export interface SqsQueue {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  /** Settable attributes as strings, defaults included. */
  attributes: Record<string, string>;
  messages: StoredMessage[];
  lastPurgeAt?: number;
  tags: Record<string, string>;
}

export interface SqsSnapshot {
  readonly queues: SqsQueue[];
  readonly deletedAt: Record<string, number>;
}

export class QueueStore {
  private queues = new Map<string, SqsQueue>();
  /** Queue name → epoch ms of its deletion, for the 60-second re-creation rule. */
  private deletedAt = new Map<string, number>();
  private waiters = new Set<() => void>();

  constructor(private readonly context: LocalCloudContext) {}

  get accountId(): string {
    return this.context.accountId;
  }

  now(): number {
    return this.context.now().getTime();
  }

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.context.region}:${this.context.accountId}:${name}`;
  }

  urlOf(name: string): string {
    return `${this.context.endpoint()}/${this.context.accountId}/${name}`;
  }

  byName(name: string): SqsQueue | undefined {
    const queue = this.queues.get(name);
    if (queue) this.expire(queue);
    return queue;
  }

  byArn(arn: string): SqsQueue | undefined {
    const prefix = this.arnOf('');
    return arn.startsWith(prefix) ? this.byName(arn.slice(prefix.length)) : undefined;
  }

  /** The queue a QueueUrl names: `<any host>/<account>/<name>`. */
  byUrl(url: string): SqsQueue {
    let segments: string[];
    try {
      segments = new URL(url).pathname.split('/').filter((segment) => segment !== '');
    } catch {
      throw invalidAddress(url);
    }
    if (segments.length !== 2) throw invalidAddress(url);
    const [account, name] = segments as [string, string];
    const queue = account === this.context.accountId ? this.byName(name) : undefined;
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  all(): SqsQueue[] {
    return [...this.queues.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  add(queue: SqsQueue): void {
    this.queues.set(queue.name, queue);
    this.deletedAt.delete(queue.name);
  }

  remove(queue: SqsQueue): void {
    this.queues.delete(queue.name);
    this.deletedAt.set(queue.name, this.now());
    this.wakeWaiters();
  }

  deletedRecently(name: string): boolean {
    const deletedAt = this.deletedAt.get(name);
    return deletedAt !== undefined && this.now() - deletedAt < 60_000;
  }

  /** Drops messages older than the queue's retention period. */
  expire(queue: SqsQueue): void {
    const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
    const cutoff = this.now() - retentionMs;
    if (queue.messages.some((message) => message.sentAt <= cutoff))
      queue.messages = queue.messages.filter((message) => message.sentAt > cutoff);
  }

  enqueue(queue: SqsQueue, message: StoredMessage): void {
    queue.messages.push(message);
    this.wakeWaiters();
  }

  /** Resolves when a message may have arrived somewhere, or after `ms`, whichever is first. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      timer.unref();
      this.waiters.add(done);
    });
  }

  wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }

  reset(): void {
    this.queues.clear();
    this.deletedAt.clear();
    this.wakeWaiters();
  }

  snapshot(): SqsSnapshot {
    return structuredClone({
      queues: [...this.queues.values()],
      deletedAt: Object.fromEntries(this.deletedAt),
    });
  }

  restore(state: unknown): void {
    const snapshot = state as SqsSnapshot;
    this.reset();
    for (const queue of structuredClone(snapshot.queues)) this.queues.set(queue.name, queue);
    for (const [name, at] of Object.entries(snapshot.deletedAt)) this.deletedAt.set(name, at);
  }
}

/** Visible now: not delayed and not in flight. */
export function isVisible(message: StoredMessage, now: number): boolean {
  return message.visibleAt <= now;
}

export function isInFlight(message: StoredMessage, now: number): boolean {
  return message.receiveCount > 0 && message.visibleAt > now;
}

export function isDelayed(message: StoredMessage, now: number): boolean {
  return message.receiveCount === 0 && message.visibleAt > now;
}
