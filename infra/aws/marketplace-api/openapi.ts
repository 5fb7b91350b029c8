/**
 * The marketplace API's OpenAPI 3.0 document, generated from the platform definition: the
 * ingestion resources with their records' schemas, the limits, the Idempotency-Key, the
 * recommendations resource with its parameters and answer (recommendations-schema.ts), the answers.
 * The stack serves it at `GET /v1/openapi.json`, and `docs/api/openapi.json` is this output
 * (a test holds the two together).
 */
import { requiredColumns, topicDataset, type IngestionRoute, type Platform } from '../../platform';
import {
  API_STAGE_NAME,
  API_VERSION_PATH,
  IDEMPOTENCY_KEY_HEADER,
  ingestionResourcePath,
} from '../facts/api';
import {
  LIMIT_PARAMETER,
  RECOMMEND_DEFAULTS,
  USER_ID_PATTERN,
  recommendationsResourcePath,
} from '../facts/recommend';
import { USER_ID_PARAMETER } from '../facts/recommendations';
import { recordSchema, type JsonSchema } from './record-schema';
import { recommendationsAnswerJsonSchema } from './recommendations-schema';

/** Where the document is served, below the version path. */
export const OPENAPI_RESOURCE_PATH = `${API_VERSION_PATH}/openapi.json`;

const PROBLEM: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description:
        'What exactly was wrong: every bad field of a body, by JSON Pointer (RFC 6901), or every bad parameter of the request.',
      items: {
        oneOf: [
          {
            type: 'object',
            properties: { path: { type: 'string' }, message: { type: 'string' } },
            required: ['path', 'message'],
          },
          {
            type: 'object',
            properties: {
              in: { type: 'string', enum: ['path', 'query'] },
              parameter: { type: 'string' },
              message: { type: 'string' },
            },
            required: ['in', 'parameter', 'message'],
          },
        ],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const ACCEPTED: JsonSchema = {
  type: 'object',
  properties: {
    accepted: { type: 'integer', description: 'Records now on the topic.' },
    ids: {
      type: 'array',
      items: { type: 'string' },
      description: "The records' ids in the order sent: the client's own, or those the API gave.",
    },
  },
  required: ['accepted', 'ids'],
};

const problemResponse = (description: string, retry = false) => ({
  description,
  ...(retry && {
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds.' } },
  }),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function schemaName(route: IngestionRoute): string {
  return route.resource
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function ingestionOperation(platform: Platform, route: IngestionRoute): JsonSchema {
  const api = platform.marketplaceApi;
  const topic = platform.topics.find((candidate) => candidate.name === route.topic)!;
  const dataset = topicDataset(platform, topic);
  const record = { $ref: `#/components/schemas/${schemaName(route)}Record` };
  return {
    operationId: `post${schemaName(route)}`,
    summary: route.summary,
    description: `One record as a JSON object, or up to ${api.maxRecordsPerRequest} in an array (at most ${api.maxRequestBytes} bytes). A request is accepted whole or refused whole; 202 means Kafka has every record (acks=all) on the \`${topic.name}\` topic, keyed by \`${topic.keyColumn}\`. Each record carries its own \`${dataset.recordIdColumn}\`: the lake keeps one record per id, so a record sent twice is kept once.`,
    parameters: [
      {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: a request repeated under the same key (same caller and resource) within the retention is answered as the first was, and its records are produced once. The same key with another body is refused with 422.',
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
      },
    ],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            oneOf: [
              record,
              { type: 'array', items: record, minItems: 1, maxItems: api.maxRecordsPerRequest },
            ],
          },
        },
      },
    },
    responses: {
      '202': {
        description: 'Every record is on the topic.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
      },
      '400': problemResponse('A record does not fit its columns, or the body is not JSON.'),
      '403': { description: 'The request is not signed by an allowed IAM identity.' },
      '409': problemResponse('A request with this Idempotency-Key is still running.', true),
      '413': problemResponse('Too many bytes or records.'),
      '415': problemResponse('The body is not application/json.'),
      '422': problemResponse('The Idempotency-Key was used with another body.'),
      '429': { description: 'Throttled by the stage or the firewall; retry with back-off.' },
      '503': problemResponse(
        'Kafka or DynamoDB did not answer in time: the records were not acknowledged, though some may already be stored (the lake keeps one per id). Retry with the same Idempotency-Key.',
        true,
      ),
    },
  };
}

function recommendationsOperation(platform: Platform): JsonSchema {
  const { recommendations } = platform.marketplaceApi;
  return {
    operationId: 'getRecommendations',
    summary: recommendations.summary,
    description: `Up to \`${LIMIT_PARAMETER}\` products for one customer, best first: those related to what they bought, put in the cart or looked at lately (the last ${recommendations.recentActivityDays} days, the newest counting most, from the purchases and interactions this API takes in), scored with the nightly affinities of the warehouse; then their country's best sellers, then everywhere's. A product the customer bought in the last ${recommendations.justBoughtDays} days is never recommended to them. An unknown customer gets the best sellers, never 404; before the first nightly export the list is empty and \`model_date\` is null.`,
    parameters: [
      {
        name: USER_ID_PARAMETER,
        in: 'path',
        required: true,
        description:
          'The customer id, percent-encoded in the URL: 1 to 128 ASCII letters, digits or `. _ : @ -` once decoded.',
        schema: { type: 'string', pattern: USER_ID_PATTERN },
      },
      {
        name: LIMIT_PARAMETER,
        in: 'query',
        required: false,
        description: 'How many products at most. No other query parameter is accepted.',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: recommendations.maxLimit,
          default: recommendations.defaultLimit,
        },
      },
    ],
    responses: {
      '200': {
        description: 'The recommendations (possibly fewer than asked, possibly none).',
        headers: {
          'Cache-Control': {
            schema: { type: 'string' },
            description: `\`private, max-age=${RECOMMEND_DEFAULTS.answerMaxAgeSeconds}\`: the customer's own, for a short while.`,
          },
        },
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/RecommendationsAnswer' } },
        },
      },
      '400': problemResponse('A parameter is not valid; every bad one is named.'),
      '403': { description: 'The request is not signed by an allowed IAM identity.' },
      '429': { description: 'Throttled by the stage or the firewall; retry with back-off.' },
      '503': problemResponse('The recommendations could not be read; retry shortly.', true),
    },
  };
}

export function marketplaceOpenApi(platform: Platform): JsonSchema {
  const api = platform.marketplaceApi;
  const records = Object.fromEntries(
    api.ingestion.map((route) => {
      const topic = platform.topics.find((candidate) => candidate.name === route.topic)!;
      const dataset = topicDataset(platform, topic);
      return [`${schemaName(route)}Record`, recordSchema(dataset, requiredColumns(dataset, topic))];
    }),
  );
  return {
    openapi: '3.0.3',
    info: {
      title: `${platform.project} marketplace API`,
      version: '1',
      description:
        "How the marketplace puts its purchases and shop interactions on the platform's streams, and asks which products to show a customer. Every request is signed with AWS Signature Version 4 (service `execute-api`) by an IAM identity allowed to invoke the API.",
    },
    servers: [
      {
        url: `https://{apiId}.execute-api.{region}.amazonaws.com/${API_STAGE_NAME}`,
        variables: {
          apiId: { default: 'example', description: 'The API id (the stack output).' },
          region: { default: platform.environment.region },
        },
      },
    ],
    security: [{ sigv4: [] }],
    paths: {
      ...Object.fromEntries(
        api.ingestion.map((route) => [
          ingestionResourcePath(route),
          { post: ingestionOperation(platform, route) },
        ]),
      ),
      [recommendationsResourcePath(api.recommendations)]: {
        get: recommendationsOperation(platform),
      },
      [OPENAPI_RESOURCE_PATH]: {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document.',
          responses: { '200': { description: 'The OpenAPI document.' } },
        },
      },
    },
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
      schemas: {
        Accepted: ACCEPTED,
        Problem: PROBLEM,
        ...records,
        RecommendationsAnswer: recommendationsAnswerJsonSchema(api.recommendations),
      },
    },
  };
}
