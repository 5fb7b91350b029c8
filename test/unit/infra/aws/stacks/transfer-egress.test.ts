/**
 * The way from the transfer function to Azure, proved on the synthesized app: the function runs
 * in the egress subnets only, their default routes lead to NAT gateways, and the Elastic IPs of
 * those gateways are exactly the addresses the replication stack exports for link-clouds (which
 * writes them into the storage firewall's allowedIpRanges).
 */
import { natGatewayCount } from '../../../../../infra/aws/stacks/network';
import { REPLICATION_OUTPUTS } from '../../../../../infra/aws/stacks/replication-outputs';
import { VPC_NETWORK_INTERFACE_ACTIONS } from '../../../../../infra/aws/constructs/platform-function';
import {
  joinedItems,
  resolveImports,
  type TemplateJson,
} from '../../../../fixtures/stack-references';
import { synth } from '../../../../fixtures/synth';
import {
  defaultNatGatewayOf,
  natGateway,
  routeTableOf,
  routesOf,
  subnetsOfGroup,
} from './network-routes';

type Json = Record<string, any>;

describe.each(['dev', 'prod'])("the transfer function's egress (%s)", (env) => {
  const { assembly, stacks } = synth({ env });
  const network = assembly.getStackByName(stacks.network.stackName).template as TemplateJson;
  const replication = assembly.getStackByName(stacks.replication.stackName)
    .template as TemplateJson;
  const [transferId, transfer] = Object.entries(replication.Resources).find(
    ([, resource]) =>
      resource.Type === 'AWS::Lambda::Function' &&
      resource.Properties.FunctionName === `hybrid-lake-${env}-s3-to-adls`,
  )!;
  const vpcConfig = resolveImports(transfer.Properties.VpcConfig, [network]) as Json;
  const functionSubnets = (vpcConfig.SubnetIds as Json[]).map((subnet) => subnet.Ref as string);
  const exportedAddresses = joinedItems(
    resolveImports(replication.Outputs?.[REPLICATION_OUTPUTS.egressIps]?.Value, [network]),
    ',',
  ) as Json[];
  const exportedEips = exportedAddresses.map((address) => (address['Fn::GetAtt'] as string[])[0]!);

  it('exports the public IPv4 address of each Elastic IP, for link-clouds', () => {
    for (const address of exportedAddresses) {
      expect(address).toEqual({ 'Fn::GetAtt': [expect.any(String), 'PublicIp'] });
    }
  });

  it('runs in the egress subnets of every zone, and in no other subnet', () => {
    expect(functionSubnets.sort()).toEqual(subnetsOfGroup(network, 'egress').sort());
    expect(functionSubnets).toHaveLength(3);
  });

  it('routes each of its subnets to a NAT gateway whose Elastic IP is an exported address', () => {
    const routedEips = functionSubnets.map((subnet) => {
      const gateway = defaultNatGatewayOf(network, subnet);
      expect(gateway).toBeDefined();
      return natGateway(network, gateway!).eip;
    });

    expect(new Set(routedEips)).toEqual(new Set(exportedEips));
    for (const eip of exportedEips) {
      expect(network.Resources[eip]).toMatchObject({
        Type: 'AWS::EC2::EIP',
        Properties: { Domain: 'vpc' },
      });
    }
  });

  it('has one NAT gateway and address per zone in prod, one in dev, as the definition says', () => {
    const platform = stacks.platform;
    const expected = natGatewayCount(platform.environment.network.natGateways, 3);

    expect(expected).toBe(env === 'prod' ? 3 : 1);
    expect(exportedEips).toHaveLength(expected);
    expect(
      Object.values(network.Resources).filter((r) => r.Type === 'AWS::EC2::NatGateway'),
    ).toHaveLength(expected);
  });

  if (env === 'prod') {
    it('keeps each zone on its own NAT gateway, so one zone failing leaves the others out', () => {
      for (const subnet of functionSubnets) {
        const publicSubnet = natGateway(network, defaultNatGatewayOf(network, subnet)!).subnet;
        expect(network.Resources[publicSubnet]!.Properties.AvailabilityZone).toEqual(
          network.Resources[subnet]!.Properties.AvailabilityZone,
        );
      }
    });
  }

  it('leaves the isolated subnets (MSK, Glue, Redshift, endpoints) without any route out', () => {
    const isolated = subnetsOfGroup(network, 'private');
    expect(isolated).toHaveLength(3);
    for (const subnet of isolated) expect(routesOf(network, subnet)).toEqual([]);
  });

  it('keeps S3 traffic of its subnets on the gateway endpoint, off the NAT gateways', () => {
    const gateway = Object.values(network.Resources).find(
      (resource) =>
        resource.Type === 'AWS::EC2::VPCEndpoint' &&
        resource.Properties.VpcEndpointType === 'Gateway',
    )!;
    const tables = (gateway.Properties.RouteTableIds as Json[]).map((table) => table.Ref as string);
    for (const subnet of functionSubnets) expect(tables).toContain(routeTableOf(network, subnet));
  });

  it('lets the function out on HTTPS only, and in not at all', () => {
    const [group] = vpcConfig.SecurityGroupIds as Json[];
    const [groupId, attribute] = group?.['Fn::GetAtt'] as string[];
    expect(attribute).toBe('GroupId');
    expect(vpcConfig.SecurityGroupIds).toHaveLength(1);
    expect(network.Resources[groupId!]!.Properties.SecurityGroupEgress).toEqual([
      {
        CidrIp: '0.0.0.0/0',
        Description: 'HTTPS to Azure Storage, Entra ID and the VPC endpoints',
        FromPort: 443,
        IpProtocol: 'tcp',
        ToPort: 443,
      },
    ]);
    expect(network.Resources[groupId!]!.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it("lets Lambda manage the function's network interfaces through its own role", () => {
    const roleId = (transfer.Properties.Role as Json)['Fn::GetAtt'][0] as string;
    const policy = Object.values(replication.Resources).find(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        (resource.Properties.Roles as Json[]).some((role) => role.Ref === roleId),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Sid: 'ManageVpcNetworkInterfaces',
      Effect: 'Allow',
      Action: [...VPC_NETWORK_INTERFACE_ACTIONS].sort(),
      Resource: '*',
    });
    // The role holds the permissions before Lambda creates the interfaces with it.
    expect(replication.Resources[transferId]!.DependsOn).toContainEqual(
      expect.stringMatching(/^TransferRoleDefaultPolicy/),
    );
  });
});
