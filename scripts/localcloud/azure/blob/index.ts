import type { AzureApi } from '../operation';

/** Placeholder: Blob operations are not implemented yet. */
export const blobApi: AzureApi = { route: () => undefined };
