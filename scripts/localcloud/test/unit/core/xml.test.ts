import {
  decodeXmlReferences,
  parseXml,
  parseXmlElements,
  XmlReferenceError,
} from '../../../src/core/xml';

describe('decodeXmlReferences', () => {
  it.each([
    ['&#34;etag&#34;', '"etag"'],
    ['&#x22;etag&#x22;', '"etag"'],
    ['&#X22;', '&#X22;'],
    ['a &amp; b &lt;c&gt; &apos;d&apos; &quot;e&quot;', 'a & b <c> \'d\' "e"'],
    ['&#x1F600; &#233;', '😀 é'],
    ['&amp;#34;', '&#34;'],
  ])('decodes %s as %s, in one pass', (text, decoded) => {
    expect(decodeXmlReferences(text)).toBe(decoded);
  });

  it.each(['&nbsp;', '&#0;', '&#xD800;', '&#x110000;'])(
    'refuses %s, which XML does not define or allow',
    (text) => {
      expect(() => decodeXmlReferences(text)).toThrow(XmlReferenceError);
    },
  );
});

describe('parseXml', () => {
  it('decodes decimal and hexadecimal character references, as Go writes them', () => {
    const body =
      '<CompleteMultipartUpload><Part><ETag>&#34;abc&#34;</ETag></Part><Part><ETag>&#x22;def&#x22;</ETag></Part></CompleteMultipartUpload>';

    expect(parseXml(body)).toEqual({
      CompleteMultipartUpload: { Part: [{ ETag: '"abc"' }, { ETag: '"def"' }] },
    });
  });

  it('finds a document with an undefined entity not well-formed', () => {
    expect(parseXml('<Delete><Object><Key>&nbsp;</Key></Object></Delete>')).toBeUndefined();
    expect(parseXml('<!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>')).toBeUndefined();
  });
});

describe('parseXmlElements', () => {
  it('keeps elements of different names in document order, references decoded', () => {
    const body =
      '<?xml version="1.0"?><BlockList><Latest>QUFB</Latest><Committed>&#81;kJC</Committed><Latest>Q0ND</Latest></BlockList>';

    const [root] = parseXmlElements(body) ?? [];

    expect(root?.name).toBe('BlockList');
    expect(root?.children.map((child) => [child.name, child.text])).toEqual([
      ['Latest', 'QUFB'],
      ['Committed', 'QkJC'],
      ['Latest', 'Q0ND'],
    ]);
  });
});
