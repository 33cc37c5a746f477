// Reading a source file from disk and deciding, once for the server and the CLI, what it is to
// the checker: skipped (too large, binary), unrelated to WFP, or worth indexing and checking.
import * as fs from 'fs';
import { kernelFunctions } from '../catalog';
import { skipReason } from '../parse/inputGuard';
import { decodeSource, type SourceEncoding } from './encoding';

/**
 * - `skipped`: too large or binary; not even read for macros.
 * - `unrelated`: names nothing of WFP; only the macros it defines are learned.
 * - `indexed`: names a FWPS_/FWPM_LAYER_ constant, or an NDIS function that allocates or frees
 *   NBLs, or may define a status test, but calls no Fwps function: its facts (registrations,
 *   layer checks, helpers that build or free packets or test a status) matter to other files, it
 *   cannot have findings itself.
 * - `checked`: calls Fwps functions: indexed and checked.
 */
export type SourceRole = 'skipped' | 'unrelated' | 'indexed' | 'checked';

export interface SourceText {
  text: string;
  /** How the file is written, so that `--fix` writes it back the same way. */
  encoding: SourceEncoding;
  role: SourceRole;
  /** Why the file is skipped (role `skipped`). */
  skipped?: string;
}

/** NDIS functions that allocate or free NBLs: a helper built on them serves the injecting files. */
const NBL_LIFECYCLE = kernelFunctions()
  .filter((f) => (f.lifecycle.allocates ?? f.lifecycle.frees)?.resource === 'nbl')
  .map((f) => f.name);

/**
 * A file that may define a status test (`BOOL CheckStatus(NTSTATUS s, …)`, answering by
 * NT_SUCCESS): the injecting files test their statuses through it.
 */
const STATUS_HELPER = /\b(?:BOOL|BOOLEAN|bool|LOGICAL)\b[\w\s]{1,80}\([^);{]{0,200}\bNTSTATUS\b/;

/** What a text is to the checker (the one filter the workspace scan, its checks and the CLI use). */
export function sourceRole(text: string): { role: SourceRole; skipped?: string } {
  const skipped = skipReason(text);
  if (skipped) return { role: 'skipped', skipped };
  // Catalog calls all start with `Fwps`; without one a file has no call to report on.
  if (text.includes('Fwps')) return { role: 'checked' };
  if (
    /FWPS_|FWPM_LAYER_/.test(text) ||
    NBL_LIFECYCLE.some((name) => text.includes(name)) ||
    STATUS_HELPER.test(text)
  )
    return { role: 'indexed' };
  return { role: 'unrelated' };
}

/** Whether a text's facts belong in the workspace index. */
export function isIndexed(role: SourceRole): boolean {
  return role === 'indexed' || role === 'checked';
}

/** A source file's text in whatever encoding it has, and its role; undefined when it cannot be read. */
export function readSourceText(filePath: string): SourceText | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch {
    return undefined;
  }
  const { text, encoding } = decodeSource(bytes);
  return { text, encoding, ...sourceRole(text) };
}
