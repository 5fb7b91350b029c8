/**
 * The certificate the TLS listener presents: a local certificate authority, made once per state
 * folder (or per run without one), and a server certificate it signs for `localhost`, 127.0.0.1
 * and ::1. Clients trust the authority's certificate (`ssl.ca`, or NODE_EXTRA_CA_CERTS for a
 * process started unmodified), as they would trust a private CA in front of a real cluster.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Selfsigned from 'selfsigned';

export interface TlsIdentity {
  /** The server's key and certificate (PEM). */
  readonly key: string;
  readonly cert: string;
  /** The authority that signed it (PEM): what clients trust. */
  readonly caCertificate: string;
}

/** The longest validity macOS accepts for a server certificate from a private authority. */
const VALID_DAYS = 825;

export async function localTlsIdentity(stateDir?: string): Promise<TlsIdentity> {
  const folder = stateDir === undefined ? undefined : join(stateDir, 'kafka-tls');
  const files = folder && {
    key: join(folder, 'server.key'),
    cert: join(folder, 'server.crt'),
    caCertificate: join(folder, 'ca.crt'),
  };
  if (files && Object.values(files).every((file) => existsSync(file))) {
    return {
      key: readFileSync(files.key, 'utf8'),
      cert: readFileSync(files.cert, 'utf8'),
      caCertificate: readFileSync(files.caCertificate, 'utf8'),
    };
  }
  // Loaded here, not at the top: the certificate library takes about 0.2 s to load, which every
  // localcloud without an IAM listener (most tests) would otherwise pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generate } = require('selfsigned') as typeof Selfsigned;
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000);
  const authority = await generate([{ name: 'commonName', value: 'localcloud Kafka local CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: authority.private, cert: authority.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const identity = { key: server.private, cert: server.cert, caCertificate: authority.cert };
  if (folder && files) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(files.key, identity.key, { mode: 0o600 });
    writeFileSync(files.cert, identity.cert);
    writeFileSync(files.caCertificate, identity.caCertificate);
  }
  return identity;
}
