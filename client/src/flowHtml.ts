// The HTML shell of the flow webview: a strict Content-Security-Policy (no inline code, scripts
// only with this page's nonce, nothing remote) around the bundled renderer and its stylesheet.
import { randomBytes } from 'crypto';

export interface FlowHtmlParts {
  /** The webview's `cspSource`: the only origin styles and scripts may come from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

export function flowHtml({ cspSource, scriptUri, styleUri, nonce = newNonce() }: FlowHtmlParts): string {
  const csp = [
    `default-src 'none'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>WFP Injection Flow</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
