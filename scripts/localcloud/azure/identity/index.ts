import { AzureError } from '../azure-error';
import type { AzureIdentity } from '../server';

/** Placeholder: SAS and bearer tokens are not verified yet, so both are refused. */
export function createIdentity(): AzureIdentity {
  const refuse = (): never => {
    throw new AzureError(
      'AuthenticationFailed',
      'localcloud does not verify this credential yet.',
      403,
    );
  };
  return {
    verifySas: refuse,
    verifyBearer: refuse,
    authorizeBearer: () => false,
    handlePublic: () => Promise.resolve(undefined),
    reset: () => undefined,
  };
}
