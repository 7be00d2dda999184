#!/usr/bin/env python3
"""How far Cordon's routes agree with a peer engine's on the same pairs.

Usage: peer_agreement.py CORDON.tsv PEER.tsv [--shortest]

Both files are per-pair TSV (`#idx distance_m duration_s ...`, `NA` for a pair that
failed), as written by scripts/compare_peers.sh. Prints:
  - pairs the peer routes but Cordon does not (and the reverse);
  - over the pairs both route: the median relative distance difference, the share
    differing by more than 5 %, and the share where Cordon's distance is over 1.05 x
    the peer's (the check for --shortest distance runs: a shortest route cannot be
    longer than a route the peer drives, unless the two read a rule differently).
Standard library only.
"""
import statistics
import sys


def load(path):
    rows = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        rows[int(f[0])] = None if f[1] in ("NA", "nan", "") else float(f[1])
    return rows


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    cordon, peer = load(args[0]), load(args[1])
    idx = sorted(set(cordon) & set(peer))
    only_peer = [i for i in idx if peer[i] is not None and cordon[i] is None]
    only_cordon = [i for i in idx if cordon[i] is not None and peer[i] is None]
    both = [i for i in idx if cordon[i] is not None and peer[i] is not None]
    rel = [abs(cordon[i] - peer[i]) / max(cordon[i], peer[i], 1e-9) for i in both]
    longer = [i for i in both if cordon[i] > 1.05 * peer[i]]
    n = len(both)
    print(f"pairs: {len(idx)}; routed by both: {n}")
    print(f"failed in Cordon, routed by the peer: {len(only_peer)} {only_peer[:10]}")
    print(f"failed in the peer, routed by Cordon: {len(only_cordon)}")
    if n:
        over5 = sum(r > 0.05 for r in rel)
        print(f"median distance difference: {100 * statistics.median(rel):.2f} %")
        print(f"differ by more than 5 %: {over5} ({100 * over5 / n:.1f} %)")
        print(f"Cordon over 1.05 x the peer's distance: {len(longer)} ({100 * len(longer) / n:.1f} %) {longer[:10]}")


if __name__ == "__main__":
    main()
