/**
 * localcloud's AWS endpoint: one HTTP port for every emulated service, routed the way AWS's
 * protocols tell them apart:
 *   - JSON services by `X-Amz-Target` (`AWSGlue.GetTable`, `DynamoDB_20120810.PutItem`, …);
 *   - Query services (SNS, STS, and SQS without `X-Amz-Target`) by the form-encoded body, then
 *     the signature's service;
 *   - everything else is S3 (REST-XML), path-style or virtual-hosted.
 * Every request must carry a valid SigV4 signature for the service it reaches.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from './core/aws-error';
import { authError } from './core/auth-errors';
import { ConnectionDropped, FaultInjector } from './core/faults';
import { renderJsonError } from './core/json-protocol';
import { queryParamsOf } from './core/query-protocol';
import { persistServices, restoreServices } from './core/persistence';
import { RequestStats } from './core/request-stats';
import {
  newRequestId,
  type LocalCloudContext,
  type ServiceBus,
  type ServiceHandler,
} from './core/context';
import { headerValue, parseQuery, type AwsRequest, type AwsResponse } from './core/request';
import { authenticate, signingServiceOf } from './core/sigv4';
import { createIdentity } from './azure/identity';
import { startAzureStorage, type AzureStorage } from './azure/server';
import { createServices } from './services';
import { checkKafkaFault } from './kafka/faults';
import { mskIamVerifier } from './kafka/msk-iam';
import { startKafka, type LocalKafka } from './kafka/server';
import { localTlsIdentity } from './kafka/tls-identity';

export interface LocalCloudOptions {
  /** Port to listen on; 0 picks a free one. @default 4566 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Region every service lives in; signatures must be scoped to it. @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Access key id → secret accepted in signatures. @default { test: 'test' } */
  readonly credentials?: Readonly<Record<string, string>>;
  /**
   * Folder to keep state in across restarts: restored at start, written at stop() and persist().
   * @default undefined (state lives in memory only)
   */
  readonly stateDir?: string;
  /**
   * Port of the Azure Storage endpoint (Blob + DFS); 0 picks a free one.
   * @default 10000 (Azurite's), or a free port when `port` is 0 (tests run many side by side)
   */
  readonly azurePort?: number;
  /**
   * Port of the Kafka endpoint; 0 picks a free one.
   * @default 9092, or a free port when `port` is 0
   */
  readonly kafkaPort?: number;
  /**
   * Serve Kafka's listener for IAM clients as well (TLS, then SASL/OAUTHBEARER with an MSK IAM
   * token), as MSK's port 9098. Off unless asked for: making its certificate authority and
   * certificate adds about a quarter of a second to the start.
   * @default false
   */
  readonly kafkaIam?: boolean;
  /**
   * Port of that listener; 0 picks a free one.
   * @default 9098, or a free port when `port` is 0
   */
  readonly kafkaIamPort?: number;
  /** Largest request body accepted, in bytes. @default 1 GiB */
  readonly maxBodyBytes?: number;
}

/** What an AWS service says when it emits an event; the rest of the envelope is filled in. */
export interface ServiceEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: Record<string, unknown>;
  readonly resources?: readonly string[];
  /** ISO-8601 instant. @default the emulator's clock */
  readonly time?: string;
}

export interface LocalCloud {
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** What to export so SDKs and the AWS CLI talk to localcloud. */
  readonly env: Readonly<Record<string, string>>;
  /** Spread into any `@aws-sdk/client-*` constructor. */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
    readonly forcePathStyle: true;
  };
  readonly services: ReturnType<typeof createServices>;
  /** Makes chosen calls fail or stall (see core/faults.ts); cleared by reset(). */
  readonly faults: FaultInjector;
  /** Requests answered, by service and operation (authenticated calls only); cleared by reset(). */
  readonly requests: RequestStats;
  /** The Azure Storage endpoint (ADLS Gen2: Blob + DFS) and its local identity provider. */
  readonly azure: AzureStorage & { readonly identity: ReturnType<typeof createIdentity> };
  /** The Kafka endpoint (one broker; topics are created with `kafka.topics.createTopic`). */
  readonly kafka: LocalKafka;
  /** Moves the emulator's clock (expiry, TTL, visibility timeouts) by `ms`. */
  advanceClock(ms: number): void;
  /**
   * Puts an event on the default bus as an AWS service would (sources such as `aws.glue` that
   * PutEvents refuses): the envelope's id, account, region and, unless given, time are filled in.
   */
  emitServiceEvent(event: ServiceEvent): void;
  /**
   * Flips bytes of the current version of an object in place, keeping its size and ETag: bit rot
   * at rest, for showing that readers which verify checksums notice it. Returns false when the
   * object does not exist or is empty.
   */
  corruptStoredObject(bucket: string, key: string): boolean;
  /** Writes every service's state to `stateDir` now (no-op without one). */
  persist(): void;
  /** Forgets every resource of every service, clears injected faults and rewinds the clock. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const credentials = new Map(Object.entries(options.credentials ?? { test: 'test' }));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 ** 3;
  let clockOffsetMs = 0;
  let endpoint = '';

  const bus: ServiceBus = {};
  const context: LocalCloudContext = {
    accountId,
    region,
    endpoint: () => endpoint,
    now: () => new Date(Date.now() + clockOffsetMs),
    bus,
  };
  const services = createServices(context);
  const faults = new FaultInjector({ kafka: checkKafkaFault });
  const requests = new RequestStats();
  if (options.stateDir !== undefined) restoreServices(options.stateDir, services);
  const serviceKeys = new Map<ServiceHandler, string>(
    Object.entries(services).map(([key, service]) => [service, key]),
  );
  const serviceList = Object.values(services);
  const byTarget = new Map(
    serviceList.flatMap((service) =>
      service.targetPrefix ? [[service.targetPrefix, service] as const] : [],
    ),
  );
  const bySigningName = new Map(
    serviceList.map((service) => [service.signingName, service] as const),
  );
  const s3 = services.s3;

  function route(request: AwsRequest): ServiceHandler {
    const target = headerValue(request, 'x-amz-target');
    if (target !== undefined) {
      const service = byTarget.get(target.slice(0, target.indexOf('.')));
      if (!service)
        throw new AwsError(
          'UnknownOperationException',
          `No service answers X-Amz-Target ${target}`,
          400,
        );
      return service;
    }
    const contentType = headerValue(request, 'content-type') ?? '';
    const isForm =
      request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded');
    const isQuery =
      isForm ||
      (request.rawPath === '/' && request.method === 'GET' && request.query.has('Action'));
    if (isQuery) {
      const signedFor = signingServiceOf(request);
      const signed = signedFor !== undefined ? bySigningName.get(signedFor) : undefined;
      // Any path: older SQS clients post to the queue's URL (`/<account>/<queue>`).
      if (signed?.actions !== undefined) return signed;
      const action = queryParamsOf(request).get('Action');
      const byAction = serviceList.find(
        (service) => action !== undefined && service.actions?.includes(action),
      );
      if (request.rawPath === '/' && byAction) return byAction;
    }
    return s3;
  }

  async function respond(request: AwsRequest): Promise<AwsResponse> {
    for (const service of serviceList) {
      const publicResponse = await service.handlePublic?.(request);
      if (publicResponse) return publicResponse;
    }
    if (request.rawPath === '/_localcloud/health') {
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'ok', region, services: Object.keys(services) }),
      };
    }
    let service: ServiceHandler = s3;
    try {
      service = route(request);
      const result = authenticate(request, {
        service: service.signingName,
        region,
        credentials,
        now: context.now(),
      });
      if (!result.ok)
        throw authError(result.failure, service.protocolFamily?.(request) ?? service.family);
      const serviceKey = serviceKeys.get(service) ?? service.signingName;
      const operation = service.operationName?.(request);
      requests.record(serviceKey, operation);
      await faults.apply(serviceKey, operation);
      const response = await service.handle(request, result.auth);
      // The call took effect: a fault now loses, replaces or delays its answer.
      await faults.apply(serviceKey, operation, 'after');
      return response;
    } catch (error) {
      if (error instanceof ConnectionDropped) throw error;
      if (error instanceof AwsError) {
        // A JSON-protocol request no service owns still gets a JSON error, not S3's XML.
        const unrouted = service === s3 && headerValue(request, 'x-amz-target') !== undefined;
        return unrouted
          ? renderJsonError(error, request.requestId)
          : service.renderError(error, request);
      }
      console.error(`localcloud: internal error on ${request.method} ${request.rawPath}`, error);
      const internal = new AwsError(
        'InternalError',
        `localcloud failed: ${(error as Error).message}`,
        500,
      );
      return service.renderError(internal, request);
    }
  }

  const server = createServer((incoming, outgoing) => {
    void handleHttp(incoming, outgoing);
  });

  async function handleHttp(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    try {
      const body = await readBody(incoming, maxBodyBytes);
      const url = incoming.url ?? '/';
      const questionMark = url.indexOf('?');
      const rawPath = questionMark === -1 ? url : url.slice(0, questionMark);
      const rawQuery = questionMark === -1 ? '' : url.slice(questionMark + 1);
      const request: AwsRequest = {
        method: incoming.method ?? 'GET',
        rawPath,
        rawQuery,
        query: parseQuery(rawQuery),
        headers: incoming.headers,
        body,
        requestId,
      };
      const response = await respond(request);
      writeResponse(outgoing, request, response, context.now());
    } catch (error) {
      if (error instanceof ConnectionDropped) {
        incoming.socket.destroy();
        return;
      }
      const status = error instanceof AwsError ? error.status : 500;
      outgoing.writeHead(status, { 'content-type': 'text/plain' });
      outgoing.end(error instanceof Error ? error.message : String(error));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, options.host ?? '127.0.0.1', () => resolve());
  });
  const identity = createIdentity({ now: () => context.now() });
  const azure = await startAzureStorage({
    port: options.azurePort ?? (options.port === 0 ? 0 : 10000),
    host: options.host ?? '127.0.0.1',
    identity,
    faults,
    requests,
    now: () => context.now(),
  });
  let kafka: LocalKafka;
  try {
    kafka = await startKafka({
      port: options.kafkaPort ?? (options.port === 0 ? 0 : 9092),
      host: options.host ?? '127.0.0.1',
      ...(options.stateDir !== undefined && { stateDir: options.stateDir }),
      now: () => context.now().getTime(),
      faults,
      ...(options.kafkaIam && {
        sasl: {
          port: options.kafkaIamPort ?? (options.port === 0 ? 0 : 9098),
          tls: await localTlsIdentity(options.stateDir),
          verifier: mskIamVerifier({ region, credentials, now: () => context.now() }),
        },
      }),
    });
  } catch (error) {
    // A taken Kafka port must not leave the other endpoints listening with nobody to stop them.
    server.close();
    await azure.stop();
    throw error;
  }
  const address = server.address() as AddressInfo;
  endpoint = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  function persist(): void {
    if (options.stateDir !== undefined) persistServices(options.stateDir, services);
    kafka.persist();
  }

  const [accessKeyId, secretAccessKey] = [...credentials.entries()][0] ?? ['test', 'test'];

  return {
    endpoint,
    port: address.port,
    region,
    accountId,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AZURE_STORAGE_CONNECTION_STRING: azure.connectionString,
      KAFKA_BROKERS: kafka.bootstrapServers,
      ...(kafka.sasl && { KAFKA_IAM_BROKERS: kafka.sasl.bootstrapServers }),
    },
    clientConfig: {
      endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey },
      forcePathStyle: true,
    },
    services,
    faults,
    requests,
    azure: Object.assign(azure, { identity }),
    kafka,
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    emitServiceEvent: (event) => {
      if (!bus.putEvent) throw new Error('No EventBridge service is running to emit to.');
      bus.putEvent({
        version: '0',
        id: randomUUID(),
        account: accountId,
        region,
        resources: [],
        ...event,
        time:
          event.time ??
          context
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
      });
    },
    corruptStoredObject: (bucket, key) => {
      const versions = s3.store.buckets.get(bucket)?.objects.get(key);
      const current = versions?.[0];
      if (!versions || !current || current.isDeleteMarker || current.body.length === 0)
        return false;
      // A copy: stored bodies may be shared with other objects (core/shared-bytes.ts).
      const body = Buffer.from(current.body);
      for (let index = 0; index < body.length; index += 97) body[index] = (body[index] ?? 0) ^ 0xff;
      versions[0] = { ...current, body };
      return true;
    },
    reset: () => {
      clockOffsetMs = 0;
      faults.clear();
      requests.clear();
      serviceList.forEach((service) => service.reset());
      azure.reset();
      identity.reset();
      kafka.topics.clear();
      kafka.groups.clear();
    },
    persist,
    stop: async () => {
      persist();
      const awsClosed = new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      await Promise.all([
        awsClosed,
        azure.stop(),
        kafka.stop(),
        ...serviceList.map((service) => service.stop?.()),
      ]);
    },
  };
}

async function readBody(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes)
      throw new AwsError('EntityTooLarge', `Request body exceeds ${maxBytes} bytes`, 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `now` is the emulator's clock: AWS sends its own time in `Date`, and the SDKs correct their
 * clock skew from it, so a test that moves the clock keeps working after one corrected retry.
 */
function writeResponse(
  outgoing: ServerResponse,
  request: AwsRequest,
  response: AwsResponse,
  now: Date,
): void {
  const body =
    response.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(response.body)
        ? response.body
        : Buffer.from(response.body, 'utf8');
  const headers: Record<string, string | number> = {
    'x-amz-request-id': request.requestId,
    'x-amzn-requestid': request.requestId,
    date: now.toUTCString(),
    ...response.headers,
  };
  if (headers['content-length'] === undefined) headers['content-length'] = body.length;
  outgoing.writeHead(response.status, headers);
  // HEAD responses carry the length of the body they describe, but never the body.
  outgoing.end(request.method === 'HEAD' ? undefined : body);
}
