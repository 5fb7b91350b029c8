import type { AzureError } from '../../../../src/azure/azure-error';
import { issueAccessToken, verifyAccessToken } from '../../../../src/azure/identity/access-token';
import { RsaSigningKey } from '../../../../src/azure/identity/jwt';

const TENANT = '8e1f1d4b-6a2c-4f0e-9b7d-3c5a2e9f1a60';
const key = new RsaSigningKey();
const identity = { clientId: 'client', principalId: 'principal', name: 'transfer' };
const issuedAt = new Date('2030-01-01T00:00:00Z');

function detailOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as AzureError).options.details?.AuthenticationErrorDetail;
  }
  return undefined;
}

describe('storage access tokens', () => {
  it.each([
    'https://storage.azure.com',
    'https://storage.azure.com/',
    'https://devstoreaccount1.blob.core.windows.net',
  ])('verifies a token for audience %s and returns its oid', (audience) => {
    const token = issueAccessToken(key, TENANT, identity, audience, issuedAt);

    expect(verifyAccessToken(token, key, TENANT, 'devstoreaccount1', issuedAt)).toEqual({
      kind: 'bearer',
      principalId: 'principal',
    });
  });

  it('refuses another audience, another tenant, another key and an expired token', () => {
    const vault = issueAccessToken(key, TENANT, identity, 'https://vault.azure.net', issuedAt);
    const storage = issueAccessToken(key, TENANT, identity, 'https://storage.azure.com', issuedAt);
    const expiry = new Date(issuedAt.getTime() + 3599 * 1000);

    expect(
      detailOf(() => verifyAccessToken(vault, key, TENANT, 'devstoreaccount1', issuedAt)),
    ).toBe('Audience validation failed. Audience did not match.');
    expect(
      detailOf(() => verifyAccessToken(storage, key, 'other-tenant', 'devstoreaccount1', issuedAt)),
    ).toBe('Issuer validation failed. Issuer did not match.');
    expect(
      detailOf(() =>
        verifyAccessToken(storage, new RsaSigningKey(), TENANT, 'devstoreaccount1', issuedAt),
      ),
    ).toBe('Signature validation failed. Signature is invalid.');
    expect(
      detailOf(() => verifyAccessToken(storage, key, TENANT, 'devstoreaccount1', expiry)),
    ).toBe('Lifetime validation failed. The token is expired.');
  });
});
