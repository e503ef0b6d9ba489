#!/usr/bin/env bash
# Refresh the front-end libraries vendored under static/vendor/ from the npm registry.
# They are committed so that `make run` needs no npm and pages never load from a CDN.
# Bump a version here, run the script, look at the pages, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.8
HTMX=2.0.8
CHARTJS=4.5.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && for p in "bootstrap@$BOOTSTRAP" "htmx.org@$HTMX" "chart.js@$CHARTJS"; do
  npm pack -q "$p" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz && mv package "${p%@*}"
done)
dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/chartjs"
cp "$work/bootstrap/dist/css/bootstrap.min.css" "$work/bootstrap/dist/js/bootstrap.bundle.min.js" \
   "$work/bootstrap/LICENSE" "$dest/bootstrap/"
cp "$work/htmx.org/dist/htmx.min.js" "$work/htmx.org/LICENSE" "$dest/htmx/"
cp "$work/chart.js/dist/chart.umd.min.js" "$work/chart.js/LICENSE.md" "$dest/chartjs/"
# Source maps are not shipped; drop their references so the manifest storage does not look for them.
sed -i "/sourceMappingURL=/d" "$dest"/*/*.min.js "$dest"/*/*.min.css
printf 'bootstrap %s\nhtmx.org %s\nchart.js %s\n' "$BOOTSTRAP" "$HTMX" "$CHARTJS" > "$dest/VERSIONS"
echo "vendored into $dest:"; cat "$dest/VERSIONS"
