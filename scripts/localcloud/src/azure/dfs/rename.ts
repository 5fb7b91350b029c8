/**
 * Rename Path: `PUT` on the destination with `x-ms-rename-source: /<filesystem>/<path>[?sas]`.
 * Every check runs before anything changes, and the move itself is one synchronous namespace
 * operation, so a rename is atomic and of two racing renames of one source exactly one wins.
 */
import { AzureError } from '../azure-error';
import { header, type AzureRequest, type AzureResponse } from '../azure-request';
import { trimSlashes, type Container, type Namespace, type PathEntry } from '../namespace';
import type { AzureCall } from '../operation';
import { checkSourceConditions, checkTargetConditions } from './conditions';
import { fileSystemOf, invalidHeaderValue, invalidQueryValue, versionHeaders } from './dfs-http';

function sourcePathNotFound(): AzureError {
  return new AzureError(
    'SourcePathNotFound',
    'The source path for a rename operation does not exist.',
    404,
  );
}

interface RenameSource {
  readonly container: Container;
  readonly entry: PathEntry;
}

/**
 * Reads `x-ms-rename-source`. Azure sends `/<filesystem>/<path>`; an SDK addressing this
 * emulator builds it from its URL path, which starts with the account (`/devstoreaccount1/…`),
 * so that form is understood too when its second segment names an existing file system.
 */
function renameSource(request: AzureRequest, namespace: Namespace): RenameSource {
  const raw = header(request, 'x-ms-rename-source') ?? '';
  const pathPart = raw.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    throw invalidHeaderValue('x-ms-rename-source');
  }
  const segments = trimSlashes(decoded).split('/');
  if (segments.length < 2 || segments.some((segment) => segment === '')) {
    throw new AzureError('InvalidSourceUri', 'The source URI is invalid.', 400);
  }
  const accountPrefixed =
    segments[0] === request.account &&
    segments.length >= 3 &&
    namespace.containers.has(segments[1] ?? '');
  const [fileSystem = '', ...rest] = accountPrefixed ? segments.slice(1) : segments;
  const container = namespace.containers.get(fileSystem);
  const entry = container && namespace.entry(container, rest.join('/'));
  if (!container || !entry) throw sourcePathNotFound();
  return { container, entry };
}

export function renamePath(call: AzureCall): AzureResponse {
  const mode = call.request.query.get('mode');
  if (mode !== undefined && mode !== 'legacy' && mode !== 'posix')
    throw invalidQueryValue('mode', mode);
  const target = fileSystemOf(call);
  const source = renameSource(call.request, call.namespace);
  checkSourceConditions(call.request, source.entry);
  const targetName = trimSlashes(call.request.path);
  const destination = call.namespace.entry(target, targetName);
  checkTargetConditions(call.request, destination, true);

  const sameFileSystem = source.container === target;
  if (sameFileSystem && targetName === source.entry.name && source.entry.kind === 'file') {
    // Renaming a file onto itself changes nothing (POSIX rename semantics).
    return { status: 201, headers: versionHeaders(source.entry) };
  }
  if (
    source.entry.kind === 'directory' &&
    sameFileSystem &&
    (targetName === source.entry.name || targetName.startsWith(`${source.entry.name}/`))
  ) {
    throw new AzureError(
      'InvalidRenameSourcePath',
      'The source directory cannot be the same as the destination directory, nor can the destination be a subdirectory of the source directory.',
      400,
    );
  }
  if (destination) {
    if (destination.kind !== source.entry.kind) {
      throw new AzureError(
        'InvalidSourceOrDestinationResourceType',
        'The source and destination resource type must be identical.',
        409,
      );
    }
    if (
      destination.kind === 'directory' &&
      call.namespace.descendants(target, targetName).length > 0
    ) {
      throw new AzureError('DirectoryNotEmpty', 'The destination directory is not empty.', 409);
    }
    // No condition forbade it: the destination is replaced, as POSIX rename replaces.
    call.namespace.remove(target, targetName, false);
  }
  const moved = call.namespace.rename(
    source.container,
    source.entry.name,
    target,
    targetName,
    call.now(),
  );
  return { status: 201, headers: versionHeaders(moved) };
}
