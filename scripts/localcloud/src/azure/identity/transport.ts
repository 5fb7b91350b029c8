/**
 * How a client reaches the emulator's Azure port with the Azure SDK's bearer-token path.
 *
 * The SDK refuses plain HTTP there: `bearerTokenAuthenticationPolicy` throws for non-https
 * storage URLs, `@azure/identity` requires an https `authorityHost`, and MSAL rejects http
 * authorities and checks that the OIDC metadata's issuer has the authority's origin. The
 * emulator serves plain HTTP. So callers address it with https URLs and hand the SDK this
 * agent, which carries those requests over a plain TCP connection to the emulator's port
 * (every host: MSAL's instance discovery goes to login.microsoftonline.com by design). The
 * `agent` pipeline option is read by every Azure SDK client (core-rest-pipeline agentPolicy).
 *
 *   const local = localAzureTransport(cloud().azure.endpoint);
 *   const credential = new ClientAssertionCredential(tenantId, clientId, getAssertion, {
 *     authorityHost: local.authorityHost,
 *     agent: local.agent,
 *   });
 *   const blobs = new BlobServiceClient(local.storageEndpoint, credential, local.storageOptions);
 */
import { Agent } from 'node:https';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** An https.Agent whose connections are plain TCP to one emulator port, whatever the URL's host. */
export class PlainTcpAgent extends Agent {
  constructor(private readonly target: { readonly host: string; readonly port: number }) {
    super({ keepAlive: false });
  }

  override createConnection(): Duplex {
    return connect(this.target.port, this.target.host);
  }
}

export interface LocalAzureTransport {
  /** Routes https requests to the emulator's Azure port in plain HTTP. */
  readonly agent: PlainTcpAgent;
  /** `https://127.0.0.1:<port>`: the authorityHost for @azure/identity credentials. */
  readonly authorityHost: string;
  /** `https://127.0.0.1:<port>/devstoreaccount1`: the storage URL for bearer-token clients. */
  readonly storageEndpoint: string;
  /**
   * Pipeline options for `BlobServiceClient` / `DataLakeServiceClient`: storage's option type
   * does not declare `agent`, although its pipeline passes every option on to core-rest-pipeline.
   */
  readonly storageOptions: {
    readonly agent: PlainTcpAgent;
    readonly userAgentOptions: { readonly userAgentPrefix: string };
  };
}

/** From the emulator's storage endpoint (`http://127.0.0.1:<port>/devstoreaccount1`). */
export function localAzureTransport(azureEndpoint: string): LocalAzureTransport {
  const url = new URL(azureEndpoint);
  const agent = new PlainTcpAgent({ host: url.hostname, port: Number(url.port) });
  return {
    agent,
    authorityHost: `https://${url.host}`,
    storageEndpoint: `https://${url.host}${url.pathname}`,
    storageOptions: { agent, userAgentOptions: { userAgentPrefix: 'localcloud-transport' } },
  };
}
