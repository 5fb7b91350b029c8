/**
 * Reads the routing of a synthesized NetworkStack template: the subnets of a group, where a
 * subnet's default route leads, and the Elastic IP behind a NAT gateway. Shared by the network
 * and egress tests; not a test file itself.
 */
import type { TemplateJson, TemplateResource } from '../../../../fixtures/stack-references';

type Json = Record<string, any>;

const resourcesOf = (template: TemplateJson, type: string): [string, TemplateResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** Logical IDs of the subnets of a subnet group (CDK tags each with its group's name). */
export function subnetsOfGroup(template: TemplateJson, group: string): string[] {
  return resourcesOf(template, 'AWS::EC2::Subnet')
    .filter(([, subnet]) =>
      (subnet.Properties.Tags as Json[]).some(
        (tag) => tag.Key === 'aws-cdk:subnet-name' && tag.Value === group,
      ),
    )
    .map(([logicalId]) => logicalId);
}

/** The logical ID of the route table a subnet is associated with. */
export function routeTableOf(template: TemplateJson, subnet: string): string {
  const associations = resourcesOf(template, 'AWS::EC2::SubnetRouteTableAssociation').filter(
    ([, association]) => association.Properties.SubnetId?.Ref === subnet,
  );
  if (associations.length !== 1) throw new Error(`${subnet} has ${associations.length} tables`);
  return associations[0]![1].Properties.RouteTableId.Ref as string;
}

/** Every route of a subnet's table (the S3 gateway endpoint's route is not among them). */
export function routesOf(template: TemplateJson, subnet: string): Json[] {
  const table = routeTableOf(template, subnet);
  return resourcesOf(template, 'AWS::EC2::Route')
    .filter(([, route]) => route.Properties.RouteTableId?.Ref === table)
    .map(([, route]) => route.Properties);
}

/** The NAT gateway a subnet's 0.0.0.0/0 route leads to, or undefined. */
export function defaultNatGatewayOf(template: TemplateJson, subnet: string): string | undefined {
  const route = routesOf(template, subnet).find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  return route?.NatGatewayId?.Ref as string | undefined;
}

/** The NAT gateway's properties and the logical ID of the Elastic IP it is allocated. */
export function natGateway(
  template: TemplateJson,
  natGatewayId: string,
): { eip: string; subnet: string } {
  const properties = template.Resources[natGatewayId]?.Properties;
  const [eip, attribute] = (properties?.AllocationId?.['Fn::GetAtt'] ?? []) as string[];
  if (eip === undefined || attribute !== 'AllocationId') {
    throw new Error(`${natGatewayId} is not allocated an Elastic IP of this stack`);
  }
  return { eip, subnet: properties!.SubnetId.Ref as string };
}
