/**
 * HTML escaping for text and attribute values. The figures carry values users sent (URLs, user
 * agents, client-chosen ids), so every string reaches the page through here.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** ` name="value"` pairs, escaped; undefined values are left out. */
export function attributes(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(
      ([name, value]) =>
        ` ${name}="${escapeHtml(typeof value === 'number' ? svgNumber(value) : value)}"`,
    )
    .join('');
}

/** Coordinates rounded to 2 decimals: a 1440-bar chart stays small and diffs stay readable. */
export function svgNumber(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}
