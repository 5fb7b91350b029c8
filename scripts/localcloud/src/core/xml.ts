import { XMLParser } from 'fast-xml-parser';

/**
 * A value serializable to XML: nested objects become elements; arrays repeat their element
 * (`{ Contents: [a, b] }` → two `<Contents>`); `undefined` is omitted. Query-protocol lists,
 * which wrap items in `<member>`, are built with `members()`.
 */
export type XmlValue = string | number | boolean | Date | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  readonly [element: string]: XmlValue;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    const children = Object.entries(value)
      .map(([child, childValue]) => toXml(child, childValue))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document with an XML declaration and a namespaced root element. */
export function xmlDocument(
  root: string,
  namespace: string | undefined,
  content: XmlObject,
): string {
  const children = Object.entries(content)
    .map(([name, value]) => toXml(name, value))
    .join('');
  const xmlns = namespace ? ` xmlns="${namespace}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${xmlns}>${children}</${root}>`;
}

/** Query-protocol list: `[a, b]` → `<member>a</member><member>b</member>`. */
export function members(items: readonly XmlValue[]): XmlObject {
  return { member: [...items] };
}

/** A reference XML does not define, or a character it does not allow: the document is not well-formed. */
export class XmlReferenceError extends Error {
  override readonly name = 'XmlReferenceError';
}

/** XML 1.0 §4.6: the only named entities a document without a DTD may use. */
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** XML 1.0 §2.2 `Char`: what a character reference may stand for. */
function isXmlCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * Replaces entity and character references in one pass, so `&amp;#34;` stays the text `&#34;`.
 * Character references matter: Go's encoding/xml (rclone, and every Go S3 or Azure client)
 * writes the quotes of an ETag as `&#34;`.
 */
export function decodeXmlReferences(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (reference, body: string) => {
    if (!body.startsWith('#')) {
      const character = PREDEFINED_ENTITIES[body];
      if (character === undefined) throw new XmlReferenceError(`Undefined entity ${reference}`);
      return character;
    }
    const codePoint = body.startsWith('#x')
      ? Number.parseInt(body.slice(2), 16)
      : Number.parseInt(body.slice(1), 10);
    if (!isXmlCharacter(codePoint))
      throw new XmlReferenceError(`${reference} is not a character XML allows`);
    return String.fromCodePoint(codePoint);
  });
}

/**
 * One configuration for every XML body localcloud reads (S3 and Azure). fast-xml-parser decodes
 * numeric references only with `htmlEntities`, which also brings HTML's named entities (`&nbsp;`)
 * that XML does not have; its own decoder is replaced by XML's exact rules instead. Entities a
 * DOCTYPE declares are ignored, so they stay undefined and make the document malformed.
 */
const PARSER_OPTIONS = {
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  processEntities: true,
  entityDecoder: {
    decode: decodeXmlReferences,
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
  },
} as const;

const parser = new XMLParser({ ...PARSER_OPTIONS, isArray: () => false });
const orderedParser = new XMLParser({ ...PARSER_OPTIONS, preserveOrder: true });

function documentText(body: Buffer | string): string | undefined {
  const text = body.toString();
  return text.trim() === '' ? undefined : text;
}

/** Parses a request body; returns undefined for a body that is not XML. */
export function parseXml(body: Buffer | string): Record<string, unknown> | undefined {
  try {
    const text = documentText(body);
    return text === undefined ? undefined : (parser.parse(text, true) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/** An element with its children in document order (for lists whose order mixes element names). */
export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlElement[];
  /** The element's own text, concatenated. */
  readonly text: string;
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: readonly OrderedNode[]): XmlElement[] {
  return nodes.flatMap((node) =>
    Object.entries(node)
      .filter(([name]) => name !== '#text' && name !== ':@' && !name.startsWith('?'))
      .map(([name, content]) => {
        const children = Array.isArray(content) ? (content as OrderedNode[]) : [];
        const text = children
          .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
          .join('');
        return { name, children: toElements(children), text };
      }),
  );
}

/** Parses a request body keeping document order; undefined for a body that is not XML. */
export function parseXmlElements(body: Buffer | string): XmlElement[] | undefined {
  try {
    const text = documentText(body);
    return text === undefined
      ? undefined
      : toElements(orderedParser.parse(text, true) as OrderedNode[]);
  } catch {
    return undefined;
  }
}

/** An element that may occur once or many times, as an array. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
