/**
 * SNS (AWS Query): topics, publishing with AWS's validation, subscriptions delivering to SQS
 * (in-process, through the bus), HTTP(S) (signed envelopes, confirmation handshake, retries) and
 * e-mail (recorded, never sent), with per-subscription filter policies. Every publish is kept
 * so tests and the local runner can read alerts without an endpoint.
 */
import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import {
  createQueryService,
  queryParamsOf,
  renderQueryError,
  type QueryOperation,
} from '../../core/query-protocol';
import type { AwsRequest, AwsResponse } from '../../core/request';
import { xmlDocument } from '../../core/xml';
import { createSigningCertificate, type SigningCertificate } from './certificate';
import { Deliverer } from './delivery';
import { CERTIFICATE_PATH } from './envelope';
import type { DeliveryRecord, PublishedMessage, SnsState } from './model';
import { publishOperations } from './publish';
import { SnsStore } from './store';
import { subscriptionOperations } from './subscriptions';
import { topicOperations } from './topics';

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface SnsService extends ServiceHandler {
  /** Every successful publish, oldest first; only those to `topicArn` when given. */
  published(topicArn?: string): PublishedMessage[];
  /** Every delivery (SQS, HTTP(S), e-mail records), with its status and attempts. */
  deliveries(subscriptionArn?: string): DeliveryRecord[];
  /** Deliveries that gave up after their retries (or found no queue). */
  deliveryFailures(): DeliveryRecord[];
  /** Resolves once every HTTP(S) delivery started so far has finished (delivered or failed). */
  settled(): Promise<void>;
  /** The PEM certificate whose key signs message envelopes (also served at SigningCertURL). */
  signingCertificate(): string;
}

export function createSnsService(context: LocalCloudContext): SnsService {
  const store = new SnsStore(context);
  let certificate: SigningCertificate | undefined;
  // Made on first use: generating an RSA key costs tens of milliseconds at startup otherwise.
  const signingCertificate = () => (certificate ??= createSigningCertificate(context.now()));
  const signer = () => ({
    privateKey: signingCertificate().privateKey,
    endpoint: context.endpoint(),
  });
  const deliverer = new Deliverer(store, context, signer);
  const operations: Record<string, QueryOperation> = {
    ...topicOperations(store, context),
    ...publishOperations(store, deliverer, context),
    ...subscriptionOperations(store, deliverer, context, signer),
  };

  const handler = createQueryService({
    signingName: 'sns',
    xmlNamespace: NAMESPACE,
    operations,
    context,
    reset: () => store.clear(),
    snapshot: (): SnsState => store.snapshot(),
    restore: (state) => store.restore(state as Partial<SnsState> | undefined),
    handlePublic: (request) => publicRoute(request),
  });

  /**
   * Routes AWS serves without a signature: the signing certificate, and the SubscribeURL /
   * UnsubscribeURL links carried in messages (plain GETs from whoever received them).
   */
  async function publicRoute(request: AwsRequest): Promise<AwsResponse | undefined> {
    if (request.method !== 'GET') return undefined;
    if (request.rawPath === CERTIFICATE_PATH)
      return {
        status: 200,
        headers: { 'content-type': 'application/x-pem-file' },
        body: signingCertificate().pem,
      };
    const action = request.query.get('Action');
    const signed =
      request.headers.authorization !== undefined || request.query.has('X-Amz-Signature');
    if (request.rawPath !== '/' || signed) return undefined;
    if (action !== 'ConfirmSubscription' && action !== 'Unsubscribe') return undefined;
    const params = queryParamsOf(request);
    try {
      // These two operations never read the signature, which these links do not carry.
      const result = await operations[action]!(params, {
        request,
        auth: undefined as never,
        context,
      });
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: xmlDocument(`${action}Response`, NAMESPACE, {
          ...(result !== undefined && { [`${action}Result`]: result }),
          ResponseMetadata: { RequestId: request.requestId },
        }),
      };
    } catch (error) {
      if (error instanceof AwsError) return renderQueryError(error, request.requestId, NAMESPACE);
      throw error;
    }
  }

  return {
    ...handler,
    published: (topicArn) =>
      structuredClone(
        store.published.filter(
          (message) => topicArn === undefined || message.topicArn === topicArn,
        ),
      ),
    deliveries: (subscriptionArn) =>
      structuredClone(
        store.deliveries.filter(
          (delivery) =>
            subscriptionArn === undefined || delivery.subscriptionArn === subscriptionArn,
        ),
      ),
    deliveryFailures: () =>
      structuredClone(store.deliveries.filter((delivery) => delivery.status === 'failed')),
    settled: () => deliverer.settled(),
    signingCertificate: () => signingCertificate().pem,
  };
}
