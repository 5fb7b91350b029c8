/**
 * One embedded PostgreSQL (PGlite) per cluster-or-workgroup database, started on first use
 * (start-up costs seconds) and reused. Work on a database runs one unit at a time, in
 * submission order, the way statements queue on a single Redshift session.
 */
import { PgConnection } from './pg-connection';
import { runSimple } from './pg-wire';
import { CatalogLookup } from './result-format';
import type { ConnectionTarget } from './validation';

export interface Session {
  readonly db: PgConnection;
  readonly catalog: CatalogLookup;
}

interface Database {
  readonly session: Promise<Session>;
  queue: Promise<unknown>;
  readonly pid: number;
}

/**
 * Redshift sessions default to UTC, which also makes timestamptz → timestamp casts match. The
 * model catalog's schema comes last on the search path, so `svv_ml_model_info` reads unqualified
 * as Redshift's system view does.
 */
const SESSION_SETUP = `SET TimeZone TO 'UTC'; SET search_path TO "$user", public, localcloud_ml;`;

/**
 * Drops every user schema (with its tables, views, sequences and functions) and role, and the
 * session's temporary objects and settings, leaving a database as fresh as a new one.
 */
const WIPE_STATEMENTS = [
  'ROLLBACK',
  // Not inside a transaction block, so on its own.
  'DISCARD ALL',
  `DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', item.nspname);
  END LOOP;
  CREATE SCHEMA public;
  FOR item IN SELECT rolname FROM pg_roles WHERE rolname <> current_user AND rolname NOT LIKE 'pg\\_%'
  LOOP
    EXECUTE format('DROP ROLE %I', item.rolname);
  END LOOP;
END $$`,
  SESSION_SETUP,
];

const POOL_CLOSED = 'the warehouse engines are stopped (localcloud stopped)';

/** Redshift process ids are large integers; these only need to be stable per database. */
const FIRST_PID = 1_073_741_900;

export function databaseKey(target: ConnectionTarget): string {
  const host = target.clusterIdentifier
    ? `cluster/${target.clusterIdentifier}`
    : `workgroup/${target.workgroupName ?? ''}`;
  return `${host}/${target.database}`;
}

export class DatabasePool {
  private databases = new Map<string, Database>();
  private pidsIssued = 0;
  /** Set by close(): work that arrives after it would start an engine nobody stops. */
  private closed = false;

  /** `prepare` runs once on a fresh database before any other work (e.g. replaying a journal). */
  constructor(private readonly prepare: (key: string, session: Session) => Promise<void>) {}

  pidOf(key: string): number {
    return this.database(key).pid;
  }

  /** Runs `job` after every unit queued before it on the same database. */
  run<T>(key: string, job: (session: Session) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(POOL_CLOSED));
    const database = this.database(key);
    const result = database.queue.then(async () => job(await database.session));
    database.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Forgets all data. Starting an engine costs seconds, so each open database is wiped in place
   * (queued behind its running work) and prepared again, rather than closed and restarted.
   */
  reset(): void {
    for (const [key, database] of this.databases) {
      database.queue = database.queue
        .then(async () => {
          const session = await database.session;
          for (const statement of WIPE_STATEMENTS) await runSimple(session.db, statement);
          session.catalog.forgetTypes();
          await this.prepare(key, session);
        })
        .catch(() => undefined);
    }
  }

  /** Stops every engine and removes its files; work still queued fails. */
  async close(): Promise<void> {
    this.closed = true;
    const databases = [...this.databases.values()];
    this.databases.clear();
    await Promise.all(
      databases.map(async (database) => {
        const session = await database.session.catch(() => undefined);
        await session?.db.close();
      }),
    );
  }

  private database(key: string): Database {
    if (this.closed) throw new Error(POOL_CLOSED);
    let database = this.databases.get(key);
    if (!database) {
      database = {
        session: this.open(key),
        queue: Promise.resolve(),
        pid: FIRST_PID + this.pidsIssued,
      };
      this.pidsIssued += 1;
      this.databases.set(key, database);
    }
    return database;
  }

  private async open(key: string): Promise<Session> {
    const db = await PgConnection.open();
    try {
      await runSimple(db, SESSION_SETUP);
      const session = { db, catalog: new CatalogLookup(db) };
      await this.prepare(key, session);
      return session;
    } catch (error) {
      await db.close(); // nothing else can reach it to close it
      throw error;
    }
  }
}
