/**
 * Hosts one PGlite database in a worker thread. PGlite loads its WebAssembly and Node built-ins
 * with dynamic import(), which test runners that evaluate modules in a VM (jest) do not allow;
 * a worker is a plain Node context where it always works. Plain JavaScript so Node runs it
 * without a TypeScript loader.
 *
 * Protocol: the parent posts { id, kind: 'exec', bytes } or { id, kind: 'close' }; the worker
 * answers { id, messages } or { id, error }. It posts { ready: true } (or { failed }) once the
 * database is up.
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
  };
}

async function main() {
  let db;
  try {
    // workerData carries the precompiled WebAssembly modules (pgliteWasmModule, initdbWasmModule).
    db = await PGlite.create({ ...workerData });
  } catch (error) {
    parentPort.postMessage({ failed: describeError(error) });
    return;
  }
  parentPort.on('message', (request) => {
    void (async () => {
      try {
        if (request.kind === 'close') {
          await db.close();
          parentPort.postMessage({ id: request.id, messages: [] });
          return;
        }
        const { messages } = await db.execProtocol(request.bytes, { syncToFs: false });
        parentPort.postMessage({ id: request.id, messages: messages.map(plain) });
      } catch (error) {
        parentPort.postMessage({ id: request.id, error: describeError(error) });
      }
    })();
  });
  parentPort.postMessage({ ready: true });
}

void main();
