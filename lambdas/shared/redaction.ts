/**
 * Nothing secret leaves a function in a log line or an alert (docs/architecture.md, "Alerts: one
 * normalised fabric"). Error messages, alarm reasons and request payloads are text written by
 * other programs, so anything that looks like a credential is replaced before the text is
 * stored, logged or published. The rules err toward redacting: over-redacting costs a little
 * context; under-redacting mails a credential to a distribution list. Names and surrounding text
 * are kept, so the text still says what failed.
 */
import { ESCAPED_SEPARATOR, redactNamedSecrets } from './named-secrets';
import { redactSecretFormats } from './secret-formats';

const REDACTED = '<redacted>';

/** PEM private keys (RSA, EC, OpenSSH, PGP, encrypted), including a key cut off before its END. */
const PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;

/**
 * A URL of any scheme (`https`, `postgres`, `mongodb+srv`, `jdbc:mysql`); `\/` as JSON may escape it.
 * The scheme is bounded: unbounded, every word boundary of a long dotted or dashed run would scan
 * to the run's end looking for `:`, which is quadratic (minutes for 1 MB).
 */
const URL = /\b[a-z][a-z0-9+.-]{0,31}:\\?\/\\?\/[^\s"'<>\\]*(?:\\\/[^\s"'<>\\]*)*/gi;
/** The scheme of a URL, up to its `//`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\\?\/\\?\//i;
/** A query carrying a signature or a bearer code: S3/SigV4, SigV2, Azure SAS, Functions keys. */
const SIGNED_QUERY =
  /(?:^|[?&])(?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|code)=/i;
/** Webhook URLs whose path is the credential. */
const SECRET_PATH =
  /^(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:discord|discordapp)\.com\/api\/webhooks|[\w-]+\.webhook\.office\.com\/webhookb2)\/)[^?#]+/i;

/**
 * Oracle's `jdbc:oracle:thin:user/password@host`. User and password are bounded so that many
 * such URLs without an `@` cannot each scan to the end of the text.
 */
const ORACLE_THIN = /(jdbc:oracle:[a-z]{1,16}:[^\s/@:"']{1,128}\/)[^\s@"']{1,256}@/gi;

/** Azure Storage / Service Bus connection-string parts, up to the next `;`. */
const CONNECTION_STRING_SECRET = new RegExp(
  String.raw`\b(AccountKey|SharedAccessSignature|SharedAccessKey)(?:=|${ESCAPED_SEPARATOR})[^;\s"'<>\\]+`,
  'gi',
);

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

/**
 * What follows the scheme: `user:password@`, or a bare `token@` as in a Sentry DSN. A password
 * written unencoded may hold `@`, `?` or `#` (`postgres://app:p@ss#1@host/db`), so the user
 * information runs to the last `@` before the path that follows the first `@`, not to the first
 * `@`. `host:port/…?to=a@b` is a host and port, not a user and password.
 */
function redactUserInfo(url: string): string {
  const scheme = SCHEME.exec(url)?.[0];
  if (scheme === undefined) return url;
  const first = url.indexOf('@', scheme.length);
  if (first < 0) return url;
  const path = url.slice(first).search(/[/?#]/);
  const at = url.lastIndexOf('@', path < 0 ? url.length : first + path);
  const userInfo = url.slice(scheme.length, at);
  const rest = url.slice(at + 1);
  const colon = userInfo.indexOf(':');
  if (colon >= 0) {
    const user = userInfo.slice(0, colon);
    const isHostAndPort =
      /[/?#]/.test(user) || /^\d{1,5}(?:[/?#]|\\\/)/.test(userInfo.slice(colon + 1));
    if (!isHostAndPort) return `${scheme}${user}:${REDACTED}@${rest}`;
  }
  // A user name alone is not secret; a long token in its place (a DSN key, a PAT) is.
  return /^[\w.~-]{20,}$/.test(url.slice(scheme.length, first))
    ? `${scheme}${REDACTED}@${url.slice(first + 1)}`
    : url;
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
    // The user information first: a password may hold a `?` that would otherwise start the cut.
    text.replace(URL, (whole) => {
      const url = redactUserInfo(whole);
      return url.includes('?') ? `${url.slice(0, url.indexOf('?'))}?${REDACTED}` : url;
    }),
  );
}
