/**
 * SaslHandshake and SaslAuthenticate (KIP-152): the client names a mechanism, then sends its
 * first message inside a SaslAuthenticate request. A listener with a SASL verifier refuses every
 * other request until that succeeds (server.ts); a failed authentication is answered, then the
 * connection is closed, as Kafka does. A session lasts as long as its token: the answer tells
 * the client how long (KIP-368), and the client authenticates again on the same connection
 * before then; past it, anything else closes the connection.
 */
import type { KafkaApi } from './api';
import { KAFKA_ERRORS } from './protocol/error-codes';
import { KafkaWriter } from './protocol/writer';

export const SASL_HANDSHAKE_KEY = 17;
export const SASL_AUTHENTICATE_KEY = 36;

const saslHandshake: KafkaApi = {
  key: SASL_HANDSHAKE_KEY,
  name: 'SaslHandshake',
  // Both: librdkafka looks for 0 in the range before it uses SASL at all, and for 1 before it
  // carries the token in SaslAuthenticate. Version 0 alone would mean raw token frames, which
  // this broker does not read: a v0 client must be sent SaslAuthenticate's way by its library.
  minVersion: 0,
  maxVersion: 1,
  handle: (request, _version, { sasl, connection }) => {
    const mechanism = request.string();
    const offered = sasl?.mechanisms ?? [];
    const writer = new KafkaWriter();
    if (!offered.includes(mechanism))
      return writer.int16(KAFKA_ERRORS.UNSUPPORTED_SASL_MECHANISM).array(offered, stringOf);
    // Also on an authenticated connection: the client authenticates again before its session
    // ends (KIP-368), and keeps its session until the new authentication succeeds.
    connection.mechanism = mechanism;
    return writer.int16(KAFKA_ERRORS.NONE).array(offered, stringOf);
  },
  refuse: (_request, _version, { errorCode }, { sasl }) =>
    new KafkaWriter().int16(errorCode).array(sasl?.mechanisms ?? [], stringOf),
};

function stringOf(writer: KafkaWriter, value: string): void {
  writer.string(value);
}

function answerAuthenticate(
  version: number,
  errorCode: number,
  message: string | null,
  lifetimeMs = 0n,
): KafkaWriter {
  const writer = new KafkaWriter().int16(errorCode).nullableString(message);
  writer.nullableBytes(Buffer.alloc(0)); // auth_bytes: OAUTHBEARER's success sends none
  // session_lifetime_ms: until the token expires; the client authenticates again before.
  if (version >= 1) writer.int64(lifetimeMs);
  return writer;
}

const saslAuthenticate: KafkaApi = {
  key: SASL_AUTHENTICATE_KEY,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 1,
  handle: (request, version, { sasl, connection, now }) => {
    const authBytes = request.bytes();
    const mechanism = connection.mechanism;
    // Each SaslHandshake allows one SaslAuthenticate.
    delete connection.mechanism;
    if (!sasl || mechanism === undefined) {
      connection.closeAfterAnswer = true;
      return answerAuthenticate(
        version,
        KAFKA_ERRORS.ILLEGAL_SASL_STATE,
        'SaslAuthenticate must follow SaslHandshake',
      );
    }
    const verdict = sasl.verify(mechanism, authBytes);
    if ('refused' in verdict) {
      connection.closeAfterAnswer = true;
      return answerAuthenticate(version, KAFKA_ERRORS.SASL_AUTHENTICATION_FAILED, verdict.refused);
    }
    connection.principal = verdict.principal;
    connection.sessionExpiresAt = verdict.expiresAt;
    const lifetimeMs = BigInt(Math.max(1, verdict.expiresAt - now()));
    return answerAuthenticate(version, KAFKA_ERRORS.NONE, null, lifetimeMs);
  },
  // A failed authentication ends the connection once answered, whatever failed.
  refuse: (_request, version, { errorCode, message }, { connection }) => {
    connection.closeAfterAnswer = true;
    return answerAuthenticate(version, errorCode, message);
  },
};

export const SASL_APIS: readonly KafkaApi[] = [saslHandshake, saslAuthenticate];

/** What an unauthenticated connection on a SASL listener may send (and ApiVersions). */
export const BEFORE_AUTHENTICATION = new Set([SASL_HANDSHAKE_KEY, SASL_AUTHENTICATE_KEY]);
