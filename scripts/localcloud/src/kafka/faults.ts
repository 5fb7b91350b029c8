/**
 * Injected faults on the Kafka endpoint (core/faults.ts), per request, on both listeners. A
 * fault is keyed by the API's name as Kafka spells it (`Produce`, `Fetch`, `Metadata`) and
 * strikes before the request is handled (nothing happens: for Produce, nothing is appended) or
 * after (the batch is appended, then the answer is lost or replaced): the case an idempotent
 * producer must survive without storing a record twice. An error is answered in the API's own
 * response layout, its code on every partition the request names.
 */
import {
  ConnectionDropped,
  InvalidFaultError,
  stall,
  type FaultInjector,
  type FaultSpec,
  type FaultTiming,
} from '../core/faults';
import type { ApiContext, KafkaApi } from './api';
import { KAFKA_APIS } from './apis';
import { KAFKA_ERRORS, kafkaErrorCode } from './protocol/error-codes';
import type { KafkaReader } from './protocol/reader';
import type { KafkaWriter } from './protocol/writer';

const SERVICE = 'kafka';

/** Refuses a Kafka fault that could never strike, or could not be answered, as written. */
export function checkKafkaFault(spec: FaultSpec): void {
  const api = KAFKA_APIS.find((candidate) => candidate.name === spec.operation);
  if (!api)
    throw new InvalidFaultError(
      `Kafka has no API '${spec.operation}' this broker serves; one of ${KAFKA_APIS.map((known) => known.name).join(', ')}`,
    );
  if (spec.topic !== undefined && !api.topicsOf)
    throw new InvalidFaultError(`${api.name} requests name no topic to aim a fault at`);
  if (spec.error === undefined) return;
  const code = kafkaErrorCode(spec.error.code);
  if (code === undefined)
    throw new InvalidFaultError(
      `'${spec.error.code}' is no Kafka error; name one as Kafka does (NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT, …)`,
    );
  if (code === KAFKA_ERRORS.NONE) throw new InvalidFaultError('NONE is no error to inject');
  // Kafka answers in-band: an HTTP status would be silently ignored.
  if (spec.error.status !== undefined)
    throw new InvalidFaultError('Kafka errors have no HTTP status; name the error only');
}

/**
 * Handles one request as `api` would, with the faults injected for it: the request is read from
 * `request` (left unread, so that it can be read again), and the answer is the handler's, a
 * refusal, or none (the connection is dropped: ConnectionDropped).
 */
export async function handleWithFaults(
  api: KafkaApi,
  request: KafkaReader,
  version: number,
  context: ApiContext,
  faults: FaultInjector,
): Promise<KafkaWriter | undefined> {
  const strike = async (when: FaultTiming) => {
    const fault = faults.take({
      service: SERVICE,
      operation: api.name,
      when,
      topics: () => api.topicsOf?.(request.fork(), version, context) ?? [],
    });
    if (!fault) return undefined;
    await stall(fault);
    if (fault.dropConnection) throw new ConnectionDropped(`${SERVICE} ${api.name}`);
    if (!fault.error) return undefined;
    // Names are checked at inject time (checkKafkaFault); an injector without that rule gets
    // Kafka's catch-all for a name Kafka does not have.
    const errorCode = kafkaErrorCode(fault.error.code) ?? KAFKA_ERRORS.UNKNOWN_SERVER_ERROR;
    const refusal = { errorCode, message: fault.error.message ?? null };
    return { answer: api.refuse(request.fork(), version, refusal, context) };
  };
  const before = await strike('before');
  if (before) return before.answer;
  const answer = await api.handle(request.fork(), version, context);
  const after = await strike('after');
  return after ? after.answer : answer;
}
