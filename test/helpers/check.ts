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

export async function checkFixtures(...names: string[][]): Promise<Map<string, Checked>> {
  const index = new WorkspaceIndex();
  const files: SourceFile[] = [];
  for (const parts of names) {
    const file = await parseSource(
      `file:///fixtures/${parts.join('/')}`,
      fs.readFileSync(fixture(...parts), 'utf8'),
    );
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
