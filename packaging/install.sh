#!/usr/bin/env bash
# Install the built bundle for the current user: program, desktop entry, icons, MIME type.
#   packaging/build.sh && packaging/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ID=org.footprintplanner.Planner
PREFIX=${PREFIX:-$HOME/.local}
test -x dist/footprint-planner/footprint-planner || { echo "build first: packaging/build.sh"; exit 1; }

mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo" \
         "$PREFIX/share/mime/packages" "$PREFIX/share/icons/hicolor/scalable/apps"
rm -rf "$PREFIX/opt/footprint-planner"
cp -r dist/footprint-planner "$PREFIX/opt/footprint-planner"
ln -sf "$PREFIX/opt/footprint-planner/footprint-planner" "$PREFIX/bin/footprint-planner"
# the absolute path: a menu entry's bare "footprint-planner" is hidden by desktops whose session PATH lacks $PREFIX/bin
sed "s|^Exec=footprint-planner |Exec=\"$PREFIX/bin/footprint-planner\" |" packaging/$ID.desktop \
    > "$PREFIX/share/applications/$ID.desktop"
cp packaging/$ID.metainfo.xml "$PREFIX/share/metainfo/"
cp packaging/$ID.mime.xml "$PREFIX/share/mime/packages/$ID.xml"
cp resources/icons/footprint-planner.svg "$PREFIX/share/icons/hicolor/scalable/apps/$ID.svg"
for png in resources/icons/hicolor/footprint-planner-*.png; do
    size=$(basename "$png" .png); size=${size##*-}
    mkdir -p "$PREFIX/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$PREFIX/share/icons/hicolor/${size}x${size}/apps/$ID.png"
done
command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "installed: $PREFIX/bin/footprint-planner (and its desktop entry, icons, MIME type)"
