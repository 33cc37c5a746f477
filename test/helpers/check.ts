// Runs the rules on fixture files the way the server and CLI do: index all, then check each (compare with assertAnnotated).
import * as fs from 'fs';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';
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
