/**
 * Secrets that stand after a name: `DB_PASSWORD=…`, `"client_secret": "…"`, `api_key: …`,
 * `Password={…}`, `<SecretAccessKey>…</SecretAccessKey>`, `--password …`, `Authorization: …`.
 *
 * The rule errs toward redacting: any name that *contains* a sensitive word counts, whatever
 * surrounds the word (`PGPASSWORD`, `MYSQL_ROOT_PASSWORD`, `x-api-key`, `_authToken`; a `\b`
 * boundary never matches after `_` or a letter, which is how such names used to slip through).
 * Only names known to hold no secret are spared: the object `key` of S3 events and errors, names
 * of identifiers and settings about a secret (`KeyId`, `SharedAccessKeyName`, `token_type`), and
 * error codes (`InvalidAccessKeyId`, `NoSuchKey`, `KeyError`). The value is replaced whole, in
 * whatever form it takes (quoted at any level of JSON escaping, braced, bracketed, or bare), and
 * the name and the text around it are kept, so the alert still says what failed.
 */

const REDACTED = '<redacted>';

/** The words that make a name sensitive, anywhere inside it. */
const SENSITIVE_WORD = 'pass|pwd|secret|token|key|cred|auth|cookie|signature|jwt';

/**
 * A name: letters, digits, `_`, `.`, `-`, containing a sensitive word (or exactly `sig`). The
 * resource type of an ARN (`…:123456789012:secret:name`) is not one.
 */
const NAME = String.raw`(?:(?<![\w.$-])|(?<=%[0-9a-f]{2}))(?<!:\d{12}:)(?<name>[\w.-]{0,60}?(?:${SENSITIVE_WORD})[\w.-]{0,60}|sig)`;

/** Case-folded, separators dropped: the names below are compared in this form. */
const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The object key of S3 events and errors, and the keys of tables and partitions. */
const KEY_OF_DATA =
  /^(?:key|keys|(?:partition|sort|dist|hash|range|primary|foreign|object|s3|source|target|routing|idempotency|cache|dedupe|row|column|map|lookup|join)keys?)$/;
/** Names about a secret rather than holding one: its id, name, type, place, lifetime, state. */
const ABOUT_A_SECRET =
  /(?:id|ids|arn|name|names|type|schema|count|marker|prefix|length|size|format|spec|usage|state|status|version|expiry|expiration|expires|expiresat|expiresin|ttl|url|uri|endpoint|path|file|location|rotation|policy|alias|region|provider|mode|method|scheme|required|enabled|valid|invalid|expired|missing)$/;
/** Ordinary words that happen to contain a sensitive one. */
const ORDINARY_WORD =
  /^(?:author|authors|authority|passed|passes|passing|bypass|keyword|keywords|secretsmanager)$/;
/** Error codes and exception names: what follows them is a message, not a value. */
const ERROR_CODE =
  /^(?:Invalid|Expired|Missing|Unrecognized|Incomplete|Malformed|Bad|NoSuch|Unknown)[A-Z]|(?:Error|Exception|Fault)$/;

/** Whether a sensitive-looking name is known to hold no secret. */
export function isHarmlessName(name: string): boolean {
  const plain = normalised(name.replace(/^-+/, ''));
  return (
    KEY_OF_DATA.test(plain) ||
    ABOUT_A_SECRET.test(plain) ||
    ORDINARY_WORD.test(plain) ||
    ERROR_CODE.test(name)
  );
}

/**
 * A character of a bare value. A backslash belongs to it unless it starts an escape: a quote, a
 * backslash, or `\n` `\r` `\t`, which in JSON-escaped text are where the next line begins.
 */
const BARE_CHARACTERS = String.raw`(?:[^\s"'&;<>\\]|\\(?![\\"'nrt]))`;

/** A JSON object, up to three levels deep. */
const JSON_OBJECT = String.raw`\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}`;

/**
 * A value in any of its forms. Quoted: up to the same quote at the same level of escaping
 * (`"…"`, `\"…\"`, `\\\"…\\\"`), so a value nested in JSON inside JSON is taken whole. A JSON
 * object (`{"…`), braced (`{…}` with ODBC's `}}` escape), bracketed (`[…]`), or bare up to a
 * space, a quote, `;` or `&`; a bare value may begin with an opening quote that never closes.
 */
const VALUE = String.raw`(?<value>(?<escapes>\\*)(?<quote>["'])(?<quoted>[\s\S]{0,4096}?)(?<!\\)\k<escapes>\k<quote>|(?<object>(?=\{\s*\\*["'])${JSON_OBJECT})|\{(?:[^{}]|\}\})*\}|\[[^\]]{0,4096}\]|\\*["']?${BARE_CHARACTERS}+)`;

/**
 * `=` and `:` as other writers escape them: URL encoding (`password%3DX` in a form body or a
 * logged query) and JSON's `\u003d`, which Gson (the JVM side of Glue) writes for `=`.
 */
export const ESCAPED_SEPARATOR = String.raw`%3[ad]|\\+u003[ad]`;

/**
 * `name=value`, `name: value`, `"name":"value"`, `name := value`, `name => value`, and the
 * escaped separators above.
 */
const NAMED_VALUE = new RegExp(
  String.raw`${NAME}(?<separator>\\*["']?\s*(?::=|=>|[:=]|${ESCAPED_SEPARATOR})\s*)${VALUE}`,
  'gi',
);

/** A command-line flag and its value: `--password value`, `--api-key value`. */
const FLAG_VALUE = new RegExp(
  String.raw`(?<![\w-])(?<name>--[\w-]{0,60}?(?:${SENSITIVE_WORD})[\w-]{0,60})(?<separator>\s+)(?<value>[^\s"'<>\\-]${BARE_CHARACTERS}*)`,
  'gi',
);

/** `<Password>…</Password>`, `<SecretAccessKey>…</SecretAccessKey>` (XML bodies of AWS and Azure). */
const XML_ELEMENT = new RegExp(
  String.raw`<(?<name>[\w:.-]{0,60}?(?:${SENSITIVE_WORD})[\w:.-]{0,60})(?<attributes>\s[^<>]*)?>(?<value>[^<]{1,4096})</\k<name>>`,
  'gi',
);

/**
 * An authorization header: the scheme is kept (`Basic`, `Bearer`, `AWS4-HMAC-SHA256`, `SSWS`, …)
 * and everything after it up to the end of the line or the closing quote is replaced.
 */
const AUTHORIZATION = new RegExp(
  String.raw`(?<![\w-])(?<name>(?:proxy-)?authorization)(?<separator>\\*["']?\s*[:=]\s*\\*["']?)(?:(?<scheme>[A-Za-z][\w.-]*)(?<space>[ \t]+))?(?![A-Za-z][\w.-]*[ \t]+<redacted)(?<credentials>[^\s"'\\<][^\r\n"'\\]*)`,
  'gi',
);

/** A Basic credential on its own: redacted when it decodes to `user:password`. */
const BASIC = /\b(Basic)\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;

const isPlaceholder = (value: string) => /^\\*["']?<redacted[^>]*>/.test(value);

type Groups = Record<string, string | undefined>;
const groupsOf = (args: unknown[]): Groups => args[args.length - 1] as Groups;

/** `AZURE_CLIENT_SECRET=…` as the value of `EnvironmentCredential: …`: a pair of its own. */
const SENSITIVE_PAIR = new RegExp(String.raw`^${NAME}\s*[:=]`, 'i');

/**
 * How deep a value is searched for pairs of its own. Past it, a value is redacted whole, so a
 * crafted text cannot recurse without end.
 */
const MAX_NESTING = 4;

function redactValue(match: string, groups: Groups, depth: number): string {
  const { name = '', separator = '', value = '', escapes = '', quote, quoted, object } = groups;
  if (isPlaceholder(value)) return match;
  const nested = depth < MAX_NESTING;
  // The value of a harmless name can still hold a pair of its own (`KeyError: password=…`).
  if (nested && (isHarmlessName(name) || /authorization$/i.test(name))) {
    return `${name}${separator}${redactNamedSecrets(value, depth + 1)}`;
  }
  if (quote !== undefined && quoted !== undefined) {
    return `${name}${separator}${escapes}${quote}${REDACTED}${escapes}${quote}`;
  }
  // An object or a pair under a sensitive name keeps its structure when its own names show
  // what is secret (`"Credentials": {"SecretAccessKey": …, "Expiration": …}`); when none does,
  // the whole value goes.
  const pair = SENSITIVE_PAIR.exec(value)?.groups?.name;
  if (nested && pair !== undefined && !isHarmlessName(pair)) {
    return `${name}${separator}${redactNamedSecrets(value, depth + 1)}`;
  }
  if (nested && object !== undefined) {
    const inner = redactNamedSecrets(value, depth + 1);
    if (inner !== value || inner.includes(REDACTED.slice(0, -1))) {
      return `${name}${separator}${inner}`;
    }
  }
  const opening = /^\\*["']/.exec(value)?.[0] ?? '';
  return `${name}${separator}${opening}${REDACTED}`;
}

function decodesToCredentials(encoded: string): boolean {
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) && decoded.includes(':');
}

export function redactNamedSecrets(text: string, depth = 0): string {
  return text
    .replace(AUTHORIZATION, (match, ...args: unknown[]) => {
      const { name, separator, scheme, space, credentials } = groupsOf(args);
      if (credentials === undefined || isPlaceholder(credentials)) return match;
      return `${name}${separator}${scheme !== undefined ? `${scheme}${space}` : ''}${REDACTED}`;
    })
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(BASIC, (match, scheme: string, encoded: string) =>
      decodesToCredentials(encoded) ? `${scheme} ${REDACTED}` : match,
    )
    .replace(XML_ELEMENT, (match, ...args: unknown[]) => {
      const { name = '', attributes = '' } = groupsOf(args);
      return isHarmlessName(name) ? match : `<${name}${attributes}>${REDACTED}</${name}>`;
    })
    .replace(FLAG_VALUE, (match, ...args: unknown[]) => {
      const { name = '', separator = '' } = groupsOf(args);
      return isHarmlessName(name) ? match : `${name}${separator}${REDACTED}`;
    })
    .replace(NAMED_VALUE, (match, ...args: unknown[]) => redactValue(match, groupsOf(args), depth));
}
