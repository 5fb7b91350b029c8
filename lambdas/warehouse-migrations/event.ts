/**
 * The CloudFormation custom-resource request of the migrations resource: the Provider
 * framework's request (lambdas/shared/custom-resource-event.ts), refused with this function's
 * own error.
 */
import {
  ProviderRequestSchema,
  parseProviderRequest,
  type ProviderRequest,
} from '../shared/custom-resource-event';
import { InvalidMigrationsEventError } from './errors';

export const MigrationsResourceEventSchema = ProviderRequestSchema;

export type MigrationsResourceEvent = ProviderRequest;

export function parseMigrationsEvent(input: unknown): MigrationsResourceEvent {
  return parseProviderRequest(input, (message) => new InvalidMigrationsEventError(message));
}
