// The one place where document URIs and file paths are converted and compared. Editors spell the
// same file differently: VS Code on Windows sends file:///c%3A/drv/a.c, Neovim file:///C:/drv/a.c,
// Node's pathToFileURL file:///C:/drv/a.c, and VS Code escapes ( ) ! @ … where Node does not.
import * as path from 'path';
import { URI } from 'vscode-uri';

const DRIVE_PATH = /^\/[A-Za-z]:(\/|$)/;

/**
 * One key per file, whatever the spelling of its URI: the escaping vscode-uri writes (VS Code's),
 * and on Windows a lower-case path, since Windows file names are case-insensitive. A URI with a
 * drive letter is a Windows path even when the server runs elsewhere. Keys are for lookups only:
 * answers keep the URI the editor sent.
 */
export function fileKey(uri: string, windows = process.platform === 'win32'): string {
  let parsed: URI;
  try {
    parsed = URI.parse(uri);
  } catch {
    return uri;
  }
  if (parsed.scheme !== 'file') return parsed.toString();
  const caseless = windows || DRIVE_PATH.test(parsed.path);
  const path = caseless ? parsed.path.toLowerCase() : parsed.path;
  return URI.from({ scheme: 'file', authority: parsed.authority.toLowerCase(), path }).toString();
}

/** The fileKey of a file system path, for maps that learn about files from paths and URIs alike. */
export function pathKey(fsPath: string): string {
  return fileKey(fileUri(path.resolve(fsPath)));
}

/** True when both URIs name the same file. */
export function sameFile(a: string, b: string): boolean {
  return a === b || fileKey(a) === fileKey(b);
}

/** The file system path of a file: URI; undefined for other schemes (untitled:, git:, …). */
export function filePath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** The URI VS Code uses for a file path. */
export function fileUri(fsPath: string): string {
  return URI.file(fsPath).toString();
}
