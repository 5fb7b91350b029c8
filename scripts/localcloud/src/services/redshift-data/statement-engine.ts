/**
 * Accepts statements, runs them asynchronously on their database, and keeps their records:
 * SUBMITTED while queued, STARTED while running, then FINISHED, FAILED or ABORTED.
 * Successful units that change data are journaled per database so a restored snapshot can
 * rebuild the databases by replaying them.
 */
import { randomUUID } from 'node:crypto';
import type { LocalCloudContext } from '../../core/context';
import type { ObjectSource } from './copy/load';
import { DatabasePool, databaseKey, type Session } from './database-pool';
import { prepareSqls, runUnit, type SubOutcome } from './execution';
import { MODEL_CATALOG_SETUP } from './ml/run-model-statement';
import { runSimple } from './pg-wire';
import {
  TERMINAL_STATUSES,
  type StatementRecord,
  type SubStatementRecord,
} from './statement-model';
import type { ConnectionTarget, SqlParameter } from './validation';

export interface Submission {
  readonly sqls: readonly string[];
  readonly isBatch: boolean;
  readonly target: ConnectionTarget;
  readonly parameters?: readonly SqlParameter[];
  readonly statementName?: string;
  readonly resultFormat: 'JSON' | 'CSV';
  readonly withEvent: boolean;
}

interface JournalUnit {
  readonly sqls: readonly string[];
  readonly parameters?: readonly SqlParameter[];
}

export interface EngineSnapshot {
  readonly statements: StatementRecord[];
  readonly journals: Record<string, JournalUnit[]>;
  readonly lastQueryId: number;
}

const FIRST_QUERY_ID = 1000;
const READ_ONLY = /^\s*(SELECT|WITH|SHOW|EXPLAIN)\b/i;

export class StatementEngine {
  readonly statements = new Map<string, StatementRecord>();
  private journals = new Map<string, JournalUnit[]>();
  private completions = new Map<string, Promise<void>>();
  private cancelRequests = new Set<string>();
  private lastQueryId = FIRST_QUERY_ID;
  /** Bumped by reset() so work still finishing from before it cannot touch the new state. */
  private generation = 0;
  private readonly pool = new DatabasePool((key, session) => this.replay(key, session));

  constructor(
    private readonly context: LocalCloudContext,
    private readonly objectSource: () => ObjectSource,
  ) {}

  /** Validates and queues; throws ValidationException before anything is recorded. */
  submit(submission: Submission): StatementRecord {
    const prepared = prepareSqls(submission.sqls, submission.parameters);
    const id = randomUUID();
    const now = this.context.now().getTime();
    const key = databaseKey(submission.target);
    const generation = this.generation;
    const record: StatementRecord = {
      id,
      isBatch: submission.isBatch,
      ...(submission.statementName !== undefined && { statementName: submission.statementName }),
      ...(submission.parameters && { parameters: submission.parameters }),
      target: submission.target,
      resultFormat: submission.resultFormat,
      withEvent: submission.withEvent,
      redshiftPid: this.pool.pidOf(key),
      status: 'SUBMITTED',
      createdAt: now,
      updatedAt: now,
      durationNs: -1,
      subStatements: submission.sqls.map((sql, index) =>
        this.newSubStatement(submission.isBatch ? `${id}:${index + 1}` : id, sql, now),
      ),
    };
    this.statements.set(id, record);
    const done = this.pool
      .run(key, async (session) => {
        if (record.status === 'ABORTED') return;
        this.setStatus(record, 'PICKED');
        this.setStatus(record, 'STARTED');
        const outcome = await runUnit(
          session,
          prepared,
          submission.parameters,
          this.objectSource(),
          {
            started: (index) => this.subStarted(record.subStatements[index]!),
            ended: (index, result) => this.subEnded(record, record.subStatements[index]!, result),
            cancelled: () => this.cancelRequests.has(id),
          },
        );
        const changedData = !submission.sqls.every((sql) => READ_ONLY.test(sql));
        if (outcome === 'committed' && changedData && generation === this.generation) {
          const { sqls, parameters } = submission;
          this.journal(key).push({ sqls, ...(parameters && { parameters }) });
        }
        this.finish(
          record,
          outcome === 'committed' ? 'FINISHED' : outcome === 'failed' ? 'FAILED' : 'ABORTED',
        );
      })
      .catch((error: unknown) => {
        record.error = `ERROR: ${error instanceof Error ? error.message : String(error)}`;
        this.finish(record, 'FAILED');
      });
    this.completions.set(id, done);
    return record;
  }

  /** Resolves when the statement ends or after `seconds`, whichever comes first. */
  async waitFor(record: StatementRecord, seconds: number): Promise<void> {
    const done = this.completions.get(record.id);
    if (seconds <= 0 || !done || TERMINAL_STATUSES.has(record.status)) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, seconds * 1000);
    });
    await Promise.race([done, timeout]);
    clearTimeout(timer);
  }

  /** CancelStatement: a queued statement never runs; a running one is rolled back. */
  cancel(record: StatementRecord): void {
    if (record.status === 'SUBMITTED' || record.status === 'PICKED') {
      for (const sub of record.subStatements) sub.status = 'ABORTED';
      this.finish(record, 'ABORTED');
    } else {
      this.cancelRequests.add(record.id);
    }
  }

  /** Starts the database's engine now, in the background, instead of on its first statement. */
  startDatabase(target: ConnectionTarget): void {
    this.pool.run(databaseKey(target), () => Promise.resolve()).catch(() => undefined);
  }

  /** Stops the engines (their data is gone; statements and journals stay for snapshot()). */
  stop(): Promise<void> {
    return this.pool.close();
  }

  reset(): void {
    this.generation += 1;
    this.pool.reset();
    this.statements.clear();
    this.journals = new Map();
    this.completions = new Map();
    this.cancelRequests = new Set();
    this.lastQueryId = FIRST_QUERY_ID;
  }

  snapshot(): EngineSnapshot {
    return {
      statements: [...this.statements.values()],
      journals: Object.fromEntries(this.journals),
      lastQueryId: this.lastQueryId,
    };
  }

  restore(state: EngineSnapshot): void {
    this.reset();
    for (const record of state.statements) this.statements.set(record.id, record);
    this.journals = new Map(Object.entries(state.journals));
    this.lastQueryId = state.lastQueryId;
  }

  private newSubStatement(id: string, queryString: string, now: number): SubStatementRecord {
    return {
      id,
      queryString,
      status: 'SUBMITTED',
      createdAt: now,
      updatedAt: now,
      durationNs: -1,
      hasResultSet: false,
      resultRows: -1,
      resultSize: -1,
      redshiftQueryId: 0,
    };
  }

  private subStarted(sub: SubStatementRecord): void {
    this.lastQueryId += 1;
    sub.redshiftQueryId = this.lastQueryId;
    sub.status = 'STARTED';
    sub.updatedAt = this.context.now().getTime();
  }

  private subEnded(record: StatementRecord, sub: SubStatementRecord, outcome: SubOutcome): void {
    sub.durationNs = outcome.durationNs;
    sub.updatedAt = this.context.now().getTime();
    if (!outcome.ok) {
      sub.status = 'FAILED';
      sub.error = outcome.error;
      record.error = outcome.error;
      return;
    }
    sub.status = 'FINISHED';
    sub.resultRows = outcome.rows;
    sub.hasResultSet = outcome.result !== undefined;
    sub.resultSize = outcome.result?.size ?? 0;
    if (outcome.result)
      sub.result = { columns: outcome.result.columns, records: outcome.result.records };
  }

  private setStatus(record: StatementRecord, status: StatementRecord['status']): void {
    record.status = status;
    record.updatedAt = this.context.now().getTime();
  }

  private finish(record: StatementRecord, status: StatementRecord['status']): void {
    this.setStatus(record, status);
    this.cancelRequests.delete(record.id);
    record.durationNs = record.subStatements.reduce(
      (sum, sub) => sum + Math.max(sub.durationNs, 0),
      0,
    );
    for (const sub of record.subStatements) {
      // Sub-statements that never ran because an earlier one failed or the batch was cancelled.
      if (!TERMINAL_STATUSES.has(sub.status)) {
        sub.status = 'ABORTED';
        sub.updatedAt = record.updatedAt;
      }
    }
    if (record.withEvent) this.publishEvent(record);
  }

  private publishEvent(record: StatementRecord): void {
    if (!this.context.bus.putEvent) return;
    this.context.bus.putEvent({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Redshift Data Statement Status Change',
      source: 'aws.redshift-data',
      account: this.context.accountId,
      time: new Date(record.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.context.region,
      resources: [],
      detail: {
        statementName: record.statementName ?? '',
        statementId: record.id,
        redshiftQueryId: record.subStatements.at(-1)?.redshiftQueryId ?? -1,
        state: record.status,
        rows: record.subStatements.reduce((sum, sub) => sum + Math.max(sub.resultRows, 0), 0),
        expireAt: Math.floor(record.updatedAt / 1000) + 24 * 3600,
      },
    });
  }

  private journal(key: string): JournalUnit[] {
    let units = this.journals.get(key);
    if (!units) {
      units = [];
      this.journals.set(key, units);
    }
    return units;
  }

  /**
   * Prepares a fresh (or wiped) database: the model catalog, then the journal's units replayed
   * (a restored snapshot), failures skipped as they were then.
   */
  private async replay(key: string, session: Session): Promise<void> {
    await runSimple(session.db, MODEL_CATALOG_SETUP);
    for (const unit of this.journals.get(key) ?? []) {
      const prepared = prepareSqls(unit.sqls, unit.parameters);
      await runUnit(session, prepared, unit.parameters, this.objectSource(), {
        started: () => undefined,
        ended: () => undefined,
        cancelled: () => false,
      });
    }
  }
}
