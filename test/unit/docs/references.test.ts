/**
 * Documentation and comments point only into the repository: nothing cites a planning document
 * kept elsewhere, every relative Markdown link stays inside the repository and lands on a file
 * (and heading) that exists, and every anchor of `docs/architecture.md` named in code is a real
 * heading. Reads the files git tracks or would track (untracked but not ignored).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  architectureReferences,
  headingAnchors,
  markdownLinks,
  outsideDocumentCitations,
  resolveRelativeLink,
} from './references';

const ROOT = resolve(__dirname, '..', '..', '..');
const TEXT_FILE = /(\.(ts|js|mjs|cjs|md|json|sql|py|ya?ml|example)|^\.ci\/run)$/;

function repositoryTextFiles(): string[] {
  const listing = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return listing
    .split('\0')
    .filter((file) => TEXT_FILE.test(file) && file !== 'package-lock.json')
    .filter((file) => existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).isFile());
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('references in the repository', () => {
  const files = repositoryTextFiles();
  const architectureAnchors = headingAnchors(read('docs/architecture.md'));

  it('reads the repository (sanity check of the listing)', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md']));
  });

  it('cite no planning document kept outside the repository', () => {
    expect(files.flatMap((file) => outsideDocumentCitations(file, read(file)))).toEqual([]);
  });

  it('link only to files inside the repository that exist, at headings that exist', () => {
    const broken = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) =>
        markdownLinks(read(file)).flatMap(({ line, target }) => {
          const resolved = resolveRelativeLink(file, target);
          if (resolved === undefined) return [];
          const where = `${file}:${line} → ${target}`;
          if (resolved === 'outside') return [`${where} (outside the repository)`];
          if (!existsSync(join(ROOT, resolved.path))) return [`${where} (no such file)`];
          if (resolved.anchor === undefined || !resolved.path.endsWith('.md')) return [];
          return headingAnchors(read(resolved.path)).has(resolved.anchor)
            ? []
            : [`${where} (no such heading)`];
        }),
      );
    expect(broken).toEqual([]);
  });

  it('name only headings that exist when code points into the architecture document', () => {
    const missing = files.flatMap((file) =>
      architectureReferences(read(file))
        .filter(({ anchor }) => !architectureAnchors.has(anchor))
        .map(({ line, anchor }) => `${file}:${line} → #${anchor}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the reference checks', () => {
  const planning = ['DESIGN', '§4'].join(' ');

  it('find citations of outside planning documents', () => {
    const text = `ok\n// as ${planning} says\n// see ${['DESIGN', 'md'].join('.')}\nTABLE_DESIGN_WORDS`;
    expect(outsideDocumentCitations('a.ts', text).map((citation) => citation.line)).toEqual([2, 3]);
  });

  it('resolve relative links, and tell those that climb out of the repository', () => {
    expect(
      resolveRelativeLink('lambdas/x/README.md', '../../docs/architecture.md#data-flow'),
    ).toEqual({ path: 'docs/architecture.md', anchor: 'data-flow' });
    expect(resolveRelativeLink('docs/README.md', '../../shared/notes.md')).toBe('outside');
    expect(resolveRelativeLink('README.md', 'https://example.com/a.md')).toBeUndefined();
    expect(resolveRelativeLink('README.md', '#quick-start')).toBeUndefined();
  });

  it('derive heading anchors as GitHub does', () => {
    const anchors = headingAnchors(
      '# Title\n## The S3 → ADLS mirror (`ReplicationStack`)\n' +
        '### Lambda functions: Node.js 22 on arm64\n```\n# not a heading\n```\n## Title\n',
    );
    expect([...anchors]).toEqual([
      'title',
      'the-s3--adls-mirror-replicationstack',
      'lambda-functions-nodejs-22-on-arm64',
      'title-1',
    ]);
  });

  it('find links outside code spans and fences, and architecture references in code', () => {
    const markdown = 'See [a](b.md#c) and `[x](y.md)`.\n```\n[z](w.md)\n```\n[d](e.md "title")';
    expect(markdownLinks(markdown)).toEqual([
      { line: 1, target: 'b.md#c' },
      { line: 5, target: 'e.md' },
    ]);
    expect(
      architectureReferences(
        '// (docs/architecture.md#security-baseline)\n../docs/architecture.md#x',
      ),
    ).toEqual([{ line: 1, anchor: 'security-baseline' }]);
  });
});
