/**
 * localcloud's Kafka endpoint: the Kafka wire protocol over TCP, one broker (node 0) holding
 * every partition. Each connection answers its requests in the order they came, one at a time,
 * as a Kafka broker does: a long-polling Fetch holds the requests behind it on its connection,
 * which is why clients fetch on a connection of their own. A frame that cannot be read closes its
 * connection only.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CloseConnectionError, KAFKA_APIS, type ApiContext, type KafkaApi } from './apis';
import { KAFKA_ERRORS } from './protocol/error-codes';
import { KafkaReader, MalformedRequestError } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';
import { TopicLog } from './topic-log';

/** Larger frames are refused (Kafka's `socket.request.max.bytes` default, 100 MiB). */
const MAX_FRAME_BYTES = 104_857_600;
const API_VERSIONS_KEY = 18;

export interface KafkaOptions {
  readonly host?: string;
  /** 0 picks a free port. @default 9092 */
  readonly port?: number;
}

export interface LocalKafka {
  readonly host: string;
  readonly port: number;
  /** `host:port`, for `--bootstrap-servers`, kafkajs `brokers` and kcat `-b`. */
  readonly bootstrapServers: string;
  readonly topics: TopicLog;
  stop(): Promise<void>;
}

const API_BY_KEY = new Map<number, KafkaApi>(KAFKA_APIS.map((api) => [api.key, api]));

export async function startKafka(options: KafkaOptions = {}): Promise<LocalKafka> {
  const host = options.host ?? '127.0.0.1';
  const topics = new TopicLog();
  const sockets = new Set<Socket>();
  let stopping = false;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, context);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9092, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Set before any connection is served: those are handled on later turns of the event loop.
  // Producer ids are handed out in order, from 1000, for as long as the broker runs.
  let lastProducerId = 999n;
  const context = {
    log: topics,
    broker: { nodeId: 0, host, port, clusterId: 'localcloud-kafka-0' },
    stopped: () => stopping,
    newProducerId: () => (lastProducerId += 1n),
  };
  return {
    host,
    port,
    bootstrapServers: `${host}:${port}`,
    topics,
    async stop() {
      stopping = true;
      topics.wakeWaiting();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads frames off one connection and answers them in order. */
function serveConnection(socket: Socket, shared: Omit<ApiContext, 'connectionClosed'>): void {
  const closed = new AbortController();
  const context: ApiContext = { ...shared, connectionClosed: closed.signal };
  // The bytes received and not yet framed, kept as chunks: a large frame arrives in many, and
  // joining them once it is complete keeps its cost linear in its size.
  let chunks: Buffer[] = [];
  let buffered = 0;
  let queue = Promise.resolve();
  socket.on('close', () => {
    closed.abort();
    chunks = [];
  });
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= 4) {
      if (chunks[0]!.length < 4) chunks = [Buffer.concat(chunks)];
      const size = chunks[0]!.readInt32BE(0);
      if (size < 8 || size > MAX_FRAME_BYTES) {
        socket.destroy();
        return;
      }
      if (buffered < 4 + size) return;
      const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const frame = head.subarray(4, 4 + size);
      const rest = head.subarray(4 + size);
      chunks = rest.length > 0 ? [rest] : [];
      buffered = rest.length;
      queue = queue.then(() => answer(socket, frame, context));
    }
  });
}

async function answer(socket: Socket, frame: Buffer, context: ApiContext): Promise<void> {
  if (socket.destroyed) return;
  try {
    const request = new KafkaReader(frame);
    const apiKey = request.int16();
    const version = request.int16();
    const correlationId = request.int32();
    request.nullableString(); // client_id
    const api = API_BY_KEY.get(apiKey);
    let body: Buffer | undefined;
    if (api && version >= api.minVersion && version <= api.maxVersion) {
      body = await api.handle(request, version, context);
    } else if (apiKey === API_VERSIONS_KEY) {
      // A newer ApiVersions than this broker knows (librdkafka starts with v3, a flexible
      // version): the answer is v0-shaped with UNSUPPORTED_VERSION, and the client asks again
      // in a version it finds in the list (KIP-511).
      body = new KafkaWriter()
        .int16(KAFKA_ERRORS.UNSUPPORTED_VERSION)
        .array(KAFKA_APIS, (out, known) => {
          out.int16(known.key).int16(known.minVersion).int16(known.maxVersion);
        })
        .toBuffer();
    } else {
      // An API or version this broker does not serve: Kafka closes the connection.
      socket.destroy();
      return;
    }
    if (body === undefined || socket.destroyed) return;
    const header = Buffer.alloc(8);
    header.writeInt32BE(4 + body.length, 0);
    header.writeInt32BE(correlationId, 4);
    socket.write(Buffer.concat([header, body]));
  } catch (error) {
    if (!(error instanceof MalformedRequestError || error instanceof CloseConnectionError))
      console.error('localcloud kafka:', error);
    socket.destroy();
  }
}
