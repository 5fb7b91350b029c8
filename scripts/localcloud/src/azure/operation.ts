import type { AzureAuth, Permission } from './auth';
import type { AzureRequest, AzureResponse } from './azure-request';
import type { Api, Namespace } from './namespace';

/** One REST operation of the Blob or DFS API. */
export interface AzureOperation {
  /** As the REST reference names it: `PutBlob`, `PutBlockFromURL`, `CreatePath`, `RenamePath`, … */
  readonly name: string;
  /** Which API answers (decides the error format: Blob XML, DFS JSON). */
  readonly api: Api;
  /** SAS permission letter, and RBAC data action class, the operation needs. */
  readonly permission: Permission;
  handle(call: AzureCall): AzureResponse | Promise<AzureResponse>;
}

export interface AzureCall {
  readonly request: AzureRequest;
  readonly namespace: Namespace;
  readonly auth: AzureAuth;
  /** The emulator clock (shared with the AWS endpoint). */
  now(): Date;
}

/** Each API maps a request to one of its operations, or leaves it to the other API. */
export interface AzureApi {
  route(request: AzureRequest): AzureOperation | undefined;
}
