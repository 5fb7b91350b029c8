/**
 * The audience Entra ID expects in a federated assertion from AWS. The transfer function's IAM
 * condition, the function itself and the Azure federated identity credential all use it.
 */
export const AZURE_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
