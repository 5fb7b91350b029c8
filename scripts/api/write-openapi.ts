/**
 * `npm run openapi`: writes the marketplace API's OpenAPI document, generated from the platform
 * definition, to docs/api/openapi.json (the document the deployed API serves at
 * `GET /v1/openapi.json`). A unit test fails when the file and the definition disagree.
 *
 *   npm run openapi                  # prod's servers
 *   npm run openapi -- --env dev
 */
import '../shared/aws-sdk-node-notice';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlatform } from '../../infra/platform';
import { marketplaceOpenApi } from '../../infra/aws/marketplace-api/openapi';
import { REPOSITORY_ROOT } from '../shared/repository-root';

/** The environment whose document is kept in docs/. */
export const DOCUMENTED_ENVIRONMENT = 'prod';
export const OPENAPI_DOCUMENT_PATH = join(REPOSITORY_ROOT, 'docs', 'api', 'openapi.json');

/** The document as the file holds it: two-space JSON and a final newline. */
export function openApiText(environment: string): string {
  return `${JSON.stringify(marketplaceOpenApi(loadPlatform(environment)), null, 2)}\n`;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { env: { type: 'string', default: DOCUMENTED_ENVIRONMENT } },
  });
  writeFileSync(OPENAPI_DOCUMENT_PATH, openApiText(values.env));
  process.stdout.write(`wrote ${OPENAPI_DOCUMENT_PATH} (${values.env})\n`);
}
