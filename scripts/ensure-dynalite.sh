#!/usr/bin/env bash
# Installs dynalite (a DynamoDB-compatible server on Node.js) into the git-ignored .tools/ folder if it is not there yet,
# and prints the path of its executable. Used by scripts/demo.sh, the integration tests and CI.
#   scripts/ensure-dynalite.sh            # install if missing, print the path
#   DYNALITE_VERSION=4.0.0 scripts/ensure-dynalite.sh
set -euo pipefail

version="${DYNALITE_VERSION:-4.0.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repo_root/.tools/dynalite"
bin="$prefix/node_modules/.bin/dynalite"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ensure-dynalite: Node.js and npm are required (https://nodejs.org); install them and run again." >&2
  exit 1
fi

installed_version() {
  node -p "require('$prefix/node_modules/dynalite/package.json').version" 2>/dev/null || true
}

if [[ ! -x "$bin" || "$(installed_version)" != "$version" ]]; then
  echo "ensure-dynalite: installing dynalite $version into .tools/dynalite (once)..." >&2
  mkdir -p "$prefix"
  # A package.json of its own keeps npm from walking up to a parent project.
  [[ -f "$prefix/package.json" ]] || echo '{ "name": "tracing-sdk-tools", "private": true }' > "$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "dynalite@$version" >&2
fi

echo "$bin"
