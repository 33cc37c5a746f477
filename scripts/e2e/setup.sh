#!/usr/bin/env bash
# Installs what the end-to-end tests need and is missing: Debian chromium and neovim, the build
# deps of code-server's native modules, and code-server itself into a cache folder outside the
# repository. Safe to run again: a finished install is recognised and left alone.
#
# code-server's own install script downloads ripgrep from GitHub and refuses to run as root,
# so it is installed in steps with scripts disabled, and Debian's ripgrep is copied in.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # the last release that runs on node 20
CACHE="${WFP_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wfp-inject-e2e}"
DEST="$CACHE/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium neovim ripgrep build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)

log() { echo "[e2e setup] $*"; }

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "apt-get install ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_code_server() {
  if [ -f "$DEST/.complete" ]; then
    log "code-server $CODE_SERVER_VERSION already in $DEST"
    return
  fi
  log "installing code-server $CODE_SERVER_VERSION into $DEST"
  local stage="$DEST.partial"
  rm -rf "$stage"
  mkdir -p "$stage"
  export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  (
    cd "$stage"
    echo '{"private": true}' > package.json   # keeps npm from looking for a project further up
    npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"
    npm rebuild argon2
    cd node_modules/code-server/lib/vscode
    npm install --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm rebuild
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    cd extensions
    npm install --omit=dev
  )
  touch "$stage/.complete"
  rm -rf "$DEST"
  mv "$stage" "$DEST"
}

install_apt_packages
install_code_server
log "ready: $DEST/node_modules/.bin/code-server, $(command -v chromium), $(command -v nvim)"
