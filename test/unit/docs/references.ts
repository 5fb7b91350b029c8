/**
 * What the documentation-references test checks, as pure functions over file texts, so the
 * checks themselves can be tested on small samples.
 */
import { dirname, join, normalize, relative, sep } from 'node:path';

/** A text that cites a document kept outside the repository. */
export interface OutsideDocumentCitation {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/**
 * Names of planning documents that never were part of the repository. Built from pieces so this
 * file does not cite them itself.
 */
const OUTSIDE_DOCUMENTS = [
  new RegExp(['DESIGN', String.raw`(?:\.md)?\s*§`].join('')),
  new RegExp(['DESIGN', String.raw`\.md`].join('')),
  new RegExp(['STYLE', String.raw`\.md`].join('')),
];

export function outsideDocumentCitations(
  file: string,
  text: string,
): readonly OutsideDocumentCitation[] {
  return text
    .split('\n')
    .flatMap((lineText, index) =>
      OUTSIDE_DOCUMENTS.some((pattern) => pattern.test(lineText))
        ? [{ file, line: index + 1, text: lineText.trim() }]
        : [],
    );
}

/**
 * GitHub's anchor for a heading: lower case, punctuation (backticks, dots, arrows, parentheses,
 * colons) dropped, each space a hyphen; a repeated heading gets `-1`, `-2`, … appended.
 */
export function headingAnchors(markdown: string): ReadonlySet<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = (heading[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

export interface MarkdownLink {
  readonly line: number;
  /** The link target as written, e.g. `../docs/architecture.md#data-flow`. */
  readonly target: string;
}

/** Inline links `[text](target)` outside code fences and code spans. */
export function markdownLinks(markdown: string): readonly MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let inFence = false;
  markdown.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      links.push({ line: index + 1, target: match[1] ?? '' });
  });
  return links;
}

/** Where a reference points inside the repository: a path from the root and an optional anchor. */
export interface RepositoryTarget {
  readonly path: string;
  readonly anchor: string | undefined;
}

/**
 * A relative link of `fromFile` (both relative to the repository root), resolved; `'outside'`
 * when it climbs above the root; undefined for URLs and links within the same page.
 */
export function resolveRelativeLink(
  fromFile: string,
  target: string,
): RepositoryTarget | 'outside' | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return undefined;
  const [pathPart = '', anchor] = target.split('#', 2);
  const path = normalize(join(dirname(fromFile), decodeURIComponent(pathPart.split('?')[0] ?? '')));
  if (path === '..' || path.startsWith(`..${sep}`) || relative('.', path).startsWith('..'))
    return 'outside';
  return { path: path.split(sep).join('/'), anchor: anchor === '' ? undefined : anchor };
}

/** Anchors of `docs/architecture.md` (`…/architecture.md#<anchor>`) named in code and strings. */
export function architectureReferences(text: string): readonly { line: number; anchor: string }[] {
  return text
    .split('\n')
    .flatMap((lineText, index) =>
      [...lineText.matchAll(/(?<![\w./-])docs\/architecture\.md#([\p{L}\p{N}_-]+)/gu)].map(
        (match) => ({ line: index + 1, anchor: match[1] ?? '' }),
      ),
    );
}
