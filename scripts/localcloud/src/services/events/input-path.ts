/**
 * The JSONPath subset EventBridge's InputPath uses: `$`, then `.name`, `['name']` or `[index]`
 * steps. Undefined when the path selects nothing.
 */
export function selectPath(document: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps = /\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/gy;
  steps.lastIndex = 1;
  let current: unknown = document;
  while (steps.lastIndex < path.length) {
    const step = steps.exec(path);
    if (!step) return undefined;
    const key = step[1] ?? step[2] ?? Number(step[3]);
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
    if (current === undefined) return undefined;
  }
  return current;
}

export function isValidPath(path: string): boolean {
  return /^\$((\.[^.[\]]+)|(\['[^']*'\])|(\[\d+\]))*$/.test(path);
}
