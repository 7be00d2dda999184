#!/usr/bin/env bash
# Side-by-side query times and route agreement of Cordon, OSRM (CH and MLD) and, when set
# up, Valhalla on the same pairs, in one run. The peers come from the shared peer tooling
# (../shared/tools/peers), set up beforehand with its setup_osrm.sh (and optionally
# setup_valhalla.sh) in PEERS (a writable copy).
#
#   PEERS=/path/to/peers scripts/compare_peers.sh MAP.osm.pbf REGION
#
# Writes $PEERS/results/{osrm-ch,osrm-mld,valhalla,cordon,cordon-distance}_REGION.tsv,
# prints the peers' compare.py table (timings and distance agreement over the pairs all
# routed), then scripts/peer_agreement.py against OSRM CH: pairs that fail in Cordon
# only, the share of pairs whose distance differs by over 5 % (fastest routes), and the
# share of Cordon's shortest-distance routes over 1.05 x OSRM's distance.
set -euo pipefail
map=$(readlink -f "$1"); region=$2
here=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:?set PEERS to a set-up copy of ../shared/tools/peers}
pairs="$PEERS/pairs_$region.txt"
py="$PEERS/venv/bin/python"
mkdir -p "$PEERS/results"
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin cordon
echo "### $region, $(grep -c . "$pairs") pairs; load: $(uptime | sed 's/.*load average/load average/')"
cd "$PEERS"
$py query_osrm.py "$pairs" "work/osrm/$region/ch/$region.osrm" --algorithm CH --out "results/osrm-ch_$region.tsv" --quiet
$py query_osrm.py "$pairs" "work/osrm/$region/mld/$region.osrm" --algorithm MLD --out "results/osrm-mld_$region.tsv" --quiet
peers=("results/osrm-ch_$region.tsv" "results/osrm-mld_$region.tsv")
if [[ -f "work/valhalla/$region/valhalla.json" ]]; then
  $py query_valhalla.py "$pairs" "work/valhalla/$region/valhalla.json" --out "results/valhalla_$region.tsv" --quiet
  peers+=("results/valhalla_$region.tsv")
fi
cordon_tsv() { # cordon_tsv OUT [cordon route options...]
  local out=$1; shift
  "$here/target/release/cordon" route "$map" --pairs "$pairs" --format tsv "$@" 2>"$out.summary" \
    | awk -F'\t' 'BEGIN{print "#idx\tdistance_m\tduration_s\tquery_us\tcpu_us\tnote"} !/^#/{printf "%d\t%s\t%s\t%s\tnan\tsnap %s/%s m\n", n++, $1, $2, $3, $4, $5}' \
    > "$out"
}
cordon_tsv "results/cordon_$region.tsv"
cordon_tsv "results/cordon-distance_$region.tsv" --shortest distance
echo "cordon: $(cat "results/cordon_$region.tsv.summary")"
$py compare.py "results/cordon_$region.tsv" "${peers[@]}"
echo "#### fastest routes against OSRM CH"
python3 "$here/scripts/peer_agreement.py" "results/cordon_$region.tsv" "results/osrm-ch_$region.tsv"
echo "#### Cordon's shortest routes against OSRM CH"
python3 "$here/scripts/peer_agreement.py" "results/cordon-distance_$region.tsv" "results/osrm-ch_$region.tsv"
