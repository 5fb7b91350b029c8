/**
 * The ingestion function's answers: 202 with the records' ids, or a problem document
 * (../shared/api-responses.ts) naming every bad field by JSON Pointer.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonResponse, type ResponseSettings } from '../shared/api-responses';
import type { Accepted } from './ingestion';

export { problemResponse, type Problem, type ResponseSettings } from '../shared/api-responses';

/** 202: Kafka has every record (acks=all); the stream takes it from there. */
export function acceptedResponse(
  accepted: Accepted,
  settings: ResponseSettings,
): APIGatewayProxyResult {
  return jsonResponse(202, accepted, settings);
}
