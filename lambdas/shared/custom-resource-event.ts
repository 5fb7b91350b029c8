/**
 * The CloudFormation custom-resource request, as the CDK Provider framework hands it to its
 * `onEvent` function. Built on the Powertools Parser's custom-resource schemas with one change:
 * the framework replaces `ResponseURL` with `"..."` before invoking onEvent (it answers
 * CloudFormation itself), so the field is any string here rather than a URL.
 */
import {
  CloudFormationCustomResourceCreateSchema,
  CloudFormationCustomResourceDeleteSchema,
  CloudFormationCustomResourceUpdateSchema,
} from '@aws-lambda-powertools/parser/schemas/cloudformation-custom-resource';
import { z } from 'zod';

const providerRequest = { ResponseURL: z.string() };

export const ProviderRequestSchema = z.discriminatedUnion('RequestType', [
  CloudFormationCustomResourceCreateSchema.extend(providerRequest),
  CloudFormationCustomResourceUpdateSchema.extend({
    ...providerRequest,
    PhysicalResourceId: z.string(),
  }),
  CloudFormationCustomResourceDeleteSchema.extend({
    ...providerRequest,
    PhysicalResourceId: z.string(),
  }),
]);

export type ProviderRequest = z.infer<typeof ProviderRequestSchema>;

/**
 * The request, or the error `invalid` builds from a readable list of what is wrong with it (each
 * function throws its own typed error, so its handler and tests can tell it apart).
 */
export function parseProviderRequest(
  input: unknown,
  invalid: (message: string) => Error,
): ProviderRequest {
  const parsed = ProviderRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw invalid(`Not a custom-resource request: ${issues}`);
}
