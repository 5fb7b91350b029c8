/**
 * Credentials recognisable by their format alone, wherever they stand in a text: a name next to
 * them is not needed. The prefixes and lengths follow the providers' published formats as the
 * well-known secret scanners encode them (gitleaks' default rules, GitHub secret scanning's
 * provider patterns); lengths are lower bounds, so a longer token of the same family is still
 * caught whole.
 */

export interface SecretFormat {
  /** Shown in the placeholder: `<redacted github token>`. */
  readonly label: string;
  readonly pattern: RegExp;
}

/** Not preceded by a character that would make the match the tail of a longer word. */
const START = String.raw`(?<![A-Za-z0-9_])`;

const format = (label: string, source: string, start = START): SecretFormat => ({
  label,
  pattern: new RegExp(`${start}(?:${source})`, 'g'),
});

export const SECRET_FORMATS: readonly SecretFormat[] = [
  format('access key id', String.raw`(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])`),
  // STS session tokens are base64 of a binary blob whose first bytes hardly vary.
  format('session token', String.raw`(?:FwoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9/+=]{20,}`),
  format('github token', String.raw`gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}`),
  format('gitlab token', String.raw`gl(?:pat|ptt|rt|dt|ft|cbt|soat)-[\w-]{20,}`),
  format('slack token', String.raw`xox[abeoprs]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}`),
  format('google api key', String.raw`AIza[\w-]{35}`),
  format('google oauth secret', String.raw`GOCSPX-[\w-]{24,}|ya29\.[\w-]{20,}|1//0[\w-]{40,}`),
  format(
    'stripe key',
    String.raw`(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{24,}`,
  ),
  // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-…) keys.
  format('api key', String.raw`sk-(?:[a-z]+\d*-){0,2}[\w-]{20,}`),
  format('npm token', String.raw`npm_[A-Za-z0-9]{36}`),
  format('pypi token', String.raw`pypi-AgEIcHlwaS5vcmc[\w-]{20,}`),
  format('twilio key', String.raw`SK[0-9a-fA-F]{32}(?![0-9a-fA-F])`),
  format('sendgrid key', String.raw`SG\.[\w-]{16,}\.[\w-]{16,}`),
  format('mailgun key', String.raw`key-[0-9a-f]{32}`),
  format('mailchimp key', String.raw`[0-9a-f]{32}-us\d{1,2}`),
  format('databricks token', String.raw`dapi[0-9a-f]{32}(?:-\d)?`),
  format('pulumi token', String.raw`pul-[0-9a-f]{40}`),
  format('vault token', String.raw`hv[sbr]\.[\w-]{20,}`),
  format('terraform token', String.raw`[A-Za-z0-9]{14}\.atlasv1\.[\w=-]{40,}`),
  format('hugging face token', String.raw`hf_[A-Za-z]{30,}`),
  format('digitalocean token', String.raw`do[opr]_v1_[0-9a-f]{64}`),
  format('shopify token', String.raw`shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}`),
  format('postman key', String.raw`PMAK-[0-9a-f]{24}-[0-9a-f]{34}`),
  // Telegram's API puts it right after `bot` in the path: `/bot<token>/sendMessage`.
  format('telegram bot token', String.raw`\d{8,10}:A[\w-]{34}`, '(?<!\\d)'),
  format('age key', String.raw`AGE-SECRET-KEY-1[0-9A-Z]{58}`),
  format('azure client secret', String.raw`[\w~.]{3}\dQ~[\w~.-]{31,34}`),
  format('square token', String.raw`sq0(?:atp|csp)-[\w-]{22,}`),
  format(
    'grafana token',
    String.raw`glsa_[A-Za-z0-9]{32}_[0-9a-fA-F]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}`,
  ),
  format('doppler token', String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}`),
  format('linear key', String.raw`lin_api_[A-Za-z0-9]{40}`),
  format('notion token', String.raw`ntn_\d{11}[A-Za-z0-9]{35}`),
  format('heroku key', String.raw`HRKU-AA[\w-]{58}`),
  format('sentry token', String.raw`sntry[su]_[\w+/=]{40,}`),
  format('1password token', String.raw`ops_eyJ[\w+/]{100,}={0,3}`),
  format('atlassian token', String.raw`ATATT3[\w=-]{100,}`),
  format('dynatrace token', String.raw`dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}`),
  format('new relic key', String.raw`NRAK-[A-Z0-9]{27}`),
  format('planetscale token', String.raw`pscale_(?:tkn|oauth|pw)_[\w=.-]{32,}`),
  // JSON Web Tokens: three base64url parts, the first two starting with `{"`.
  format('jwt', String.raw`eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*`),
];

export function redactSecretFormats(text: string): string {
  return SECRET_FORMATS.reduce(
    (redacted, { label, pattern }) => redacted.replace(pattern, `<redacted ${label}>`),
    text,
  );
}
