/**
 * Secrets Manager (AWS JSON 1.1, `secretsmanager.<Operation>`): secrets with versions and staging
 * labels, ClientRequestToken idempotency, and deletion with a recovery window measured on the
 * emulator's clock.
 */
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';
import { listSecretsOperation } from './list-secrets';
import type { SecretRecord } from './model';
import { secretOperations } from './secret-operations';
import { SecretStore } from './store';
import { valueOperations } from './value-operations';

export interface SecretsManagerService extends ServiceHandler {
  /** Names of the secrets that exist (including those scheduled for deletion), for tests. */
  secretNames(): string[];
}

export function createSecretsManagerService(context: LocalCloudContext): SecretsManagerService {
  const store = new SecretStore(context);
  const handler = createJsonService({
    signingName: 'secretsmanager',
    targetPrefix: 'secretsmanager',
    jsonVersion: '1.1',
    operations: {
      ...secretOperations(store),
      ...valueOperations(store),
      ...listSecretsOperation(store),
    },
    context,
    reset: () => store.clear(),
    snapshot: (): SecretRecord[] => store.snapshot(),
    restore: (state) => store.restore(state),
  });
  return { ...handler, secretNames: () => store.all().map((secret) => secret.name) };
}
