#!/usr/bin/env bash
# macOS: sign "Petition Desk.app" (made by `make bundle`), put it in a DMG, sign, notarise and staple it.
# Usage: packaging/macos/make_dmg.sh "Developer ID Application: NAME (TEAMID)" NOTARY_PROFILE
# (NOTARY_PROFILE: stored once with `xcrun notarytool store-credentials`). See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
identity="$1"; profile="$2"
app="dist/Petition Desk.app"
version=$(python -c "import desktop; print(desktop.__version__)")
dmg="dist/PetitionDesk-$version.dmg"
# Sign every library and executable inside first, then the app itself, with the hardened runtime.
find "$app/Contents" -type f \( -name "*.so" -o -name "*.dylib" -o -perm -u+x \) -print0 |
  xargs -0 codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist -s "$identity"
codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist -s "$identity" "$app"
codesign --verify --deep --strict --verbose=2 "$app"
rm -f "$dmg"
hdiutil create -volname "Petition Desk" -srcfolder "$app" -ov -format UDZO "$dmg"
codesign --force --timestamp -s "$identity" "$dmg"
xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
xcrun stapler staple "$dmg"
spctl --assess --type open --context context:primary-signature --verbose "$dmg"
