// One file, several URI spellings: VS Code escapes `(` `)` in a folder named `drv (x64)`
// (%28x64%29); Node's pathToFileURL (which other editors match) leaves them raw. Run once per
// spelling the editor uses, with file watchers using the other.
import { pathToFileURL } from 'url';
import { URI } from 'vscode-uri';
import { LspClient } from '../helpers/lspClient';
import { describeUriScenarios } from '../helpers/uriScenarios';

const vscodeSpelling = (p: string) => URI.file(p).toString();
const nodeSpelling = (p: string) => pathToFileURL(p).href;
const start = (folderUri: string) => LspClient.start({}, [{ uri: folderUri, name: 'drv' }]);

describeUriScenarios("LSP: workspace files opened with VS Code's URI spelling", {
  start,
  editor: vscodeSpelling,
  watcher: nodeSpelling,
});
describeUriScenarios("LSP: workspace files opened with Node's URI spelling", {
  start,
  editor: nodeSpelling,
  watcher: vscodeSpelling,
});
