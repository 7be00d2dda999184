#!/usr/bin/env bash
# scripts/screenshot.sh OUT.png
#
# Builds the app, runs it in a real X window under Xvfb (Mesa's software OpenGL) on the
# default map and the sample plan, and writes a PNG of the screen to OUT.png once the
# map is drawn. Exits 1 if the window never drew the map (no sea and land colours of the
# map style after 60 s) or the app died. Installs Xvfb, Mesa and ImageMagick from Debian
# when missing (needs root then). A fresh config folder is used, so nothing the user
# had open is restored.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: scripts/screenshot.sh OUT.png" >&2; exit 2; }
out=$(realpath -m "$1")
cd "$(dirname "$0")/.."

missing=()
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v import >/dev/null || missing+=(imagemagick)
ls /usr/lib/*-linux-gnu/dri/swrast_dri.so >/dev/null 2>&1 || missing+=(libgl1-mesa-dri libegl-mesa0 libglx-mesa0)
dpkg -s libxkbcommon-x11-0 >/dev/null 2>&1 || missing+=(libxkbcommon-x11-0)
if (( ${#missing[@]} )); then
  echo "installing ${missing[*]}"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

# CORDON_BIN names an already built binary (CI passes the one `cargo test --release`
# built, which a plain build would otherwise rebuild with other features).
bin=${CORDON_BIN:-}
if [[ -z $bin ]]; then
  cargo build --release --bin cordon
  bin=target/release/cordon
fi

work=$(mktemp -d)
display=:$(( 100 + $$ % 500 ))
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=
cleanup() { [[ -n $app ]] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
sleep 1

mkdir -p "$work/config" "$work/runtime"
chmod 700 "$work/runtime"
CORDON_CONFIG_DIR="$work/config" DISPLAY="$display" XDG_RUNTIME_DIR="$work/runtime" \
  LIBGL_ALWAYS_SOFTWARE=1 WAYLAND_DISPLAY= \
  "$bin" gui --map maps/monaco.osm.pbf --plan plans/monaco-state-visit.ron \
  >"$work/app.log" 2>&1 &
app=$!

# Share of the screen in one exact colour of the map style (render/style.rs).
share() { convert "$work/shot.png" -fill black +opaque "$1" -fill white -opaque "$1" -format '%[fx:mean]' info:; }

for _ in $(seq 1 30); do
  sleep 2
  if ! kill -0 "$app" 2>/dev/null; then
    echo "the app exited before drawing the map; its output:" >&2
    tail -20 "$work/app.log" >&2
    exit 1
  fi
  DISPLAY="$display" import -window root "$work/shot.png"
  sea=$(share "rgb(170,211,223)")
  land=$(share "rgb(242,239,233)")
  if awk -v s="$sea" -v l="$land" 'BEGIN { exit !(s > 0.03 && l > 0.01) }'; then
    sleep 2  # let labels and the last frame settle
    DISPLAY="$display" import -window root "$out"
    echo "wrote $out (sea $sea, land $land of the screen)"
    exit 0
  fi
done
echo "the window did not draw the map within 60 s (sea $sea, land $land of the screen)" >&2
cp "$work/shot.png" "$out"
exit 1
