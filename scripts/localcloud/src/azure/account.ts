/**
 * The storage account localcloud serves: Azurite's well-known development account, so tools
 * that already know Azurite (Storage Explorer, connection strings) work unchanged. The key is
 * public, documented for the emulator, and never valid in Azure.
 */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** The REST version answered in `x-ms-version` when a request sends none. */
export const DEFAULT_SERVICE_VERSION = '2026-10-06';

export function connectionString(
  blobEndpoint: string,
  accountName = DEV_ACCOUNT_NAME,
  accountKey = DEV_ACCOUNT_KEY,
): string {
  return `DefaultEndpointsProtocol=http;AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`;
}
