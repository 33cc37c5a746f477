// Where the end-to-end suite finds its tools and puts its output.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../helpers/paths';

export const CODE_SERVER_VERSION = '4.100.3';
export const E2E_WORKSPACE = path.join(REPO_ROOT, 'test', 'e2e', 'workspace');
/** Screenshots of every step; git-ignored. Curated ones are copied to docs/images by hand. */
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test', 'output', 'e2e');

/** Same folder as scripts/e2e/setup.sh installs into. */
export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return process.env.WFP_E2E_CACHE || path.join(base, 'wfp-inject-e2e');
}

export function codeServerBin(): string {
  const bin = path.join(
    cacheDir(),
    `code-server-${CODE_SERVER_VERSION}`,
    'node_modules',
    '.bin',
    'code-server',
  );
  if (!fs.existsSync(bin))
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed at ${bin}. Run scripts/e2e/setup.sh (npm run test:e2e does).`,
    );
  return bin;
}

export function vsixPath(): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const vsix = path.join(REPO_ROOT, `${name}-${version}.vsix`);
  if (!fs.existsSync(vsix))
    throw new Error(`No VSIX at ${vsix}. Run npm run package first (npm run test:e2e does).`);
  return vsix;
}
