#!/usr/bin/env bash
# Steps 3 and 4: build the TypeScript function with esbuild into function.zip (with sharp built for
# Lambda's Linux), make the execution role, then create the function — or, when it exists, update
# its code and configuration. Safe to run again.
#   LAMBDA_ARCH=arm64 for an arm64 function (default x86_64).
set -euo pipefail
@@PREAMBLE@@

FUNCTION=@@FUNCTION@@
ROLE=@@ROLE@@
ROLE_ARN=@@ROLE_ARN@@
FUNCTION_DIR="$ROOT/@@SOURCE_DIR@@"
ARCH="${LAMBDA_ARCH:-x86_64}"
case "$ARCH" in
  x86_64) CPU=x64 ;;
  arm64) CPU=arm64 ;;
  *) echo "LAMBDA_ARCH must be x86_64 or arm64, not $ARCH" >&2; exit 2 ;;
esac

# --- build (step 3) ---
cd "$FUNCTION_DIR"
if [ ! -d node_modules ]; then
  npm install --offline --no-audit --no-fund >/dev/null 2>&1 || npm install --prefer-offline --no-audit --no-fund
fi
mkdir -p dist
npx esbuild @@ENTRY@@ --bundle --platform=node --target=node20 --external:sharp --outfile=dist/index.js --log-level=warning
# sharp is native code: install the build for Lambda (Linux, glibc) beside the bundle, once.
if [ ! -d "dist/node_modules/@img/sharp-linux-$CPU" ]; then
  SHARP_VERSION="$(node -p "require('./package.json').dependencies.sharp")"
  SHARP_INSTALL=(install --no-save --no-package-lock --no-audit --no-fund --os=linux --cpu="$CPU" --libc=glibc "sharp@$SHARP_VERSION")
  # dist as a package of its own, not --prefix dist: that would skip npm's global config (proxy, CA).
  echo '{}' > dist/package.json
  # From npm's cache when it has it (no network), else from the registry.
  (cd dist && { npm "${SHARP_INSTALL[@]}" --offline >/dev/null 2>&1 || npm "${SHARP_INSTALL[@]}" --prefer-offline; })
fi
rm -f @@ZIP_FILE@@
if command -v zip >/dev/null 2>&1; then
  (cd dist && zip -qr "../@@ZIP_FILE@@" index.js node_modules)
else
  (cd dist && python3 -m zipfile -c "../@@ZIP_FILE@@" index.js node_modules)
fi
echo "built $FUNCTION_DIR/@@ZIP_FILE@@"
cd "$ROOT"

# --- role and function (step 4) ---
if awsl iam get-role --role-name "$ROLE" >/dev/null 2>&1; then
  echo "role $ROLE already exists"
else
  awsl iam create-role --role-name "$ROLE" --assume-role-policy-document "file://$ROOT/@@TRUST_FILE@@" >/dev/null
  echo "created role $ROLE"
fi
@@ATTACH_POLICIES@@

if awsl lambda get-function --function-name "$FUNCTION" >/dev/null 2>&1; then
  awsl lambda update-function-code --function-name "$FUNCTION" --zip-file "fileb://$FUNCTION_DIR/@@ZIP_FILE@@" >/dev/null
  awsl lambda wait function-updated-v2 --function-name "$FUNCTION"
  awsl lambda update-function-configuration --function-name "$FUNCTION" --runtime @@RUNTIME@@ --handler @@HANDLER@@ \
    --timeout @@TIMEOUT@@ --memory-size @@MEMORY@@ --environment "@@ENVIRONMENT@@" >/dev/null
  awsl lambda wait function-updated-v2 --function-name "$FUNCTION"
  echo "updated $FUNCTION"
else
  awsl lambda create-function --function-name "$FUNCTION" --runtime @@RUNTIME@@ --handler @@HANDLER@@ \
    --role "$ROLE_ARN" --zip-file "fileb://$FUNCTION_DIR/@@ZIP_FILE@@" --architectures "$ARCH" \
    --timeout @@TIMEOUT@@ --memory-size @@MEMORY@@ --environment "@@ENVIRONMENT@@" >/dev/null
  awsl lambda wait function-active-v2 --function-name "$FUNCTION"
  echo "created $FUNCTION"
fi
awsl lambda get-function-configuration --function-name "$FUNCTION" --query "[State, LastUpdateStatus, Runtime, Handler]" --output text
