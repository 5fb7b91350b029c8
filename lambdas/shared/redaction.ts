/**
 * Nothing secret leaves a function in a log line or an alert (docs/architecture.md, "Alerts: one
 * normalised fabric"). Error messages, alarm reasons and request payloads are text written by
 * other programs, so anything that looks like a credential is replaced before the text is
 * stored, logged or published. The rules err toward redacting: over-redacting costs a little
 * context; under-redacting mails a credential to a distribution list. Names and surrounding text
 * are kept, so the text still says what failed.
 */
import { redactNamedSecrets } from './named-secrets';
import { redactSecretFormats } from './secret-formats';

const REDACTED = '<redacted>';

/** PEM private keys (RSA, EC, OpenSSH, PGP, encrypted), including a key cut off before its END. */
const PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;

/** A URL of any scheme (`https`, `postgres`, `mongodb+srv`, `jdbc:mysql`); `\/` as JSON may escape it. */
const URL = /\b[a-z][a-z0-9+.-]*:\\?\/\\?\/[^\s"'<>\\]*(?:\\\/[^\s"'<>\\]*)*/gi;
/** What follows the scheme: `user:password@`, or a bare `token@` as in a Sentry DSN. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\\?\/\\?\/)([^@\s?#]*?)@(?=[^@\s])/i;
/** A query carrying a signature or a bearer code: S3/SigV4, SigV2, Azure SAS, Functions keys. */
const SIGNED_QUERY =
  /(?:^|[?&])(?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|code)=/i;
/** Webhook URLs whose path is the credential. */
const SECRET_PATH =
  /^(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:discord|discordapp)\.com\/api\/webhooks|[\w-]+\.webhook\.office\.com\/webhookb2)\/)[^?#]+/i;

/** Oracle's `jdbc:oracle:thin:user/password@host`. */
const ORACLE_THIN = /(jdbc:oracle:[a-z]+:[^\s/@:"']+\/)[^\s@"']+@/gi;

/** Azure Storage / Service Bus connection-string parts, up to the next `;`. */
const CONNECTION_STRING_SECRET =
  /\b(AccountKey|SharedAccessSignature|SharedAccessKey)=[^;\s"'<>\\]+/gi;

/** A signature parameter outside a URL (a query string quoted on its own). */
const LOOSE_SIGNATURE = /\b(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=[^&\s"'<>]+/gi;
/**
 * A SAS query string on its own (`sv=…&sp=…&sig=…`, `sig` in any casing): the run of text it
 * stands in, from its first parameter, is replaced whole. Anchored at the start of the run, so a
 * long run costs one pass.
 */
const SAS_RUN = /(?<![^\s"'<>;\\])[^\s"'<>;\\]*?(?:(?<=[?&])|(?<![^\s"'<>;\\]))sig=[^\s"'<>;\\]*/gi;

function redactSasRun(run: string): string {
  const queryStart = run.lastIndexOf('?') + 1;
  // A name in front of the query (`AZURE_SAS=sv=…`) stays.
  const name = /^[\w.-]+=(?=[a-z]{2,6}=)/i.exec(run.slice(queryStart))?.[0] ?? '';
  return `${run.slice(0, queryStart)}${name}<redacted SAS token>`;
}

function redactUserInfo(url: string): string {
  const match = USER_INFO.exec(url);
  if (!match) return url;
  const [whole, scheme = '', userInfo] = match;
  const rest = url.slice(whole.length);
  const colon = userInfo?.indexOf(':') ?? -1;
  if (colon >= 0) return `${scheme}${userInfo?.slice(0, colon + 1)}${REDACTED}@${rest}`;
  // A user name alone is not secret; a long token in its place (a DSN key, a PAT) is.
  return userInfo && /^[\w.~-]{20,}$/.test(userInfo) ? `${scheme}${REDACTED}@${rest}` : url;
}

function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const withoutQuery =
    queryAt >= 0 && SIGNED_QUERY.test(url.slice(queryAt))
      ? `${url.slice(0, queryAt)}?${REDACTED}`
      : url;
  return redactUserInfo(withoutQuery).replace(SECRET_PATH, `$1${REDACTED}`);
}

export function redactSecrets(text: string): string {
  const structured = text
    .replace(PRIVATE_KEY, '<redacted private key>')
    .replace(URL, redactUrl)
    .replace(ORACLE_THIN, `$1${REDACTED}@`)
    .replace(CONNECTION_STRING_SECRET, `$1=${REDACTED}`)
    .replace(LOOSE_SIGNATURE, `$1=${REDACTED}`)
    .replace(SAS_RUN, redactSasRun);
  return redactNamedSecrets(redactSecretFormats(structured));
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

/** Deeper than any event; a crafted payload nested further is redacted whole at that depth. */
const MAX_DEPTH = 64;

/**
 * The same value with every string in it redacted, object keys included: for events whose
 * fields end up in names, titles and links, not only in the error text.
 */
export function redactStrings<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return REDACTED as T;
  if (Array.isArray(value))
    return value.map((each: unknown) => redactStrings(each, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, each]) => [
      redactSecrets(key),
      redactStrings(each, depth + 1),
    ]),
  ) as T;
}

/**
 * Every URL's query string replaced, signed or not, then the secrets redacted: for logs of a
 * function that handles presigned URLs, where any query may be a bearer credential.
 */
export function redactUrlQueries(text: string): string {
  return redactSecrets(
    text.replace(URL, (url) =>
      url.includes('?') ? `${url.slice(0, url.indexOf('?'))}?${REDACTED}` : url,
    ),
  );
}
