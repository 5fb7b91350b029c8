import { Template } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_CLAIM_PARAMETER } from '../../../../../infra/aws/constructs/catalog-encryption';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

function catalogTemplate(env: string): Json {
  const { assembly, stacks } = synth({ env });
  return Template.fromJSON(
    assembly.getStackByName(stacks.catalog.stackName).template as Record<string, unknown>,
  ).toJSON();
}

function resourcesOf(template: Json, type: string): [string, Json][] {
  return Object.entries(template.Resources as Record<string, Json>).filter(
    ([, resource]) => resource.Type === type,
  );
}

function onlyClaim(template: Json): [string, Json] {
  const claims = resourcesOf(template, 'AWS::SSM::Parameter').filter(
    ([, resource]) => resource.Properties.Name === ENVIRONMENT_CLAIM_PARAMETER,
  );
  expect(claims).toHaveLength(1);
  return claims[0]!;
}

describe('CatalogStack: one environment per account and region', () => {
  const templates = { dev: catalogTemplate('dev'), prod: catalogTemplate('prod') };

  it('claims the account and region under the same fixed name in every environment', () => {
    expect(ENVIRONMENT_CLAIM_PARAMETER).toBe('/hybrid-lake/environment');
    const [, dev] = onlyClaim(templates.dev);
    const [, prod] = onlyClaim(templates.prod);

    // Same physical name: the second environment's create fails with "already exists".
    expect(dev.Properties.Name).toBe(prod.Properties.Name);
    expect(dev.Properties.Value).toBe('hybrid-lake-dev');
    expect(prod.Properties.Value).toBe('hybrid-lake-prod');
  });

  it.each(['dev', 'prod'] as const)(
    'changes the catalog encryption settings only after the claim succeeded (%s)',
    (env) => {
      const template = templates[env];
      const [claimId] = onlyClaim(template);
      const settings = resourcesOf(template, 'AWS::Glue::DataCatalogEncryptionSettings');

      expect(settings).toHaveLength(1);
      expect(settings[0]![1].DependsOn).toEqual([claimId]);
    },
  );

  it('releases the claim with the stack, so the account can host an environment again', () => {
    const [, claim] = onlyClaim(templates.prod);
    expect(claim.DeletionPolicy).toBeUndefined();
  });
});
