import type { AzureApi } from '../operation';

/** Placeholder: DFS operations are not implemented yet. */
export const dfsApi: AzureApi = { route: () => undefined };
