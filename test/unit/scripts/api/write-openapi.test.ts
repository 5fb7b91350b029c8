import { readFileSync } from 'node:fs';
import {
  DOCUMENTED_ENVIRONMENT,
  OPENAPI_DOCUMENT_PATH,
  openApiText,
} from '../../../../scripts/api/write-openapi';

describe('docs/api/openapi.json', () => {
  it('is the document the definition generates (run `npm run openapi` after changing it)', () => {
    expect(readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8')).toBe(openApiText(DOCUMENTED_ENVIRONMENT));
  });
});
