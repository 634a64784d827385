#!/usr/bin/env bash
# The npm package as a user gets it: `npm pack`, install the tarball into an empty project with
# npm's cache empty, --offline and a registry that cannot answer (so any runtime dependency
# would fail the install), then run the CLI through npx. Also checks the tarball ships only what
# the CLI loads (not the Action's bundle).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
version="$(node -p 'require("./package.json").version')"

tarball="$tmp/$(npm pack --silent --pack-destination "$tmp" | tail -n 1)"
contents="$(tar -tzf "$tarball")"
for must in package/dist/cli.js package/LICENSE package/README.md package/docs/report.schema.json; do
  grep -qx "$must" <<<"$contents" || { echo "check-pack: $must is missing from the tarball" >&2; exit 1; }
done
if grep -q '^package/dist/main.js$' <<<"$contents"; then
  echo "check-pack: the tarball ships the Action bundle dist/main.js, which the CLI never loads" >&2
  exit 1
fi

mkdir "$tmp/app"
cd "$tmp/app"
npm init -y >/dev/null
export npm_config_cache="$tmp/npm-cache" npm_config_registry="http://127.0.0.1:9/" # port 9: discard
npm install --offline --no-audit --no-fund --loglevel=error "$tarball"
got="$(npx --offline --no-install docker-cache-bench --version)"
if [ "$got" != "$version" ]; then
  echo "check-pack: npx docker-cache-bench --version printed '$got', expected '$version'" >&2
  exit 1
fi
# A real command through the bundled parser and schema, not only the argv handling.
fixture="$OLDPWD/test/fixtures/progress/buildx-rawjson-warm.log"
steps="$(npx --offline --no-install docker-cache-bench parse "$fixture" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).steps.length));')"
[ "$steps" -gt 0 ] || { echo "check-pack: parse printed no steps" >&2; exit 1; }
echo "check-pack: $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB, $(wc -l <<<"$contents") files) installs offline; --version $got; parse read $steps steps"
