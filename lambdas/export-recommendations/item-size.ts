/**
 * The size DynamoDB counts for an item, by the developer guide's rules ("Item sizes and
 * formats"), for the plain values the export writes (the document client's marshalling): an
 * attribute is its name's UTF-8 bytes plus its value's; a string its UTF-8 bytes; a number about
 * one byte per two significant digits plus one; a list or map 3 bytes plus, per element, 1 byte
 * (and a map entry's name). Rounded up where the guide leaves room, so a pass here is a pass there.
 */

/** DynamoDB's largest item. */
export const MAX_ITEM_BYTES = 400 * 1024;

export function itemSizeBytes(item: object): number {
  return Object.entries(item).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name, 'utf8') + valueSize(value),
    0,
  );
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return numberSize(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value))
    return value.reduce((sum: number, element: unknown) => sum + 1 + valueSize(element), 3);
  return Object.entries(value as Record<string, unknown>).reduce(
    (sum, [name, element]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueSize(element),
    3,
  );
}

function numberSize(value: number): number {
  const digits = String(Math.abs(value))
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}
