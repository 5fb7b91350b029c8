/**
 * Hosts one PGlite database in a worker thread. PGlite loads its WebAssembly and Node built-ins
 * with dynamic import(), which test runners that evaluate modules in a VM (jest) do not allow;
 * a worker is a plain Node context where it always works. Plain JavaScript so Node runs it
 * without a TypeScript loader.
 *
 * workerData: PGlite's compiled WebAssembly modules, `dataDir` (`file://<directory>`: the
 * cluster's files on disk, see data-directory.ts) and, to make a template cluster, `makeCluster`:
 * the worker then creates the cluster, closes it and posts { ready: true } without serving.
 *
 * Protocol: the parent posts { id, kind: 'exec', bytes }, { id, kind: 'copyFrom', sql, data } or
 * { id, kind: 'close' }; the worker answers { id, messages } (or { id, rows } for copyFrom) or
 * { id, error }. It posts { ready: true } (or { failed }) once the database is up.
 *
 * copyFrom runs `sql` (a `COPY … FROM '/dev/blob'`) with `data` as the file it reads: PGlite's
 * bulk path, one statement for any number of rows instead of one round trip per row.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');

/** Backend messages as plain objects, keeping what the Data API needs. */
function plain(message) {
  const copy = { name: message.name };
  if (message.name === 'rowDescription') {
    copy.fields = message.fields.map((field) => ({
      name: field.name,
      tableID: field.tableID,
      columnID: field.columnID,
      dataTypeID: field.dataTypeID,
      dataTypeModifier: field.dataTypeModifier,
    }));
  } else if (message.name === 'dataRow') {
    copy.fields = message.fields;
  } else if (message.name === 'commandComplete') {
    copy.text = message.text;
  }
  return copy;
}

function describeError(error) {
  return {
    message: error && error.message ? error.message : String(error),
    severity: error && error.severity,
    code: error && error.code,
    position: error && error.position,
    // Where in the input an error happened; COPY says "COPY <table>, line <n>, column …".
    where: error && error.where,
  };
}

async function main() {
  let db;
  try {
    const { makeCluster, ...options } = workerData;
    // Single-user PostgreSQL keeps WAL segments until a CHECKPOINT (the engine issues one when
    // enough WAL has piled up: execution.ts); min/max_wal_size keep fewer spare segments around
    // after it. The files are on disk, cached by the operating system, so PostgreSQL's own cache
    // (shared_buffers, 128MB by default) is kept small: it is WebAssembly memory, never given back.
    db = await PGlite.create({
      ...options,
      startParams: [
        ...PGlite.defaultStartParams,
        ...['-c', 'min_wal_size=32MB', '-c', 'max_wal_size=64MB', '-c', 'shared_buffers=32MB'],
      ],
    });
    if (makeCluster) {
      await db.close();
      parentPort.postMessage({ ready: true });
      return;
    }
  } catch (error) {
    parentPort.postMessage({ failed: describeError(error) });
    return;
  }
  // One request at a time, in arrival order: PGlite's exec (COPY) waits for a lock and for its
  // blob while execProtocol does not, so a ROLLBACK sent after a COPY could otherwise run first.
  let previous = Promise.resolve();
  parentPort.on('message', (request) => {
    previous = previous.then(async () => {
      try {
        if (request.kind === 'close') {
          await db.close();
          parentPort.postMessage({ id: request.id, messages: [] });
          return;
        }
        if (request.kind === 'copyFrom') {
          const [result] = await db.exec(request.sql, { blob: new Blob([request.data]) });
          parentPort.postMessage({ id: request.id, rows: result ? result.affectedRows : 0 });
          return;
        }
        const { messages } = await db.execProtocol(request.bytes, { syncToFs: false });
        parentPort.postMessage({ id: request.id, messages: messages.map(plain) });
      } catch (error) {
        parentPort.postMessage({ id: request.id, error: describeError(error) });
      }
    });
  });
  parentPort.postMessage({ ready: true });
}

void main();
