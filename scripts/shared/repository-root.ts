/** The repository's root folder, for scripts that read its files (sql/, lambdas/) or run in it. */
import { join } from 'node:path';

export const REPOSITORY_ROOT = join(__dirname, '..', '..');
