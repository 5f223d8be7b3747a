#!/bin/sh
# Install the one-folder app (dist/qcode from `make dist`) for the current user, no root needed:
# the folder under ~/.local/opt, `qcode` on ~/.local/bin, the menu entry, the icon and the
# .qcode file type.  `install-user.sh --uninstall` removes them again (projects are never touched).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# the bundle: $QCODE_BUNDLE, else dist/qcode (checkout after make dist), else qcode/ (tarball)
bundle=${QCODE_BUNDLE:-}
if [ -z "$bundle" ]; then
    for candidate in "$root/dist/qcode" "$root/qcode"; do
        if [ -f "$candidate/qcode" ] && [ -x "$candidate/qcode" ]; then bundle=$candidate; break; fi
    done
fi
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=${QCODE_PREFIX:-$HOME/.local}/opt/qcode
bin=${QCODE_PREFIX:-$HOME/.local}/bin
app_id=org.qcode.qcode

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$data/mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications"
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$opt"
    rm -f "$bin/qcode" "$data/applications/$app_id.desktop" "$data/mime/packages/$app_id.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg" "$data/icons/hicolor/256x256/apps/$app_id.png"
    refresh
    echo "qcode removed"
    exit 0
fi

if [ -z "$bundle" ] || [ ! -x "$bundle/qcode" ]; then
    echo "install-user.sh: no qcode app found (run make dist, or set QCODE_BUNDLE)" >&2
    exit 1
fi
mkdir -p "$(dirname "$opt")" "$bin" "$data/applications" "$data/mime/packages" \
    "$data/icons/hicolor/scalable/apps" "$data/icons/hicolor/256x256/apps"
rm -rf "$opt"
cp -R "$bundle" "$opt"
ln -sf "$opt/qcode" "$bin/qcode"
sed "s|^Exec=qcode |Exec=$opt/qcode |; s|^TryExec=qcode|TryExec=$opt/qcode|" \
    "$here/$app_id.desktop" > "$data/applications/$app_id.desktop"
cp "$here/$app_id.xml" "$data/mime/packages/$app_id.xml"
cp "$bundle/_internal/qcode/data/icons/app.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
cp "$here/../icons/qcode.png" "$data/icons/hicolor/256x256/apps/$app_id.png"
refresh
echo "qcode installed in $opt ($bin/qcode); .qcode files open with it"
