/**
 * Sets `azureTargets.<env>` in cdk.context.json, the file the CDK CLI merges into the app's
 * context on every synth (infra/aws/options/transfer-options.ts reads the entry of the
 * environment deployed). Every other key is kept; the file stays 2-space JSON as the CLI writes it.
 */
import {
  AZURE_TARGETS_CONTEXT_KEY,
  AZURE_TARGET_KEYS,
} from '../../infra/aws/options/transfer-options';
import { isRecord } from './aws-outputs';
import type { Change } from './changes';
import { LinkInputError } from './errors';
import type { AzureTargetValues } from './pulumi-outputs';

export interface ContextEdit {
  readonly text: string;
  readonly changes: readonly Change[];
}

export function setAzureTarget(
  original: string | undefined,
  environmentName: string,
  values: AzureTargetValues,
  source: string,
): ContextEdit {
  const context = parseContext(original, source);
  const targets = context[AZURE_TARGETS_CONTEXT_KEY] ?? {};
  if (!isRecord(targets)) {
    throw new LinkInputError(`${source}: ${AZURE_TARGETS_CONTEXT_KEY} must be an object`);
  }
  const existing = targets[environmentName] ?? {};
  if (!isRecord(existing)) {
    throw new LinkInputError(
      `${source}: ${AZURE_TARGETS_CONTEXT_KEY}.${environmentName} must be an object`,
    );
  }
  const changes = AZURE_TARGET_KEYS.map((key) => {
    const before = existing[key];
    return {
      key: `${AZURE_TARGETS_CONTEXT_KEY}.${environmentName}.${key}`,
      before:
        before === undefined
          ? undefined
          : typeof before === 'string'
            ? before
            : JSON.stringify(before),
      after: values[key],
    };
  });
  const updated = {
    ...context,
    [AZURE_TARGETS_CONTEXT_KEY]: { ...targets, [environmentName]: { ...values } },
  };
  return { text: `${JSON.stringify(updated, null, 2)}\n`, changes };
}

function parseContext(original: string | undefined, source: string): Record<string, unknown> {
  if (original === undefined || original.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(original);
  } catch (error) {
    throw new LinkInputError(`${source}: not valid JSON`, { cause: error });
  }
  if (!isRecord(parsed)) throw new LinkInputError(`${source}: must hold a JSON object`);
  return parsed;
}
