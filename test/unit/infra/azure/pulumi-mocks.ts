/**
 * Pulumi's mock runtime for the Azure program's unit tests: no CLI, no engine, no Azure. Every
 * resource the program declares is recorded with its resolved inputs and options, and the mock
 * fills in the outputs Azure would compute (ARM ids, endpoints, identity ids) from those inputs,
 * so a wrong input shows up in the outputs too.
 */
import * as pulumi from '@pulumi/pulumi';

export const SUBSCRIPTION_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT_ID = '99999999-8888-7777-6666-555555555555';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Record<string, any>;
}

const recorded: RecordedResource[] = [];

/** Mocks Azure's view of each resource: its ARM id and the outputs the program reads. */
function azureState(type: string, name: string, inputs: Record<string, any>) {
  const group = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${inputs.resourceGroupName}`;
  const account = `${group}/providers/Microsoft.Storage/storageAccounts/${inputs.accountName}`;
  switch (type) {
    case 'azure-native:resources:ResourceGroup':
      return { id: group, state: { name: inputs.resourceGroupName } };
    case 'azure-native:storage:StorageAccount':
      return {
        id: account,
        state: {
          name: inputs.accountName,
          primaryEndpoints: {
            blob: `https://${inputs.accountName}.blob.core.windows.net/`,
            dfs: `https://${inputs.accountName}.dfs.core.windows.net/`,
          },
        },
      };
    case 'azure-native:storage:BlobContainer':
      return {
        id: `${account}/blobServices/default/containers/${inputs.containerName}`,
        state: { name: inputs.containerName },
      };
    case 'azure-native:managedidentity:UserAssignedIdentity':
      return {
        id: `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.resourceName}`,
        state: {
          name: inputs.resourceName,
          clientId: `client-id-of-${inputs.resourceName}`,
          principalId: `principal-id-of-${inputs.resourceName}`,
        },
      };
    case 'azure-native:authorization:RoleAssignment':
      return {
        id: `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        state: {},
      };
    default:
      return { id: `${name}-id`, state: {} };
  }
}

let installed: Promise<void> | undefined;

/** Installs the mocks once per test file (stack `dev` of project `hybrid-lake`). */
export function installMocks(stack = 'dev'): Promise<void> {
  installed ??= (async () => {
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          const { id, state } = azureState(
            args.type,
            args.name,
            args.inputs as Record<string, any>,
          );
          recorded.push({
            type: args.type,
            name: args.name,
            id,
            inputs: args.inputs,
          });
          return { id, state: { ...args.inputs, ...state } };
        },
        call(args) {
          if (args.token === 'azure-native:authorization:getClientConfig') {
            return {
              clientId: 'deployer-client-id',
              objectId: 'deployer-object-id',
              subscriptionId: SUBSCRIPTION_ID,
              tenantId: TENANT_ID,
            };
          }
          throw new Error(`unexpected invoke ${args.token}`);
        },
      },
      'hybrid-lake',
      stack,
      false,
    );
  })();
  return installed;
}

/** The resolved value of an output; fails (times out) if it never resolves. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => {
    pulumi.output(output).apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/**
 * Whether `pulumi destroy` would refuse to delete the resource. The mock monitor is not told the
 * `protect` option, so it is read where the SDK keeps it.
 */
export function isProtected(resource: pulumi.Resource): boolean {
  return (resource as unknown as { __protect?: boolean }).__protect === true;
}

/** Forgets what earlier deployments in this file recorded. */
export function resetRecorded(): void {
  recorded.length = 0;
}

/** Resources recorded so far, of one type when given. */
export function recordedResources(type?: string): RecordedResource[] {
  return recorded.filter((resource) => type === undefined || resource.type === type);
}
