/**
 * The answer of `GET /v1/recommendations/{user_id}` as a schema, for the OpenAPI document. The
 * contract is the `RecommendationsAnswer` type (infra/aws/facts/recommendations.ts); the type
 * checker holds this schema to it both ways (below), so the document cannot promise a field the
 * function does not send, nor leave one out. The bounds come from the definition.
 */
import { z } from 'zod';
import type { Recommendations } from '../../platform';
import { USER_ID_PATTERN } from '../facts/recommend';
import type { RecommendationsAnswer } from '../facts/recommendations';
import type { JsonSchema } from './record-schema';

export function recommendationsAnswerSchema(recommendations: Pick<Recommendations, 'maxLimit'>) {
  return z.strictObject({
    user_id: z.string().regex(new RegExp(USER_ID_PATTERN)).describe('The customer, as asked.'),
    strategy: z
      .enum(['personalised', 'popular'])
      .describe(
        '`personalised` when any product is related to the customer’s activity, else `popular`.',
      ),
    model_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .meta({ format: 'date' })
      .nullable()
      .describe(
        'The nightly snapshot read; null before the first export, with an empty list then.',
      ),
    generated_at: z.string().meta({ format: 'date-time' }).describe('When the answer was made.'),
    recommendations: z
      .array(
        z.strictObject({
          product_id: z.string().min(1),
          rank: z.number().int().min(1).max(recommendations.maxLimit).describe('1 for the best.'),
          score: z
            .number()
            .min(0)
            .describe(
              "`related`: the blended affinity to the customer's activity; `popular`: the product's buyers as a share of its list's best seller's. Scores of the two reasons are not comparable; ranks are.",
            ),
          reason: z.enum(['related', 'popular']),
          because_of: z
            .string()
            .min(1)
            .optional()
            .describe("For `related`: the product of the customer's activity it owes most to."),
        }),
      )
      .max(recommendations.maxLimit)
      .readonly()
      .describe(
        'Best first: related products, then the best sellers of the country, then everywhere’s.',
      ),
  });
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Answer = z.infer<ReturnType<typeof recommendationsAnswerSchema>>;
type Entry<T extends { readonly recommendations: readonly unknown[] }> =
  T['recommendations'][number];

/**
 * Fails to compile when the schema and the contract part ways: each assignable to the other, and
 * the same fields (an optional field left out would still be assignable).
 */
export type AnswerSchemaIsTheContract =
  Same<Answer, RecommendationsAnswer> extends true
    ? Same<keyof Answer, keyof RecommendationsAnswer> extends true
      ? Same<keyof Entry<Answer>, keyof Entry<RecommendationsAnswer>> extends true
        ? true
        : never
      : never
    : never;
const answerSchemaIsTheContract: AnswerSchemaIsTheContract = true;
void answerSchemaIsTheContract;

/** The answer's OpenAPI 3.0 schema. */
export function recommendationsAnswerJsonSchema(
  recommendations: Pick<Recommendations, 'maxLimit'>,
): JsonSchema {
  return z.toJSONSchema(recommendationsAnswerSchema(recommendations), {
    target: 'openapi-3.0',
  });
}
