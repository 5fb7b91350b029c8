import {
  recordedSource,
  sanitizeMetadataName,
  sanitizeMetadataValue,
  targetMetadata,
} from '../../../../lambdas/s3-to-adls/metadata';

const CSHARP_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

describe('sanitizeMetadataName', () => {
  it.each([
    ['producer', 's3_producer'],
    ['Content-Owner', 's3_content_owner'],
    ['schema.version', 's3_schema_version'],
    ['2fa', 's3_2fa'],
    ['class', 's3_class'],
    ['ünï', 's3__n_'],
  ])('%p → %p, a C# identifier', (name, expected) => {
    expect(sanitizeMetadataName(name)).toBe(expected);
    expect(sanitizeMetadataName(name)).toMatch(CSHARP_IDENTIFIER);
  });
});

describe('sanitizeMetadataValue', () => {
  it('keeps printable ASCII and percent-encodes everything else, reversibly', () => {
    expect(sanitizeMetadataValue('plain value 1.0')).toBe('plain value 1.0');
    expect(sanitizeMetadataValue('été\n100%')).toBe('%C3%A9t%C3%A9%0A100%25');
    expect(decodeURIComponent(sanitizeMetadataValue('été\n100%'))).toBe('été\n100%');
  });
});

describe('targetMetadata', () => {
  it('records the source and keeps user metadata under safe, distinct names', () => {
    const metadata = targetMetadata({
      bucket: 'b',
      etag: 'e',
      versionId: 'v',
      sequencer: '0A',
      userMetadata: { 'a-b': '1', a_b: '2', 'source-etag': 'forged' },
    });

    expect(metadata).toEqual({
      s3_a_b: '1',
      s3_a_b_2: '2',
      s3_source_etag: 'forged',
      source_bucket: 'b',
      source_etag: 'e',
      source_version_id: 'v',
      source_sequencer: '0A',
    });
    for (const name of Object.keys(metadata)) expect(name).toMatch(CSHARP_IDENTIFIER);
  });

  it('omits the version and sequencer when the source has none', () => {
    expect(targetMetadata({ bucket: 'b', etag: 'e' })).toEqual({
      source_bucket: 'b',
      source_etag: 'e',
    });
  });
});

describe('recordedSource', () => {
  it('reads the fields back whatever their case', () => {
    expect(
      recordedSource({ Source_Version_Id: 'v', source_etag: 'e', SOURCE_SEQUENCER: '0A' }),
    ).toEqual({ versionId: 'v', etag: 'e', sequencer: '0A' });
  });

  it('is empty for a file the transfer did not write', () => {
    expect(recordedSource(undefined)).toEqual({});
  });
});
