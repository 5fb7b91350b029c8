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

describe('STREAMING_BLOCK_SIZE_MIB and STREAMING_CONCURRENCY', () => {
  it('default to BLOCK_SIZE_MIB and COPY_CONCURRENCY, themselves 100 and 8', () => {
    expect(loadTransferConfig(BASE)).toMatchObject({
      blockSizeMiB: 100,
      concurrency: 8,
      streamingBlockSizeMiB: 100,
      streamingConcurrency: 8,
    });
    expect(
      loadTransferConfig({ ...BASE, BLOCK_SIZE_MIB: '1', COPY_CONCURRENCY: '1' }),
    ).toMatchObject({ streamingBlockSizeMiB: 1, streamingConcurrency: 1 });
  });

  it('are read apart from the server-side settings', () => {
    expect(
      loadTransferConfig({ ...BASE, STREAMING_BLOCK_SIZE_MIB: '4', STREAMING_CONCURRENCY: '16' }),
    ).toMatchObject({
      blockSizeMiB: 100,
      concurrency: 8,
      streamingBlockSizeMiB: 4,
      streamingConcurrency: 16,
    });
  });

  it('refuses ranges over Append Data’s 4000 MiB, and counts that are not positive', () => {
    expect(() => loadTransferConfig({ ...BASE, STREAMING_BLOCK_SIZE_MIB: '4001' })).toThrow(
      'STREAMING_BLOCK_SIZE_MIB must be at most 4000',
    );
    expect(() => loadTransferConfig({ ...BASE, STREAMING_CONCURRENCY: '0' })).toThrow(
      ConfigurationError,
    );
  });
});
