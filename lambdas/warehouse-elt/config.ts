/**
 * The ELT function's configuration, read once at cold start: the shared warehouse settings plus
 * what the loads' placeholders are replaced with. None of it is secret.
 */
import { enumEnv, requireEnv } from '../shared/env';
import { loadWarehouseConfig, type WarehouseConfig } from '../shared/warehouse/config';
import { COPY_FORMAT_CLAUSES, type CopyFormat, type LoadVariable } from '../shared/warehouse/elt';
import type { ModelVariable } from '../shared/warehouse/models';

export interface EltConfig extends WarehouseConfig {
  /** `CLEAN_BUCKET`, `CURATED_BUCKET`, `COPY_ROLE_ARN`, and the clause of `COPY_FORMAT`. */
  readonly variables: Readonly<Record<LoadVariable, string>>;
  /** `COPY_FORMAT`: `parquet` (the lake's format in AWS) or `json` (local). @default parquet */
  readonly copyFormat: CopyFormat;
  /** `ML_ROLE_ARN`, `ML_BUCKET`, `ML_KMS_KEY_ID`: what the model files train with. */
  readonly modelVariables: Readonly<Record<ModelVariable, string>>;
}

export function loadEltConfig(
  functionDirectory: string,
  environment: NodeJS.ProcessEnv = process.env,
): EltConfig {
  const copyFormat = enumEnv<CopyFormat>(
    'COPY_FORMAT',
    ['parquet', 'json'],
    'parquet',
    environment,
  );
  return {
    ...loadWarehouseConfig(functionDirectory, environment),
    copyFormat,
    variables: {
      CLEAN_BUCKET: requireEnv('CLEAN_BUCKET', environment),
      CURATED_BUCKET: requireEnv('CURATED_BUCKET', environment),
      COPY_ROLE_ARN: requireEnv('COPY_ROLE_ARN', environment),
      COPY_FORMAT: COPY_FORMAT_CLAUSES[copyFormat],
    },
    modelVariables: {
      ML_ROLE_ARN: requireEnv('ML_ROLE_ARN', environment),
      ML_BUCKET: requireEnv('ML_BUCKET', environment),
      ML_KMS_KEY_ID: requireEnv('ML_KMS_KEY_ID', environment),
    },
  };
}
