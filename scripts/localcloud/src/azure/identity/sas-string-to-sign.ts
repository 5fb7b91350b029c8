/**
 * The strings-to-sign of Shared Key signed SAS tokens, per signed version (`sv`), from the REST
 * reference ("Create a service SAS", "Create an account SAS"). Values are signed exactly as
 * they appear in the query string (after percent-decoding), so times are not re-formatted.
 */

/** A query parameter, '' when absent (absent fields are signed as empty lines). */
export type Field = (name: string) => string;

/**
 * Service SAS for the Blob service. `canonicalizedResource` is `/blob/<account>/<container>`
 * plus `/<blob or directory>` for sr=b/bs/bv/d.
 */
export function serviceStringToSign(
  field: Field,
  canonicalizedResource: string,
  snapshotTime: string,
): string {
  const version = field('sv');
  const common = [
    field('sp'),
    field('st'),
    field('se'),
    canonicalizedResource,
    field('si'),
    field('sip'),
    field('spr'),
    version,
  ];
  const responseHeaders = [
    field('rscc'),
    field('rscd'),
    field('rsce'),
    field('rscl'),
    field('rsct'),
  ];
  if (version >= '2020-12-06') {
    return [...common, field('sr'), snapshotTime, field('ses'), ...responseHeaders].join('\n');
  }
  if (version >= '2018-11-09') {
    return [...common, field('sr'), snapshotTime, ...responseHeaders].join('\n');
  }
  return [...common, ...responseHeaders].join('\n');
}

/** Account SAS: the account name first, and a trailing newline. */
export function accountStringToSign(field: Field, accountName: string): string {
  const lines = [
    accountName,
    field('sp'),
    field('ss'),
    field('srt'),
    field('st'),
    field('se'),
    field('sip'),
    field('spr'),
    field('sv'),
  ];
  if (field('sv') >= '2020-12-06') lines.push(field('ses'));
  return `${lines.join('\n')}\n`;
}
