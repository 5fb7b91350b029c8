import {
  EnableOutboundWebIdentityFederationCommand,
  FeatureDisabledException,
  FeatureEnabledException,
  GetOutboundWebIdentityFederationInfoCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { iamOutboundFederation } from '../../../../lambdas/outbound-federation/iam-federation';

/** An IAM client whose `send` records each command and answers with `reply`. */
function fakeIam(reply: (command: unknown) => Promise<unknown>) {
  const sent: unknown[] = [];
  const client = {
    send: (command: unknown) => {
      sent.push(command);
      return reply(command);
    },
  } as unknown as Pick<IAMClient, 'send'>;
  return { client, sent };
}

const metadata = { $metadata: {} };

describe('iamOutboundFederation (the bundled @aws-sdk/client-iam)', () => {
  it('enables with EnableOutboundWebIdentityFederation', async () => {
    const { client, sent } = fakeIam(() => Promise.resolve({}));

    await iamOutboundFederation(client).enable();

    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(EnableOutboundWebIdentityFederationCommand);
  });

  it('treats "already enabled" (FeatureEnabledException, HTTP 409) as done', async () => {
    const { client } = fakeIam(() =>
      Promise.reject(new FeatureEnabledException({ message: 'already on', ...metadata })),
    );

    await expect(iamOutboundFederation(client).enable()).resolves.toBeUndefined();
  });

  it('lets every other error fail the deployment', async () => {
    const disabled = new FeatureDisabledException({ message: 'disabled', ...metadata });
    const { client } = fakeIam(() => Promise.reject(disabled));

    await expect(iamOutboundFederation(client).enable()).rejects.toBe(disabled);
  });

  it('reads the issuer with GetOutboundWebIdentityFederationInfo', async () => {
    const { client, sent } = fakeIam(() =>
      Promise.resolve({ IssuerIdentifier: 'https://abc.tokens.sts.global.api.aws' }),
    );

    await expect(iamOutboundFederation(client).issuerUrl()).resolves.toBe(
      'https://abc.tokens.sts.global.api.aws',
    );
    expect(sent[0]).toBeInstanceOf(GetOutboundWebIdentityFederationInfoCommand);
  });
});
