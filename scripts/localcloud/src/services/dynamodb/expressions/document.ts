/** Reading and writing document paths inside an item. */
import type { DocumentPath } from './ast';
import type { AttributeValue, Item } from '../item';

export function readPath(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item) return undefined;
  let current: AttributeValue | undefined = { M: item };
  for (const element of path) {
    current = childOf(current, element);
    if (current === undefined) return undefined;
  }
  return current;
}

function childOf(parent: AttributeValue, element: string | number): AttributeValue | undefined {
  if (typeof element === 'number') return 'L' in parent ? parent.L[element] : undefined;
  return 'M' in parent && Object.hasOwn(parent.M, element) ? parent.M[element] : undefined;
}

/** Why a write could not be done: DynamoDB answers both with one ValidationException. */
export class InvalidPathForUpdate extends Error {}

/**
 * Writes in place. The parent must exist with the right type; an index past the end of a
 * list appends, as DynamoDB does.
 */
export function writePath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const parent = readPath(item, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    if (!parent || !('L' in parent)) throw new InvalidPathForUpdate();
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
    return;
  }
  if (path.length === 1) {
    item[last] = value;
    return;
  }
  if (!parent || !('M' in parent)) throw new InvalidPathForUpdate();
  parent.M[last] = value;
}

/** Removes in place; a missing path is not an error. List elements after it shift down. */
export function removePath(item: Item, path: DocumentPath): void {
  const last = path[path.length - 1]!;
  if (path.length === 1 && typeof last === 'string') {
    delete item[last];
    return;
  }
  const parent = readPath(item, path.slice(0, -1));
  if (typeof last === 'number') {
    if (parent && 'L' in parent && last < parent.L.length) parent.L.splice(last, 1);
  } else if (parent && 'M' in parent) {
    delete parent.M[last];
  } else if (parent) {
    throw new InvalidPathForUpdate();
  }
}

/**
 * The parts of an item the paths name, keeping the document shape; list elements keep their
 * relative order but not their indexes (DynamoDB compacts them the same way).
 */
export function projectPaths(item: Item, paths: readonly DocumentPath[]): Item {
  const result: Item = {};
  for (const path of paths) {
    if (readPath(item, path) === undefined) continue;
    copyPath({ M: item }, { M: result }, path);
  }
  return compactLists(result);
}

type Sparse = AttributeValue & { sparse?: Map<number, AttributeValue> };

function copyPath(source: AttributeValue, target: Sparse, path: DocumentPath): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const child =
    typeof head === 'number'
      ? 'L' in source
        ? source.L[head]
        : undefined
      : 'M' in source
        ? source.M[head]
        : undefined;
  if (child === undefined) return;
  if (rest.length === 0) {
    setChild(target, head, structuredClone(child));
    return;
  }
  const existing: Sparse | undefined = getChild(target, head);
  const next: Sparse =
    existing ?? ('L' in child ? { L: [], sparse: new Map<number, AttributeValue>() } : { M: {} });
  if (!existing) setChild(target, head, next);
  copyPath(child, next, rest);
}

function getChild(target: Sparse, key: string | number): AttributeValue | undefined {
  if (typeof key === 'number') return target.sparse?.get(key);
  return 'M' in target ? target.M[key] : undefined;
}

function setChild(target: Sparse, key: string | number, value: AttributeValue): void {
  if (typeof key === 'number') target.sparse?.set(key, value);
  else if ('M' in target) target.M[key] = value;
}

function compactLists(item: Item): Item {
  const compact = (value: AttributeValue): AttributeValue => {
    const sparse = (value as Sparse).sparse;
    if (sparse) {
      return { L: [...sparse.entries()].sort(([a], [b]) => a - b).map(([, v]) => compact(v)) };
    }
    if ('M' in value) return { M: compactLists(value.M) };
    return value;
  };
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, compact(value)]));
}
