/**
 * localcloud's Kafka endpoint: the Kafka wire protocol over TCP, one broker (node 0) holding
 * every partition, on two listeners as an MSK cluster has them: plaintext, and TLS with
 * SASL/OAUTHBEARER for IAM clients. Each connection answers its requests in the order they came,
 * one at a time, as a Kafka broker does: a long-polling Fetch or a JoinGroup waiting for the
 * rest of its group holds the requests behind it on its connection, which is why clients fetch
 * on a connection of their own. A frame that cannot be read closes its connection only.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { ConnectionDropped, type FaultInjector } from '../core/faults';
import {
  CloseConnectionError,
  type ApiContext,
  type BrokerAddress,
  type KafkaApi,
  type SaslVerifier,
} from './api';
import { API_VERSIONS_KEY, KAFKA_APIS, writeApiList } from './apis';
import { handleWithFaults } from './faults';
import { GroupCoordinator } from './group-coordinator';
import { KAFKA_ERRORS } from './protocol/error-codes';
import { KafkaReader, MalformedRequestError } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';
import { BEFORE_AUTHENTICATION } from './sasl-apis';
import type { TlsIdentity } from './tls-identity';
import {
  PRODUCER_ID_BLOCK,
  reservedProducerIds,
  reserveProducerIds,
  restoreBroker,
  saveBroker,
  type BrokerState,
} from './persistence';
import { TopicLog } from './topic-log';

/** Larger frames are refused (Kafka's `socket.request.max.bytes` default, 100 MiB). */
const MAX_FRAME_BYTES = 104_857_600;
const NODE_ID = 0;
const CLUSTER_ID = 'localcloud-kafka-0';

/** A second listener for IAM clients, as MSK's port 9098: TLS, then SASL/OAUTHBEARER. */
export interface SaslListenerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** What the listener presents (PEM), and the authority clients trust (tls-identity.ts). */
  readonly tls: TlsIdentity;
  readonly verifier: SaslVerifier;
}

export interface KafkaOptions {
  readonly host?: string;
  /** The plaintext listener's port; 0 picks a free port. @default 9092 */
  readonly port?: number;
  readonly sasl?: SaslListenerOptions;
  /** Folder the broker's state is restored from at start and saved to by persist(). */
  readonly stateDir?: string;
  /** The clock retention is measured against (ms since the epoch). @default Date.now */
  readonly now?: () => number;
  /**
   * How often expired batches are deleted (Kafka's `log.retention.check.interval.ms`, 5 min).
   * @default 5000
   */
  readonly retentionCheckIntervalMs?: number;
  /**
   * Faults injected into requests (`service: 'kafka'`, kafka/faults.ts), on every listener;
   * localcloud shares its one injector with the other endpoints.
   * @default none
   */
  readonly faults?: FaultInjector;
}

export interface KafkaListener {
  readonly port: number;
  /** `host:port`, for `--bootstrap-servers`, kafkajs `brokers` and kcat `-b`. */
  readonly bootstrapServers: string;
}

export interface LocalKafka extends KafkaListener {
  readonly host: string;
  /** The TLS + SASL listener, when one was asked for, and the authority clients trust. */
  readonly sasl: (KafkaListener & { readonly caCertificate: string }) | undefined;
  readonly topics: TopicLog;
  readonly groups: GroupCoordinator;
  /** Deletes what is past its topic's retention now, as the periodic check does. */
  applyRetention(): number;
  /** Saves the broker's state to `stateDir` (no-op without one). */
  persist(): void;
  stop(): Promise<void>;
}

const API_BY_KEY = new Map<number, KafkaApi>(KAFKA_APIS.map((api) => [api.key, api]));

type SharedContext = Omit<ApiContext, 'broker' | 'sasl' | 'connection' | 'connectionClosed'>;

export async function startKafka(options: KafkaOptions = {}): Promise<LocalKafka> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  // Producer ids are handed out in order, from 1000, and never twice (they are saved too).
  const state: BrokerState = {
    topics: new TopicLog(),
    groups: new GroupCoordinator(),
    lastProducerId: 999n,
  };
  const { stateDir } = options;
  let reserved = 0n;
  if (stateDir !== undefined) {
    restoreBroker(stateDir, state);
    // Ids reserved by a broker that was killed before it saved were perhaps handed out.
    reserved = reservedProducerIds(stateDir);
    if (reserved > state.lastProducerId) state.lastProducerId = reserved;
  }
  const { topics, groups } = state;
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  let stopping = false;
  const shared: SharedContext = {
    log: topics,
    groups,
    now,
    stopped: () => stopping,
    newProducerId: () => {
      state.lastProducerId += 1n;
      if (stateDir !== undefined && state.lastProducerId > reserved) {
        reserved = state.lastProducerId + PRODUCER_ID_BLOCK - 1n;
        reserveProducerIds(stateDir, reserved);
      }
      return state.lastProducerId;
    },
  };
  const applyRetention = () => topics.applyRetention(now());
  const retention = setInterval(applyRetention, options.retentionCheckIntervalMs ?? 5_000);
  retention.unref();
  const closeAll = async () => {
    clearInterval(retention);
    stopping = true;
    topics.wakeWaiting();
    for (const socket of sockets) socket.destroy();
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  };
  /** Listens on `port`; each connection is served with the listener's own address. */
  const listen = async (
    server: Server,
    port: number,
    sasl: SaslVerifier | undefined,
  ): Promise<KafkaListener> => {
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const bound = (server.address() as AddressInfo).port;
    const broker: BrokerAddress = { nodeId: NODE_ID, host, port: bound, clusterId: CLUSTER_ID };
    // Connections are accepted on later turns of the event loop than this one: none is missed.
    // Every TCP connection is tracked from its start, so that stop() also ends one still in
    // its TLS handshake; a TLS listener serves it once the handshake is done.
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      if (!sasl) serveConnection(socket, { ...shared, broker, sasl }, options.faults);
    });
    if (sasl)
      server.on('secureConnection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        serveConnection(socket, { ...shared, broker, sasl }, options.faults);
      });
    return { port: bound, bootstrapServers: `${host}:${bound}` };
  };
  try {
    const plain = await listen(createServer(), options.port ?? 9092, undefined);
    const sasl = options.sasl && {
      ...(await listen(
        createTlsServer({ key: options.sasl.tls.key, cert: options.sasl.tls.cert }),
        options.sasl.port,
        options.sasl.verifier,
      )),
      caCertificate: options.sasl.tls.caCertificate,
    };
    return {
      host,
      ...plain,
      sasl,
      topics,
      groups,
      applyRetention,
      persist() {
        if (stateDir !== undefined) saveBroker(stateDir, state);
      },
      async stop() {
        await closeAll();
        groups.clear();
      },
    };
  } catch (error) {
    // A taken second port must not leave the first listening with nobody to stop it.
    await closeAll();
    throw error;
  }
}

/** Reads frames off one connection and answers them in order. */
function serveConnection(
  socket: Socket,
  listener: Omit<ApiContext, 'connection' | 'connectionClosed'>,
  faults: FaultInjector | undefined,
): void {
  const closed = new AbortController();
  const context: ApiContext = {
    ...listener,
    connection: { clientId: null },
    connectionClosed: closed.signal,
  };
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
      queue = queue.then(() => answer(socket, frame, context, faults));
    }
  });
}

async function answer(
  socket: Socket,
  frame: Buffer,
  context: ApiContext,
  faults: FaultInjector | undefined,
): Promise<void> {
  // After an answer that ends the connection, frames the client sent meanwhile go unanswered
  // (closing for them would drop that answer before it is sent).
  if (socket.destroyed || context.connection.closeAfterAnswer) return;
  try {
    const request = new KafkaReader(frame);
    const apiKey = request.int16();
    const version = request.int16();
    const correlationId = request.int32();
    context.connection.clientId = request.nullableString();
    const api = API_BY_KEY.get(apiKey);
    const { sasl, connection } = context;
    // A SASL listener answers nothing but ApiVersions and the SASL exchange before the client
    // has authenticated; Kafka closes the connection of a client that tries.
    if (sasl && apiKey !== API_VERSIONS_KEY && !BEFORE_AUTHENTICATION.has(apiKey)) {
      if (connection.principal === undefined)
        throw new CloseConnectionError(`${api?.name ?? apiKey} before authentication`);
      if (context.now() > (connection.sessionExpiresAt ?? Infinity))
        throw new CloseConnectionError(`${api?.name ?? apiKey} after the session expired`);
    }
    let body: KafkaWriter | undefined;
    if (api && version >= api.minVersion && version <= api.maxVersion) {
      body = faults
        ? await handleWithFaults(api, request, version, context, faults)
        : await api.handle(request, version, context);
    } else if (apiKey === API_VERSIONS_KEY) {
      // A newer ApiVersions than this broker knows (librdkafka starts with v3, a flexible
      // version): the answer is v0-shaped with UNSUPPORTED_VERSION, and the client asks again
      // in a version it finds in the list (KIP-511).
      body = writeApiList(new KafkaWriter().int16(KAFKA_ERRORS.UNSUPPORTED_VERSION));
    } else {
      // An API or version this broker does not serve: Kafka closes the connection.
      socket.destroy();
      return;
    }
    if (body === undefined || socket.destroyed) return;
    const chunks = body.toChunks();
    const header = Buffer.alloc(8);
    header.writeInt32BE(4 + chunks.reduce((size, chunk) => size + chunk.length, 0), 0);
    header.writeInt32BE(correlationId, 4);
    // One write of many pieces: the records of a Fetch go out without being copied together.
    socket.cork();
    socket.write(header);
    for (const chunk of chunks) socket.write(chunk);
    socket.uncork();
    if (connection.closeAfterAnswer) socket.end();
  } catch (error) {
    const expected =
      error instanceof MalformedRequestError ||
      error instanceof CloseConnectionError ||
      error instanceof ConnectionDropped;
    if (!expected) console.error('localcloud kafka:', error);
    socket.destroy();
  }
}
