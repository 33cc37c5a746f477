// What ParsedDocuments tells the server of each parse: whether it follows an edit. The server
// waits for a pause in typing before it checks the workspace's files again after an edit, and
// must not wait so after a settings change, which parses the same texts again.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocuments } from '../../server/src/documents';
import { ProjectEnvironment } from '../../server/src/project/environment';

const URI = 'file:///drv/callout.c';
const TEXT = `void ClassifyFn(void)
{
   NET_BUFFER_LIST* clone = NULL;
}
`;

function recording(): { docs: ParsedDocuments; edited: boolean[] } {
  const project = new ProjectEnvironment();
  const edited: boolean[] = [];
  const docs = new ParsedDocuments(
    () => undefined,
    (_file, wasEdited) => edited.push(wasEdited),
    () => project.envFor(undefined),
  );
  return { docs, edited };
}

describe('engine: parses after an edit', () => {
  it('are told from a first parse and from a parse of the same text in a new environment', async () => {
    const { docs, edited } = recording();
    const first = TextDocument.create(URI, 'c', 1, TEXT);
    await docs.get(first);
    const typed = TextDocument.update(
      first,
      [{ range: { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } }, text: 'x' }],
      2,
    );
    await docs.get(typed);
    // Settings changed: every open document is parsed again, its text unchanged.
    docs.invalidate();
    await docs.get(typed);
    // A version that brings the text back to what it was is an edit too.
    await docs.get(TextDocument.create(URI, 'c', 3, TEXT));
    assert.deepStrictEqual(edited, [false, true, false, true]);
  });
});
