import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeEgressRanges } from '../../../../scripts/link-clouds/egress-ranges';
import { LinkInputError } from '../../../../scripts/link-clouds/errors';
import {
  readPulumiConfigList,
  setPulumiConfigList,
} from '../../../../scripts/link-clouds/pulumi-config-list';

const fixture = readFileSync(join(__dirname, 'fixtures', 'Pulumi.dev.yaml'), 'utf8');
const KEY = 'hybrid-lake:allowedIpRanges';

describe('readPulumiConfigList', () => {
  it('reads a block list, with its comments, and says when the key is absent', () => {
    expect(readPulumiConfigList(fixture, KEY, 'f')).toEqual(['203.0.113.10', '198.51.100.0/24']);
    expect(readPulumiConfigList(fixture, 'hybrid-lake:awsEgressIps', 'f')).toBeUndefined();
    expect(readPulumiConfigList(undefined, KEY, 'f')).toBeUndefined();
  });

  it.each([
    ['a list at the key’s own indentation', `  ${KEY}:\n  - 203.0.113.10\n  - "192.0.2.4"`],
    ['a flow list', `  ${KEY}: [203.0.113.10, '192.0.2.4']`],
    ['a JSON string', `  ${KEY}: '["203.0.113.10", "192.0.2.4"]'`],
    ['a comma-separated string', `  ${KEY}: "203.0.113.10, 192.0.2.4"`],
  ])('reads %s as Pulumi hands it to the program', (_shape, lines) => {
    expect(readPulumiConfigList(`config:\n${lines}\n  other: x\n`, KEY, 'f')).toEqual([
      '203.0.113.10',
      '192.0.2.4',
    ]);
  });

  it('refuses a secret or a map rather than guess', () => {
    const secret = `config:\n  ${KEY}:\n    secure: v1:abc\n`;
    expect(() => readPulumiConfigList(secret, KEY, 'Pulumi.dev.yaml')).toThrow(LinkInputError);
    expect(() => readPulumiConfigList(secret, KEY, 'Pulumi.dev.yaml')).toThrow(
      `Pulumi.dev.yaml: ${KEY} must be a list of strings, one "- item" per line`,
    );
  });
});

describe('setPulumiConfigList', () => {
  it('appends new items after the last one and keeps every other line as written', () => {
    const { text, change } = setPulumiConfigList(
      fixture,
      KEY,
      ['203.0.113.10', '198.51.100.0/24', '192.0.2.44'],
      'f',
    );

    expect(text).toBe(
      fixture.replace(
        '    - 198.51.100.0/24 # NAT gateways\n',
        '    - 198.51.100.0/24 # NAT gateways\n    - 192.0.2.44\n',
      ),
    );
    expect(change).toEqual({
      key: KEY,
      before: '203.0.113.10, 198.51.100.0/24',
      after: '203.0.113.10, 198.51.100.0/24, 192.0.2.44',
    });
  });

  it('removes the lines of items that go, and returns the file untouched when nothing changes', () => {
    const { text } = setPulumiConfigList(fixture, KEY, ['198.51.100.0/24'], 'f');

    expect(text).toBe(fixture.replace('    - 203.0.113.10\n', ''));
    expect(setPulumiConfigList(text, KEY, ['198.51.100.0/24'], 'f').text).toBe(text);
  });

  it('adds the key as a block list when it is missing, or an empty list', () => {
    expect(setPulumiConfigList('config:\n  a: b\n', KEY, ['192.0.2.44', 'x y'], 'f').text).toBe(
      `config:\n  a: b\n  ${KEY}:\n    - 192.0.2.44\n    - "x y"\n`,
    );
    expect(setPulumiConfigList(undefined, KEY, [], 'f').text).toBe(`config:\n  ${KEY}: []\n`);
  });

  it('rewrites an inline list as a block only when its items change', () => {
    const inline = `config:\n  ${KEY}: "203.0.113.10"\n  a: b\n`;

    expect(setPulumiConfigList(inline, KEY, ['203.0.113.10'], 'f').text).toBe(inline);
    expect(setPulumiConfigList(inline, KEY, ['203.0.113.10', '192.0.2.44'], 'f').text).toBe(
      `config:\n  ${KEY}:\n    - 203.0.113.10\n    - 192.0.2.44\n  a: b\n`,
    );
  });

  it('keeps the indentation of a compact list and the line endings of the file', () => {
    const compact = `config:\r\n  ${KEY}:\r\n  - 203.0.113.10\r\n  a: b\r\n`;

    expect(setPulumiConfigList(compact, KEY, ['203.0.113.10', '192.0.2.44'], 'f').text).toBe(
      `config:\r\n  ${KEY}:\r\n  - 203.0.113.10\r\n  - 192.0.2.44\r\n  a: b\r\n`,
    );
  });
});

describe('mergeEgressRanges', () => {
  it('keeps the user ranges and adds the exported addresses once', () => {
    expect(
      mergeEgressRanges({
        current: ['203.0.113.10', '192.0.2.44'],
        previous: [],
        next: ['192.0.2.44', '192.0.2.45'],
      }),
    ).toEqual(['203.0.113.10', '192.0.2.44', '192.0.2.45']);
  });

  it('drops the addresses the last run wrote that AWS no longer exports', () => {
    expect(
      mergeEgressRanges({
        current: ['192.0.2.44', '203.0.113.10', '192.0.2.45'],
        previous: ['192.0.2.44', '192.0.2.45'],
        next: ['192.0.2.45', '192.0.2.46'],
      }),
    ).toEqual(['203.0.113.10', '192.0.2.45', '192.0.2.46']);
  });

  it('is idempotent: merging its own result changes nothing', () => {
    const next = ['192.0.2.44'];
    const once = mergeEgressRanges({ current: ['203.0.113.10'], previous: [], next });
    expect(mergeEgressRanges({ current: once, previous: next, next })).toEqual(once);
  });
});
