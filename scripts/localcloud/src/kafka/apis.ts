/**
 * The Kafka APIs this broker answers, each in the versions it advertises (ApiVersions): those
 * both kafkajs and librdkafka (kcat) negotiate, all non-flexible. Layouts follow Apache Kafka's
 * message schemas (clients/src/main/resources/common/message/*.json).
 */
import { THROTTLE_NONE, type KafkaApi } from './api';
import { GROUP_APIS } from './group-apis';
import { LOG_APIS } from './log-apis';
import { KAFKA_ERRORS } from './protocol/error-codes';
import { KafkaWriter } from './protocol/writer';
import { SASL_APIS } from './sasl-apis';

export const API_VERSIONS_KEY = 18;

const apiVersions: KafkaApi = {
  key: API_VERSIONS_KEY,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 2,
  handle: (_request, version) => answerApiVersions(version, KAFKA_ERRORS.NONE),
  refuse: (_request, version, { errorCode }) => answerApiVersions(version, errorCode),
};

/** The list comes with an error too: a client may pick another version from it (KIP-511). */
function answerApiVersions(version: number, errorCode: number): KafkaWriter {
  const writer = writeApiList(new KafkaWriter().int16(errorCode));
  if (version >= 1) writer.int32(THROTTLE_NONE);
  return writer;
}

export const KAFKA_APIS: readonly KafkaApi[] = [
  ...LOG_APIS,
  ...GROUP_APIS,
  ...SASL_APIS,
  apiVersions,
];

/** ApiVersions' list: key, oldest and newest version of every API served. */
export function writeApiList(writer: KafkaWriter): KafkaWriter {
  return writer.array(KAFKA_APIS, (out, api) => {
    out.int16(api.key).int16(api.minVersion).int16(api.maxVersion);
  });
}
