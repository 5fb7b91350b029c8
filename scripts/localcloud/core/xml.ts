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

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  isArray: () => false,
});

/** Parses a request body; returns undefined for a body that is not XML. */
export function parseXml(body: Buffer | string): Record<string, unknown> | undefined {
  try {
    const text = body.toString();
    if (text.trim() === '') return undefined;
    return parser.parse(text, true) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** An element that may occur once or many times, as an array. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
