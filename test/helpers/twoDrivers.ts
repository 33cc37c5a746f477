// A repository of two drivers, each under its own .sln: both pend connections, and only the
// second has the worker that completes them (the pend fixtures). Checked one driver at a time,
// the first reports WFP3008; checked as one, neither does.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixture } from './paths';

export function twoDriverRepo(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-drivers-'));
  const put = (folder: string, files: string[]) => {
    fs.mkdirSync(path.join(repo, folder, 'sys'), { recursive: true });
    fs.writeFileSync(path.join(repo, folder, `${folder}.sln`), '');
    for (const name of files) fs.copyFileSync(fixture('pend', name), path.join(repo, folder, 'sys', name));
  };
  put('forgets', ['connect_pend.c']);
  put('completes', ['connect_pend.c', 'connect_worker.c']);
  return repo;
}
