#!/usr/bin/env bash
# Offline packaging check: runs electron-builder with electron-builder.yml against a stub Electron
# (no download), then asserts what the app.asar holds. The output is not runnable; this validates
# the config, the `files` globs and that runtime dependencies get packed.
#
# Usage: bash scripts/package-smoke.sh   (exit 0 = every check passed)
#        PACKAGE_SMOKE_CONFIG=other.yml bash scripts/package-smoke.sh   (check another config)
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/fae-package-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT

electron_version="$(node -p "require('./node_modules/electron/package.json').version")"
stub="$work/electron-dist"
mkdir -p "$stub"
printf '#!/bin/sh\necho "stub electron, not runnable"\nexit 1\n' > "$stub/electron"
chmod +x "$stub/electron"
printf '%s' "$electron_version" > "$stub/version"

if [[ ! -f dist/main/main.mjs || ! -f dist/main/preload.cjs || ! -f dist/renderer/index.html ]]; then
  echo "package-smoke: dist/ is incomplete; building it"
  npx vite build
fi

out="$work/release"
echo "package-smoke: electron-builder --linux dir with ${PACKAGE_SMOKE_CONFIG:-electron-builder.yml} and a stub Electron ${electron_version}"
config="${PACKAGE_SMOKE_CONFIG:-electron-builder.yml}"
if ! ELECTRON_BUILDER_OFFLINE=1 npx electron-builder --config "$config" --linux dir --publish never \
    -c.electronDist="$stub" -c.electronVersion="$electron_version" -c.directories.output="$out" > "$work/builder.log" 2>&1; then
  cat "$work/builder.log"
  echo "package-smoke: FAIL electron-builder exited non-zero"
  exit 1
fi

asar_file="$out/linux-unpacked/resources/app.asar"
if [[ ! -f "$asar_file" ]]; then
  cat "$work/builder.log"
  echo "package-smoke: FAIL no app.asar at $asar_file"
  exit 1
fi

listing="$work/asar.txt"
node node_modules/@electron/asar/bin/asar.js list "$asar_file" > "$listing"

failures=0
require_entry() {
  if grep -qxF "$1" "$listing"; then echo "  ok   $1"; else echo "  MISSING $1"; failures=$((failures + 1)); fi
}
forbid_match() {
  local hit
  hit="$(grep -E -m1 "$1" "$listing" || true)"
  if [[ -z "$hit" ]]; then echo "  ok   nothing matches $2"; else echo "  UNEXPECTED $hit ($2)"; failures=$((failures + 1)); fi
}

echo "package-smoke: checking $(wc -l < "$listing") asar entries"
require_entry /package.json
require_entry /dist/main/main.mjs
require_entry /dist/main/preload.cjs
require_entry /dist/renderer/index.html
# Every runtime dependency (package.json `dependencies`) is packed.
for dep in $(node -p "Object.keys(require('./package.json').dependencies || {}).join(' ')"); do
  require_entry "/node_modules/$dep/package.json"
done
# Every bare package main.mjs imports at runtime must be in the asar (else the app dies at launch).
for pkg in $(node scripts/main-bundle-imports.mjs dist/main/main.mjs); do
  require_entry "/node_modules/$pkg/package.json"
done
forbid_match '\.map$' 'source maps (ours or dependencies)'
forbid_match '^/(main|renderer|app|e2e|test|scripts)/' 'sources'
forbid_match '^/node_modules/(electron|react|react-dom|vite|vitest|electron-builder|typescript)/' 'dev dependencies'

if [[ "$failures" -gt 0 ]]; then
  echo "package-smoke: FAIL ($failures problem(s))"
  exit 1
fi
echo "package-smoke: OK"
