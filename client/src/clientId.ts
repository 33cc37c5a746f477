// The language client's id. vscode-languageclient reads `<id>.trace.server`, so it must be the
// settings section: `wfp` makes the contributed `wfp.trace.server` setting work.
export const CLIENT_ID = 'wfp';
export const SETTINGS_SECTION = 'wfp';
