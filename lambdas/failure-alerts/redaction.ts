/**
 * Nothing secret leaves in an alert (DESIGN §4). Error messages, alarm reasons and request
 * payloads are text written by other programs, so anything that looks like a credential is
 * replaced before the text is stored, logged or published. Over-redacting costs a little
 * context; under-redacting mails a credential to a distribution list.
 */

const REDACTED = '<redacted>';

/** PEM private keys, including a key cut off before its END line. */
const PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** URLs whose query carries a signature: S3/SigV4 presigned URLs, SigV2, Azure SAS. */
const URL_WITH_QUERY = /\bhttps?:\/\/[^\s"'<>?]+\?[^\s"'<>]*/gi;
const SIGNED_QUERY =
  /(?:^|[?&])(?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig)=/i;

/** A signature parameter outside a URL (a query string quoted on its own). */
const LOOSE_SIGNATURE =
  /\b(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|sig)=[^&\s"'<>]+/gi;

/** AWS access key ids (long-term AKIA, temporary ASIA). */
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** A 40-character secret access key next to its name. */
const AWS_SECRET_KEY =
  /\b(aws_secret_access_key|secretaccesskey|secret_access_key)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/gi;

/** Azure Storage / Service Bus connection-string parts and SAS tokens. */
const CONNECTION_STRING_SECRET =
  /\b(AccountKey|SharedAccessSignature|SharedAccessKey)=[^;\s"'<>]+/gi;

const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;

/** JSON Web Tokens (three base64url parts, the first two starting with `{"`). */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g;

/** `password=…`, `"client_secret": "…"`, `api_key: …` and their relatives. */
const NAMED_SECRET =
  /\b(password|passwd|pwd|client_secret|secret|api[_-]?key|access[_-]?token|refresh[_-]?token)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s;&,"'}]+)/gi;

export function redactSecrets(text: string): string {
  return text
    .replace(PRIVATE_KEY, `<redacted private key>`)
    .replace(URL_WITH_QUERY, (url) => {
      const query = url.slice(url.indexOf('?'));
      return SIGNED_QUERY.test(query) ? `${url.slice(0, url.indexOf('?'))}?${REDACTED}` : url;
    })
    .replace(CONNECTION_STRING_SECRET, `$1=${REDACTED}`)
    .replace(LOOSE_SIGNATURE, `$1=${REDACTED}`)
    .replace(AWS_SECRET_KEY, `$1$2${REDACTED}`)
    .replace(AWS_ACCESS_KEY_ID, '<redacted access key id>')
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(NAMED_SECRET, (_match, name: string, separator: string, value: string) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
      return `${name}${separator}${quote}${REDACTED}${quote}`;
    });
}

/**
 * Redacts, then cuts to at most `maxChars` characters without splitting a surrogate pair, and
 * says how much was cut. Redaction comes first so a cut can never leave half a secret behind
 * in a form the patterns no longer recognise.
 */
export function redactAndLimit(text: string, maxChars: number): string {
  const redacted = redactSecrets(text);
  if (redacted.length <= maxChars) return redacted;
  let end = maxChars;
  const code = redacted.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${redacted.slice(0, end)}… [${redacted.length - end} more characters cut]`;
}
