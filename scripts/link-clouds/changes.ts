/** One key a link run sets, with what it held before (undefined: absent). */
export interface Change {
  readonly key: string;
  readonly before: string | undefined;
  readonly after: string;
}

export function isChanged(change: Change): boolean {
  return change.before !== change.after;
}

/** `  key: before → after`, `  key: after (new)` or `  key: unchanged`, one line each. */
export function describeChanges(file: string, changes: readonly Change[]): string {
  const lines = changes.map((change) => {
    if (!isChanged(change)) return `  ${change.key}: unchanged`;
    if (change.before === undefined) return `  ${change.key}: ${change.after} (new)`;
    return `  ${change.key}: ${change.before} → ${change.after}`;
  });
  return [`${file}:`, ...lines].join('\n');
}
