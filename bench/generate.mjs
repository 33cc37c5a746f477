// Generates driver sources for the benches. `generateDriver(lines)` is the original shape (every
// injection takes its NBL from a parameter, so the ownership analysis has little to do);
// `generateRealDriver(lines, shape)` writes what real drivers do, one function per injection:
//   owned   — clone → inject → free on failure → the completion function frees
//   helpers — a helper builds the NBL (out-parameter), another frees it through a struct field
//   sal     — SAL and driver annotations on every declaration, headers split by #if (NTDDI_VERSION…)
//   label   — the cleanup-label style: goto Exit on failure, the NBL freed at Exit unless injected
//   mixed   — the four above in turn
// Each returns the text and the 0-based lines of the injection calls. `realFile(path)` takes a
// real source file instead (`--file=PATH`).
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { pathToFileURL } from 'url';
import { createRequire } from 'module';

// The catalog as built (`npm run build`): a real file names Fwps functions it does not describe.
const { resolveFunction } = createRequire(import.meta.url)('../out/server/src/catalog/index.js');
export function generateDriver(lines) {
  const out = [
    '#include <fwpsk.h>',
    'extern HANDLE gHandle;',
    'void NTAPI Done(void* c, NET_BUFFER_LIST* n, BOOLEAN d);',
    '',
  ];
  const callLines = [];
  let fn = 0;
  while (out.length < lines - 20) {
    out.push(
      `NTSTATUS Inject${fn++}(NET_BUFFER_LIST* nbl, COMPARTMENT_ID cid, IF_INDEX ifIndex)`,
      '{',
      '    NTSTATUS status;',
    );
    for (let k = 0; k < 4 && out.length < lines - 20; k++) {
      callLines.push(out.length);
      out.push(
        '    status = FwpsInjectForwardAsync0(gHandle, NULL, 0, AF_INET,',
        '        cid,',
        '        ifIndex,',
        '        nbl,',
        '        Done, NULL);',
        '    if (!NT_SUCCESS(status)) {',
        '        FwpsFreeCloneNetBufferList0(nbl, 0);',
        '        return status;',
        '    }',
        '    /* padding so that calls are 15 lines apart */',
        '    cid = cid + 1;',
        '    ifIndex = ifIndex + 1;',
        '    KeMemoryBarrier();',
        '    nbl = NET_BUFFER_LIST_NEXT_NBL(nbl);',
        '',
      );
    }
    out.push('    return STATUS_SUCCESS;', '}', '');
  }
  return { text: out.join('\n') + '\n', callLines };
}

export const SHAPES = ['owned', 'helpers', 'sal', 'label', 'mixed'];

/**
 * A bench file of `shape` (`param` is the original generator), and where its edits go: a letter
 * typed on the padding line of the original shape, a space before an injection call otherwise
 * (valid either way; the error edit types `(` at the same place).
 */
export function benchDriver(lines, shape) {
  if (shape.startsWith('file:')) return { ...realFile(shape.slice('file:'.length)), shape };
  return { ...generated(lines, shape), fileName: 'driver.c', languageId: 'c' };
}

function generated(lines, shape) {
  if (shape === 'param') {
    const g = generateDriver(lines);
    return {
      ...g,
      shape,
      editAt: (i) => ({ line: g.callLines[(i * 37) % g.callLines.length] + 10, character: 4 }),
      validText: 'c',
    };
  }
  const g = generateRealDriver(lines, shape);
  return {
    ...g,
    shape,
    editAt: (i) => ({ line: g.callLines[(i * 37) % g.callLines.length], character: 0 }),
    validText: ' ',
  };
}

/**
 * `--shape=…` from the command line (default `mixed`), or `--file=PATH` for a real source file
 * (shape `file`); the rest of the arguments, in order.
 */
export function shapeArgument(argv) {
  const flag = argv.find((a) => a.startsWith('--shape='));
  const file = argv.find((a) => a.startsWith('--file='));
  let shape = flag ? flag.slice('--shape='.length) : 'mixed';
  if (file) shape = `file:${file.slice('--file='.length)}`;
  return {
    shape,
    rest: argv.filter((a) => a !== flag && a !== file),
  };
}

// A call of the injection API or the NBL calls around it: where hovers go in a real file.
const API_CALL = /\b(Fwps\w+|NdisFreeNetBufferList|NdisAllocateNetBufferList)\s*\(/g;
// An indented statement line that does not continue a macro: a space typed before it stays valid.
const STATEMENT_LINE = /^\s+[A-Za-z_*(].*[;{]\s*$/;

/** A test of whether (line, character) of `text` is in a comment; string and char literals are skipped. */
function commentTest(text) {
  const spans = [];
  for (const m of text.matchAll(/\/\*[\s\S]*?(\*\/|$)|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g))
    if (m[0].startsWith('/')) spans.push([m.index, m.index + m[0].length]);
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (line, character) => {
    const at = starts[line] + character;
    return spans.some(([s, e]) => s <= at && at < e);
  };
}

/**
 * A real file as a bench file (`--file=`): the lines of its API calls, and edits spread over its
 * statement lines (those with API calls first). The same edits as the real-shaped generator: a
 * space at the start of the line, or `(` for the syntax-error edit.
 */
export function realFile(path) {
  const text = readFileSync(path, 'latin1');
  const lines = text.split('\n');
  const commented = commentTest(text);
  const callAt = [];
  const statements = [];
  lines.forEach((line, i) => {
    // A name in a comment has no hover, nor has a function the catalog does not describe.
    const call = [...line.matchAll(API_CALL)].find((c) => resolveFunction(c[1]) && !commented(i, c.index));
    if (call) callAt.push({ line: i, character: call.index + 1 });
    if (STATEMENT_LINE.test(line) && !line.trimEnd().endsWith('\\')) statements.push(i);
  });
  const calls = new Set(callAt.map((c) => c.line));
  // The lines with API calls, then every 7th other statement, so the edits cover the whole file.
  const editLines = [
    ...statements.filter((l) => calls.has(l)),
    ...statements.filter((l, k) => !calls.has(l) && k % 7 === 0),
  ];
  if (!editLines.length) throw new Error(`${path}: no statement line to edit`);
  // As VS Code names them: only .c is C; .h is C++ there unless the user says otherwise.
  const extension = /\.[^./\\]+$/.exec(path)?.[0].toLowerCase() ?? '.c';
  return {
    text,
    path,
    fileName: `driver${extension}`,
    languageId: extension === '.c' ? 'c' : 'cpp',
    lines: lines.length,
    callLines: callAt.map((c) => c.line),
    callAt,
    editAt: (i) => ({ line: editLines[(i * 37) % editLines.length], character: 0 }),
    validText: ' ',
  };
}

/**
 * The URI the bench opens its file under: a real file inside the workspace under its own (an
 * editor opens that file, which stands for its copy on disk; under another name every function
 * of it would be defined twice in the index), anything else under `fallback`.
 */
export function openedUri(driver, folderUri, fallback) {
  if (!folderUri || !driver.path) return fallback;
  const own = pathToFileURL(resolve(driver.path)).href;
  return own.startsWith(folderUri.endsWith('/') ? folderUri : `${folderUri}/`) ? own : fallback;
}

const PRELUDE = [
  '#include <ntddk.h>',
  '#include <fwpsk.h>',
  '',
  'typedef struct _QUEUED_PACKET {',
  '   NET_BUFFER_LIST* nbl;',
  '   PMDL mdl;',
  '   PVOID data;',
  '} QUEUED_PACKET;',
  '',
  'extern HANDLE gInjectionHandle;',
  '',
  '_IRQL_requires_max_(DISPATCH_LEVEL)',
  'VOID NTAPI DoneFreeClone(_In_ VOID* context, _Inout_ NET_BUFFER_LIST* nbl, _In_ BOOLEAN dispatchLevel)',
  '{',
  '   UNREFERENCED_PARAMETER(context);',
  '   UNREFERENCED_PARAMETER(dispatchLevel);',
  '   FwpsFreeCloneNetBufferList(nbl, 0);',
  '}',
  '',
  'static VOID FreeQueued(_Inout_ __drv_freesMem(Mem) QUEUED_PACKET* packet)',
  '{',
  '   FwpsFreeNetBufferList(packet->nbl);',
  '   IoFreeMdl(packet->mdl);',
  "   ExFreePoolWithTag(packet->data, 'tkpQ');",
  "   ExFreePoolWithTag(packet, 'tkpQ');",
  '}',
  '',
  'VOID NTAPI DoneFreeQueued(_In_ VOID* context, _Inout_ NET_BUFFER_LIST* nbl, _In_ BOOLEAN dispatchLevel)',
  '{',
  '   QUEUED_PACKET* packet = (QUEUED_PACKET*)context;',
  '   UNREFERENCED_PARAMETER(nbl);',
  '   UNREFERENCED_PARAMETER(dispatchLevel);',
  '   FreeQueued(packet);',
  '}',
  '',
  'static NTSTATUS BuildQueued(_In_ NDIS_HANDLE pool, _In_ ULONG length, _Outptr_ QUEUED_PACKET** out)',
  '{',
  "   QUEUED_PACKET* packet = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*packet), 'tkpQ');",
  '   NTSTATUS status;',
  '   if (packet == NULL) return STATUS_INSUFFICIENT_RESOURCES;',
  "   packet->data = ExAllocatePoolZero(NonPagedPoolNx, length, 'tkpQ');",
  '   packet->mdl = IoAllocateMdl(packet->data, length, FALSE, FALSE, NULL);',
  '   MmBuildMdlForNonPagedPool(packet->mdl);',
  '   status = FwpsAllocateNetBufferAndNetBufferList(pool, 0, 0, packet->mdl, 0, length, &packet->nbl);',
  '   if (!NT_SUCCESS(status))',
  '   {',
  '      IoFreeMdl(packet->mdl);',
  "      ExFreePoolWithTag(packet->data, 'tkpQ');",
  "      ExFreePoolWithTag(packet, 'tkpQ');",
  '      return status;',
  '   }',
  '   *out = packet;',
  '   return STATUS_SUCCESS;',
  '}',
  '',
];

function owned(i) {
  return [
    `NTSTATUS ReinjectOwned${i}(NET_BUFFER_LIST* original, COMPARTMENT_ID compartmentId)`,
    '{',
    '   NET_BUFFER_LIST* clone = NULL;',
    '   NTSTATUS status = FwpsAllocateCloneNetBufferList(original, NULL, NULL, 0, &clone);',
    '   if (!NT_SUCCESS(status))',
    '   {',
    '      return status;',
    '   }',
    '   @CALL status = FwpsInjectNetworkSendAsync(gInjectionHandle, NULL, 0, compartmentId, clone, DoneFreeClone, NULL);',
    '   if (!NT_SUCCESS(status))',
    '   {',
    '      FwpsFreeCloneNetBufferList(clone, 0);',
    '   }',
    '   return status;',
    '}',
    '',
  ];
}

function helpers(i) {
  return [
    `NTSTATUS SendBuilt${i}(NDIS_HANDLE pool, ULONG length, COMPARTMENT_ID compartmentId)`,
    '{',
    '   QUEUED_PACKET* packet = NULL;',
    '   NTSTATUS status = BuildQueued(pool, length, &packet);',
    '   if (!NT_SUCCESS(status))',
    '   {',
    '      return status;',
    '   }',
    '   @CALL status = FwpsInjectNetworkSendAsync(gInjectionHandle, NULL, 0, compartmentId, packet->nbl, DoneFreeQueued, packet);',
    '   if (!NT_SUCCESS(status))',
    '   {',
    '      FreeQueued(packet);',
    '   }',
    '   return status;',
    '}',
    '',
  ];
}

function sal(i) {
  return [
    '#if (NTDDI_VERSION >= NTDDI_WIN7)',
    '_IRQL_requires_max_(DISPATCH_LEVEL)',
    '_IRQL_requires_same_',
    `NTSTATUS NTAPI ReinjectAnnotated${i}(_In_ NET_BUFFER_LIST* original, _In_ COMPARTMENT_ID compartmentId, _In_opt_ const VOID* classifyContext)`,
    '#else',
    `NTSTATUS NTAPI ReinjectAnnotated${i}(_In_ NET_BUFFER_LIST* original, _In_ COMPARTMENT_ID compartmentId)`,
    '#endif',
    '{',
    '   NET_BUFFER_LIST* clone = NULL;',
    '   NTSTATUS status = FwpsAllocateCloneNetBufferList(original, NULL, NULL, 0, &clone);',
    '   if (!NT_SUCCESS(status)) return status;',
    '   @CALL status = FwpsInjectNetworkSendAsync(gInjectionHandle, NULL, 0, compartmentId, clone, DoneFreeClone, NULL);',
    '   if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList(clone, 0);',
    '   return status;',
    '}',
    '',
  ];
}

function label(i) {
  return [
    `NTSTATUS ReinjectWithLabel${i}(NET_BUFFER_LIST* original, COMPARTMENT_ID compartmentId)`,
    '{',
    '   NET_BUFFER_LIST* clone = NULL;',
    '   NTSTATUS status = FwpsAllocateCloneNetBufferList(original, NULL, NULL, 0, &clone);',
    '   if (!NT_SUCCESS(status)) goto Exit;',
    '   @CALL status = FwpsInjectNetworkSendAsync(gInjectionHandle, NULL, 0, compartmentId, clone, DoneFreeClone, NULL);',
    '   if (!NT_SUCCESS(status)) goto Exit;',
    '   clone = NULL;',
    'Exit:',
    '   if (clone != NULL)',
    '   {',
    '      FwpsFreeCloneNetBufferList(clone, 0);',
    '   }',
    '   return status;',
    '}',
    '',
  ];
}

const WRITERS = { owned, helpers, sal, label };

export function generateRealDriver(lines, shape = 'mixed') {
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape ${shape}; one of ${SHAPES.join(', ')}`);
  const out = [...PRELUDE];
  const callLines = [];
  const order = shape === 'mixed' ? ['owned', 'helpers', 'sal', 'label'] : [shape];
  for (let i = 0; out.length < lines - 20; i++) {
    for (const line of WRITERS[order[i % order.length]](i)) {
      if (line.includes('@CALL')) {
        callLines.push(out.length);
        out.push(line.replace('@CALL ', ''));
      } else out.push(line);
    }
  }
  return { text: out.join('\n') + '\n', callLines };
}
