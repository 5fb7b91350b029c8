import type { Template } from 'aws-cdk-lib/assertions';
import { AWS_CUSTOM_RESOURCE_FUNCTION_ID } from '../../../../../infra/aws/nag/aws-custom-resource-nag';

type Json = Record<string, any>;

/** Resources of the outbound federation custom resources, which the transfer assertions skip. */
export function isFederationResource(logicalId: string): boolean {
  return (
    logicalId.startsWith('OutboundFederation') ||
    logicalId.startsWith(AWS_CUSTOM_RESOURCE_FUNCTION_ID)
  );
}

/** The properties of the one transfer-path resource of `type` (federation resources aside). */
export function only(template: Template, type: string): Json {
  const resources = Object.entries(template.findResources(type))
    .filter(([logicalId]) => !isFederationResource(logicalId))
    .map(([, resource]) => resource);
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

/** The properties of the one resource of `type` whose logical id starts with `idPrefix`. */
export function named(template: Template, type: string, idPrefix: string): Json {
  const resources = Object.entries(template.findResources(type))
    .filter(([logicalId]) => logicalId.startsWith(idPrefix))
    .map(([, resource]) => resource);
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}
