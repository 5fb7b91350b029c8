/**
 * A connection to one embedded PostgreSQL (PGlite) running in a worker thread (see
 * pglite-worker.js for why a worker): wire-protocol messages go in, backend messages come out.
 * Each database keeps its files in a directory of its own, removed when it closes
 * (data-directory.ts).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { newDataDirectory, removeDataDirectory, templateCluster } from './data-directory';

/**
 * PGlite's two WebAssembly binaries, compiled once per process and handed to every worker:
 * compiling them is a large share of an engine's start-up.
 */
type CompiledModules = Record<'pgliteWasmModule' | 'initdbWasmModule', unknown>;

/** The WebAssembly global (the project's TypeScript lib has no DOM/WebAssembly typings). */
const webAssembly = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } }
).WebAssembly;

let compiledModules: Promise<CompiledModules> | undefined;

function compileModules(): Promise<CompiledModules> {
  compiledModules ??= (async () => {
    const dist = dirname(require.resolve('@electric-sql/pglite'));
    const [pglite, initdb] = await Promise.all(
      ['pglite.wasm', 'initdb.wasm'].map(async (file) =>
        webAssembly.compile(await readFile(join(dist, file))),
      ),
    );
    return { pgliteWasmModule: pglite, initdbWasmModule: initdb };
  })();
  return compiledModules;
}

export interface BackendMessage {
  readonly name: string;
  readonly fields?: unknown;
  readonly text?: string;
}

/** An error PostgreSQL reported (it has a severity), or the connection failing. */
export class PgConnectionError extends Error {
  override readonly name = 'PgConnectionError';
  constructor(
    message: string,
    readonly severity?: string,
    readonly code?: string,
    /** 1-based position in the statement text, when PostgreSQL gives one. */
    readonly position?: number,
    /** PostgreSQL's context line (for COPY: `COPY <table>, line <n>, column <c>: …`). */
    readonly where?: string,
  ) {
    super(message);
  }
}

interface WorkerError {
  readonly message: string;
  readonly severity?: string;
  readonly code?: string;
  readonly position?: string;
  readonly where?: string;
}

interface WorkerReply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly failed?: WorkerError;
  readonly messages?: BackendMessage[];
  readonly rows?: number;
  readonly error?: WorkerError;
}

function toError(error: WorkerError): PgConnectionError {
  const position = error.position !== undefined ? Number(error.position) : undefined;
  return new PgConnectionError(error.message, error.severity, error.code, position, error.where);
}

export class PgConnection {
  private nextId = 0;
  /** Once the worker is gone a request would never be answered: it fails at once instead. */
  private stopped = false;
  private readonly pending = new Map<
    number,
    { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }
  >();

  private constructor(
    private readonly worker: Worker,
    /** Where the database keeps its files while open. */
    readonly directory: string,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.id === undefined) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      this.holdProcessOpen();
      if (reply.error) waiter?.reject(toError(reply.error));
      else waiter?.resolve(reply);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      this.stopped = true;
      this.failAll(new PgConnectionError('the database worker stopped'));
    });
    this.holdProcessOpen();
  }

  /**
   * An idle database must not keep the process alive (a caller may end without stopping
   * localcloud), but one with a request in flight must. Adding listeners re-references the
   * worker, so this runs after they are attached and after every request.
   */
  private holdProcessOpen(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  static async open(): Promise<PgConnection> {
    const modules = await compileModules();
    const template = await templateCluster(async (directory) => {
      // In a worker of its own that then ends: initdb's memory goes with it.
      const maker = await startWorker({
        ...modules,
        dataDir: `file://${directory}`,
        makeCluster: true,
      });
      await maker.terminate();
    });
    const directory = newDataDirectory(template);
    try {
      const worker = await startWorker({ ...modules, dataDir: `file://${directory}` });
      return new PgConnection(worker, directory);
    } catch (error) {
      removeDataDirectory(directory);
      throw error;
    }
  }

  async exec(bytes: Uint8Array): Promise<BackendMessage[]> {
    const reply = await this.request({ kind: 'exec', bytes });
    return reply.messages ?? [];
  }

  /**
   * Runs `sql`, a `COPY … FROM '/dev/blob'`, reading `data` as that file, in the connection's
   * current transaction; returns the rows loaded. `data` is handed to the worker, not copied:
   * the caller must not use it afterwards.
   */
  async copyFrom(sql: string, data: Uint8Array): Promise<number> {
    // Only a buffer the data owns whole can be moved; a view into a shared one is copied.
    const ownsBuffer = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    const reply = await this.request(
      { kind: 'copyFrom', sql, data },
      ownsBuffer ? [data.buffer as ArrayBuffer] : [],
    );
    return reply.rows ?? 0;
  }

  private request(
    message: Record<string, unknown>,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerReply> {
    if (this.stopped) return Promise.reject(new PgConnectionError('the database is closed'));
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.holdProcessOpen();
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
    removeDataDirectory(this.directory);
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** A database worker once it reports ready; rejects with the engine's error if it cannot start. */
function startWorker(workerData: Record<string, unknown>): Promise<Worker> {
  const worker = new Worker(join(__dirname, 'pglite-worker.js'), { workerData });
  return new Promise((resolve, reject) => {
    const onStartup = (reply: WorkerReply): void => {
      if (reply.ready) {
        worker.off('message', onStartup);
        resolve(worker);
      } else if (reply.failed) {
        worker.off('message', onStartup);
        void worker.terminate();
        reject(toError(reply.failed));
      }
    };
    worker.on('message', onStartup);
    worker.once('error', reject);
    // Ending before it says ready or failed (killed, out of memory) must not leave a wait forever.
    worker.once('exit', (code) =>
      reject(new PgConnectionError(`the database worker exited (${code}) while starting`)),
    );
  });
}
