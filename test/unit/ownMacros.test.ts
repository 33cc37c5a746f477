// A document's own annotation-like macros, learned before it is parsed (as the server wires
// ParsedDocuments to the project's environment): the first parse already reads them, and the
// environment change they make does not supersede it. Learned after the parse, they did, and the
// first check of a file with `#define INITGUID` or `#define MY_API NTAPI` began again.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocuments } from '../../server/src/documents';
import { ProjectEnvironment } from '../../server/src/project/environment';
import type { SourceFile } from '../../server/src/parse/document';

const OWN_MACRO = `#define INITGUID
#define DRV_CALLBACK NTAPI

static NTSTATUS DRV_CALLBACK
Reinject(_In_ NET_BUFFER_LIST* original)
{
   NET_BUFFER_LIST* clone = NULL;
   return FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);
}
`;

const URI = 'file:///drv/reinject.c';

/** ParsedDocuments as the server builds it: learning before the parse, counting the parses. */
function wired(): { docs: ParsedDocuments; project: ProjectEnvironment; parses: SourceFile[] } {
  const project = new ProjectEnvironment();
  const parses: SourceFile[] = [];
  const docs = new ParsedDocuments(
    () => undefined,
    (file) => {
      parses.push(file);
      // What the server still does after each parse: nothing new is learned by then.
      assert.strictEqual(project.learn(file.uri, file.text), false, 'learned after the parse');
    },
    () => project.envFor(undefined),
    () => undefined,
    (uri, text) => void project.learn(uri, text),
  );
  return { docs, project, parses };
}

describe('engine: a document’s own macros', () => {
  it('are in the environment of its first parse, which reads its header whole', async () => {
    const { docs, project, parses } = wired();
    const file = await docs.get(TextDocument.create(URI, 'c', 1, OWN_MACRO));
    assert.strictEqual(parses.length, 1);
    assert.ok(project.envFor(undefined).macros.has('DRV_CALLBACK'));
    assert.strictEqual(file.envKey, project.envFor(undefined).key);
    const def = file.tree!.rootNode.descendantsOfType('function_definition')[0]!;
    assert.strictEqual(
      def.childForFieldName('declarator')?.childForFieldName('declarator')?.text,
      'Reinject',
    );
    assert.strictEqual(file.tree!.rootNode.hasError, false);
  });

  it('do not supersede that parse when the environment change reaches the open documents', async () => {
    const { docs, project, parses } = wired();
    const doc = TextDocument.create(URI, 'c', 1, OWN_MACRO);
    const file = await docs.get(doc);
    docs.invalidate(() => project.envFor(undefined).key);
    assert.strictEqual(docs.superseded(file), false);
    assert.strictEqual(await docs.get(doc), file);
    assert.strictEqual(parses.length, 1);
  });

  it('parsed without learning first, the same text is read otherwise and its parse is superseded', async () => {
    // The control: what the server did before, so the tests above can fail.
    const project = new ProjectEnvironment();
    const docs = new ParsedDocuments(
      () => undefined,
      () => undefined,
      () => project.envFor(undefined),
    );
    const doc = TextDocument.create(URI, 'c', 1, OWN_MACRO);
    const file = await docs.get(doc);
    assert.strictEqual(project.learn(URI, OWN_MACRO), true);
    docs.invalidate(() => project.envFor(undefined).key);
    assert.strictEqual(docs.superseded(file), true);
  });
});
