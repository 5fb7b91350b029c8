/**
 * The Pulumi program (`Pulumi.yaml` → `main: infra/azure/`): reads the stack configuration and
 * exports the outputs that `npm run link-clouds` passes to the AWS side.
 */
import * as pulumi from '@pulumi/pulumi';
import { CONFIG_NAMESPACE, readStackConfig } from './config';
import { deployAzureMirror } from './program';

const { outputs } = deployAzureMirror(
  readStackConfig(new pulumi.Config(CONFIG_NAMESPACE), pulumi.getStack()),
);

export const resourceGroupName = outputs.resourceGroupName;
export const storageAccountName = outputs.storageAccountName;
export const blobEndpoint = outputs.blobEndpoint;
export const dfsEndpoint = outputs.dfsEndpoint;
export const fileSystems = outputs.fileSystems;
export const managedIdentityClientId = outputs.managedIdentityClientId;
export const tenantId = outputs.tenantId;
