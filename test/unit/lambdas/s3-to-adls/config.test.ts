import {
  MAX_PRESIGN_EXPIRY_SECONDS,
  loadTransferConfig,
} from '../../../../lambdas/s3-to-adls/config';
import { ConfigurationError } from '../../../../lambdas/shared/env';

const BASE = {
  PLATFORM_ENV: 'dev',
  ADLS_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
};

describe('PRESIGN_EXPIRY_SECONDS', () => {
  it('defaults to 900 seconds', () => {
    expect(loadTransferConfig(BASE).presignExpirySeconds).toBe(900);
  });

  it.each(['1', String(MAX_PRESIGN_EXPIRY_SECONDS)])('accepts %s, a SigV4 limit', (value) => {
    expect(
      loadTransferConfig({ ...BASE, PRESIGN_EXPIRY_SECONDS: value }).presignExpirySeconds,
    ).toBe(Number(value));
  });

  it.each(['604801', '9999999', '0', '-5'])('fails at start for %s', (value) => {
    expect(() => loadTransferConfig({ ...BASE, PRESIGN_EXPIRY_SECONDS: value })).toThrow(
      ConfigurationError,
    );
  });

  it('names the limit it breaks', () => {
    expect(() => loadTransferConfig({ ...BASE, PRESIGN_EXPIRY_SECONDS: '9999999' })).toThrow(
      'PRESIGN_EXPIRY_SECONDS must be at most 604800',
    );
  });
});
