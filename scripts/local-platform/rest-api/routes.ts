/**
 * The API's resource tree, built once: every prefix of a route's resource path is a resource of
 * its own (as API Gateway creates `/v1`, then `/v1/recommendations`, …), with its id and its
 * methods. Matching walks the request's path segments, literal children before a `{param}`.
 */
import { createHash } from 'node:crypto';
import { RestApiConfigurationError } from './errors';
import type { RestApiMethod, RestApiRoute } from './types';

export interface Resource {
  /** e.g. `/v1/recommendations/{user_id}` */
  readonly path: string;
  /** What API Gateway assigns: ten lower-case letters and digits for the root, six otherwise. */
  readonly id: string;
  readonly methods: ReadonlyMap<RestApiMethod, RestApiRoute>;
}

export interface ResourceMatch {
  readonly resource: Resource;
  /** URL-decoded values by name; null when the resource has no path parameter, as in the event. */
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

interface Node {
  readonly resource: Resource & { readonly methods: Map<RestApiMethod, RestApiRoute> };
  readonly literals: Map<string, Node>;
  param?: { readonly name: string; readonly node: Node };
}

const PARAM = /^\{([A-Za-z0-9._-]+)\}$/;
const LITERAL = /^[A-Za-z0-9._~:@!$&'()*+,;=-]+$/;

export class ResourceTree {
  private readonly root: Node;

  constructor(
    routes: readonly RestApiRoute[],
    private readonly apiId: string,
  ) {
    this.root = this.node('/');
    for (const route of routes) this.add(route);
  }

  /** `segments`: the path after the stage, split on `/`, still percent-encoded. */
  match(segments: readonly string[]): ResourceMatch | undefined {
    const parameters: Record<string, string> = {};
    const found = this.walk(this.root, segments, 0, parameters);
    if (!found) return undefined;
    const named = Object.keys(parameters).length > 0;
    return { resource: found.resource, pathParameters: named ? parameters : null };
  }

  private walk(
    node: Node,
    segments: readonly string[],
    index: number,
    parameters: Record<string, string>,
  ): Node | undefined {
    if (index === segments.length) return node;
    const raw = segments[index]!;
    const decoded = decodeSegment(raw);
    if (decoded === undefined) return undefined;
    const literal = node.literals.get(decoded);
    const viaLiteral = literal && this.walk(literal, segments, index + 1, parameters);
    if (viaLiteral) return viaLiteral;
    if (!node.param) return undefined;
    const viaParam = this.walk(node.param.node, segments, index + 1, parameters);
    if (viaParam) parameters[node.param.name] = decoded;
    return viaParam;
  }

  private add(route: RestApiRoute): void {
    const { resourcePath, method } = route;
    if (!resourcePath.startsWith('/') || resourcePath.includes('//'))
      throw new RestApiConfigurationError(`Resource path must start with one "/": ${resourcePath}`);
    let node = this.root;
    let path = '';
    for (const part of resourcePath.split('/').filter((each) => each !== '')) {
      path += `/${part}`;
      const param = PARAM.exec(part);
      if (param) {
        const name = param[1]!;
        if (node.param && node.param.name !== name)
          throw new RestApiConfigurationError(
            `A resource has one path parameter per level: {${node.param.name}} and {${name}} under ${path}`,
          );
        node.param ??= { name, node: this.node(path) };
        node = node.param.node;
      } else if (LITERAL.test(part)) {
        let child = node.literals.get(part);
        if (!child) {
          child = this.node(path);
          node.literals.set(part, child);
        }
        node = child;
      } else
        throw new RestApiConfigurationError(
          `Unsupported path part "${part}" in ${resourcePath} (greedy {name+} is not served)`,
        );
    }
    if (node.resource.methods.has(method))
      throw new RestApiConfigurationError(`${method} ${resourcePath} is defined twice`);
    node.resource.methods.set(method, route);
  }

  private node(path: string): Node {
    return {
      resource: { path, id: resourceId(this.apiId, path), methods: new Map() },
      literals: new Map(),
    };
  }
}

/** A stable id per API and path, so ids read the same in every run's logs. */
function resourceId(apiId: string, path: string): string {
  const length = path === '/' ? 10 : 6;
  return createHash('sha256')
    .update(`${apiId}${path}`)
    .digest('base64')
    .replace(/[^a-z0-9]/g, '')
    .padEnd(length, '0')
    .slice(0, length);
}

function decodeSegment(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
