#!/usr/bin/env bash
# Renders the SVG icon into the hicolor PNG sizes that packaging/ installs next to the
# scalable one (some launchers and AppStream want raster sizes). Run after editing the SVG;
# the PNGs are committed so a build needs no SVG renderer (librsvg2-bin provides this one).
set -euo pipefail
cd "$(dirname "$0")"
for size in 48 64 128 256; do
    mkdir -p "hicolor/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" org.clonedeck.Clonedeck.svg -o "hicolor/${size}x${size}/org.clonedeck.Clonedeck.png"
done
