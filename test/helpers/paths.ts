// Locations the tests share. Tests run from out/test/…, sources live in test/.
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
export const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}
