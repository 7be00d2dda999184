#!/usr/bin/env bash
# Side-by-side query times of Cordon, OSRM (CH and MLD) and Valhalla on the same pairs,
# in one run. The peers come from the shared peer tooling (../shared/tools/peers), set
# up beforehand with its setup_osrm.sh and setup_valhalla.sh in PEERS (a writable copy).
#
#   PEERS=/path/to/peers scripts/compare_peers.sh MAP.osm.pbf REGION
#
# Writes $PEERS/results/{osrm-ch,osrm-mld,valhalla,cordon}_REGION.tsv and prints the
# peers' compare.py table (timings and distance agreement over the pairs all routed).
set -euo pipefail
map=$(readlink -f "$1"); region=$2
here=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:?set PEERS to a set-up copy of ../shared/tools/peers}
pairs="$PEERS/pairs_$region.txt"
py="$PEERS/venv/bin/python"
mkdir -p "$PEERS/results"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
echo "### $region, $(grep -c . "$pairs") pairs; load: $(uptime | sed 's/.*load average/load average/')"
cd "$PEERS"
$py query_osrm.py "$pairs" "work/osrm/$region/ch/$region.osrm" --algorithm CH --out "results/osrm-ch_$region.tsv" --quiet
$py query_osrm.py "$pairs" "work/osrm/$region/mld/$region.osrm" --algorithm MLD --out "results/osrm-mld_$region.tsv" --quiet
$py query_valhalla.py "$pairs" "work/valhalla/$region/valhalla.json" --out "results/valhalla_$region.tsv" --quiet
"$here/target/release/cordon" route "$map" --pairs "$pairs" --format tsv 2>"results/cordon_$region.summary" \
  | awk -F'\t' 'BEGIN{print "#idx\tdistance_m\tduration_s\tquery_us\tcpu_us\tnote"} !/^#/{printf "%d\t%s\t%s\t%s\tnan\t\n", n++, $1, $2, $3}' \
  > "results/cordon_$region.tsv"
echo "cordon: $(cat "results/cordon_$region.summary")"
$py compare.py "results/cordon_$region.tsv" "results/osrm-ch_$region.tsv" "results/osrm-mld_$region.tsv" "results/valhalla_$region.tsv"
