import { createHash, X509Certificate } from 'node:crypto';
import { createSigningCertificate } from '../../../../src/services/sns/certificate';

/**
 * A time whose digest, the certificate's serial number, starts with `0x00` or `0x80` followed by
 * a byte under `0x80`: cleared of its sign bit, that would be a leading zero DER forbids.
 */
function timeWithZeroLeadingSerialByte(): Date {
  for (let ms = Date.UTC(2026, 0, 1); ; ms += 1000) {
    const now = new Date(ms);
    const digest = createHash('sha256').update(now.toISOString()).digest();
    if ((digest[0]! & 0x7f) === 0 && digest[1]! < 0x80) return now;
  }
}

/** The serial number's DER INTEGER content: it follows the `[0] { INTEGER 2 }` version field. */
function serialContent(pem: string): Buffer {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const version = der.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]));
  const at = version + 5;
  expect(der[at]).toBe(0x02);
  return der.subarray(at + 2, at + 2 + der[at + 1]!);
}

describe('createSigningCertificate', () => {
  it.each([
    ['any time', new Date(Date.UTC(2026, 11, 6, 9, 0, 0))],
    ['a time whose serial would start with a zero byte', timeWithZeroLeadingSerialByte()],
  ])('writes the serial number as a positive INTEGER in minimal DER (%s)', (_label, now) => {
    const { pem } = createSigningCertificate(now);
    const serial = serialContent(pem);
    // X.690 §8.3.2: the first nine bits of an INTEGER are never all zero nor all one.
    const minimal = serial[0] !== 0x00 || serial[1]! >= 0x80;
    expect(minimal).toBe(true);
    expect(serial[0]! & 0x80).toBe(0);
    expect(new X509Certificate(pem).subject).toBe('CN=sns.localcloud.internal');
  });
});
