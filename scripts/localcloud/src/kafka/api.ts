/**
 * What every Kafka API handler is given and returns: the request body to read, the version it
 * was sent in, and the broker's state as the request's connection and listener see it.
 */
import type { GroupCoordinator } from './group-coordinator';
import type { KafkaReader } from './protocol/reader';
import type { KafkaWriter } from './protocol/writer';
import type { TopicLog } from './topic-log';

export interface BrokerAddress {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
}

/** How a SASL listener checks the client's first (and only) message. */
export interface SaslVerifier {
  /** The mechanisms SaslHandshake offers, as Kafka names them (`OAUTHBEARER`). */
  readonly mechanisms: readonly string[];
  /**
   * The principal authenticated and until when its credential is valid (ms since the epoch, on
   * the broker's clock), or why not (sent back as the error message).
   */
  verify(
    mechanism: string,
    authBytes: Buffer,
  ): { readonly principal: string; readonly expiresAt: number } | { readonly refused: string };
}

/** One TCP connection's progress through authentication. */
export interface ConnectionState {
  /** The client_id of the request being answered (request header). */
  clientId: string | null;
  /** The mechanism agreed by SaslHandshake, before SaslAuthenticate. */
  mechanism?: string;
  /** Set once SaslAuthenticate succeeded. */
  principal?: string;
  /**
   * When the authenticated session ends (its token's expiry): after it, only a new
   * authentication is answered (KIP-368), anything else closes the connection.
   */
  sessionExpiresAt?: number;
  /** The connection ends once this request's answer is written (a failed authentication). */
  closeAfterAnswer?: boolean;
}

export interface ApiContext {
  readonly log: TopicLog;
  readonly groups: GroupCoordinator;
  /** The address of the listener the request arrived on: what Metadata advertises. */
  readonly broker: BrokerAddress;
  /** The listener's SASL verifier; undefined on a plaintext listener. */
  readonly sasl: SaslVerifier | undefined;
  readonly connection: ConnectionState;
  /** The broker's clock, ms since the epoch. */
  readonly now: () => number;
  /** True once the broker is stopping: long polls answer at once. */
  readonly stopped: () => boolean;
  /** Aborts when the request's connection closes: a long poll for it gives up. */
  readonly connectionClosed: AbortSignal;
  /** A producer id this broker has not handed out before (InitProducerId). */
  readonly newProducerId: () => bigint;
}

/** The request must end its connection, as Kafka ends it (an error the client cannot be told). */
export class CloseConnectionError extends Error {
  override readonly name = 'CloseConnectionError';
}

/** A response body, or undefined when the request expects none (Produce with acks 0). */
export type ApiHandler = (
  request: KafkaReader,
  version: number,
  context: ApiContext,
) => Promise<KafkaWriter | undefined> | KafkaWriter | undefined;

/** An error a whole request is answered with, instead of being handled (an injected fault). */
export interface KafkaRefusal {
  readonly errorCode: number;
  /** Sent by the responses that carry an error message (FindCoordinator v1+, SaslAuthenticate). */
  readonly message: string | null;
}

export interface KafkaApi {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly handle: ApiHandler;
  /**
   * The answer to a request refused whole, in this API's own response layout: the error on every
   * partition the request names, and on the response itself where it has an error of its own.
   * Nothing is read from the broker's state but the names a request leaves out (every topic, for
   * a null list). Undefined when the request expects no answer.
   */
  readonly refuse: (
    request: KafkaReader,
    version: number,
    refusal: KafkaRefusal,
    context: ApiContext,
  ) => KafkaWriter | undefined;
  /**
   * The topics a request names (every topic there is, for a null list), for faults aimed at one
   * topic; absent on the APIs whose requests name none.
   */
  readonly topicsOf?: (
    request: KafkaReader,
    version: number,
    context: ApiContext,
  ) => readonly string[];
}

/** Every response's throttle_time_ms: this broker never throttles. */
export const THROTTLE_NONE = 0;
