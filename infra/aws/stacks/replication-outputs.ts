/**
 * Output keys of the ReplicationStack that the Azure side needs (`npm run link-clouds`). A module
 * of its own so scripts can read them without loading the CDK.
 */
export const REPLICATION_OUTPUTS = {
  /** The account's outbound web identity federation issuer: the federated credential's issuer. */
  issuerUrl: 'OutboundIssuerUrl',
  /** The transfer function's role ARN: the federated credential's subject. */
  transferRoleArn: 'TransferRoleArn',
  /**
   * The public IPv4 addresses the transfer function's traffic leaves AWS from (the NAT gateways'
   * Elastic IPs), comma-separated: what the storage firewall must admit (`allowedIpRanges`).
   */
  egressIps: 'TransferEgressIps',
} as const;
