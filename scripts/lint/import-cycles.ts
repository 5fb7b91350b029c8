/**
 * Whether any module imports itself through others (`npm run lint` runs this through cli.ts).
 * Every relative import of the repository's TypeScript forms a graph (type-only imports
 * included: they tie modules together as much for a reader); each strongly connected component
 * of more than one module, or a module importing itself, is a cycle.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { trackedFiles } from './tracked-files';

/** Module → the modules it imports (both repository-relative paths). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** The cycles of `graph`: each as its modules, sorted, the cycles sorted by their first module. */
export function findImportCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components, iterative so deep chains cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = (graph.get(frame.node) ?? []).includes(frame.node);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The module a relative specifier names, if it is one of `modules`. */
function resolveSpecifier(from: string, specifier: string, modules: ReadonlySet<string>) {
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')])
    if (modules.has(candidate)) return candidate;
  return undefined;
}

/** The import graph of the given repository-relative `.ts` files, read from `root`. */
export function importGraphOf(root: string, files: readonly string[]): ImportGraph {
  const modules = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveSpecifier(file, specifier, modules))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The repository's TypeScript files, tracked or new (not ignored), without declaration files. */
export function trackedTypeScript(root: string): string[] {
  return trackedFiles(root, ['*.ts']);
}
