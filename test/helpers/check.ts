// Runs the rules on fixture files the way the server and CLI do: index all, then check each (compare with assertAnnotated).
import * as fs from 'fs';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';
import * as path from 'path';
import type { PreprocessEnv } from '../../server/src/parse/preprocessEnv';
import { ProjectEnvironment } from '../../server/src/project/environment';
import { fixture } from './paths';

export interface Checked {
  file: SourceFile;
  findings: Finding[];
}

/** Parses texts given by URI into one complete index and checks each; keyed by file name. */
export async function checkTexts(...sources: [uri: string, text: string][]): Promise<Map<string, Checked>> {
  const index = new WorkspaceIndex();
  const files: SourceFile[] = [];
  for (const [uri, text] of sources) {
    const file = await parseSource(uri, text);
    index.update(file, 'win10');
    files.push(file);
  }
  index.complete = true;
  const out = new Map<string, Checked>();
  for (const file of files) {
    const findings = checkFile(file, 'win10', index);
    out.set(file.uri.split('/').pop()!, { file, findings });
  }
  return out;
}

/** Checks a single text on its own, e.g. a fixture after its fixes were applied. */
export async function checkText(uri: string, text: string): Promise<Checked> {
  const [checked] = (await checkTexts([uri, text])).values();
  return checked;
}

export async function checkFixtures(...names: string[][]): Promise<Map<string, Checked>> {
  return checkTexts(
    ...names.map((parts): [string, string] => [
      `file:///fixtures/${parts.join('/')}`,
      fs.readFileSync(fixture(...parts), 'utf8'),
    ]),
  );
}

/**
 * Checks `checked` of a fixture folder with the macros every file of `names` defines learned the
 * way the CLI and the server learn them (a header's `#define` applies in the files that include
 * it). The caller disposes of the file.
 */
export async function checkInProject(
  folder: string[],
  names: string[],
  checked: string,
): Promise<Checked & { env: PreprocessEnv }> {
  const dir = fixture(...folder);
  const project = new ProjectEnvironment([dir]);
  for (const name of names)
    project.record(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8'));
  const env = project.envFor(path.join(dir, checked));
  const file = await parseSource(
    `file:///w/${checked}`,
    fs.readFileSync(path.join(dir, checked), 'utf8'),
    undefined,
    env,
  );
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  return { file, env, findings: checkFile(file, 'win10', index) };
}
