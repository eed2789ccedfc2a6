#!/usr/bin/env bash
# Step 5: upload a test image and invoke the function by hand with an S3-shaped event
# (@@EVENT_FILE@@), then confirm the processed copy. Safe to run again.
#   ./test-lambda.sh [IMAGE]   (default: test.jpg in the project root)
set -euo pipefail
@@PREAMBLE@@

BUCKET=@@BUCKET@@
FUNCTION=@@FUNCTION@@
KEY=@@EVENT_KEY@@
OUTPUT_KEY="@@OUTPUT_PREFIX@@$KEY"
IMAGE="${1:-$ROOT/test.jpg}"
RESULT="$(mktemp)"
trap 'rm -f "$RESULT"' EXIT

awsl s3 rm "s3://$BUCKET/$OUTPUT_KEY" >/dev/null 2>&1 || true
awsl s3 cp --only-show-errors "$IMAGE" "s3://$BUCKET/$KEY"
# AWS CLI v2 reads --payload as base64 unless told otherwise; v1 has no such option.
BINARY_FORMAT=(--cli-binary-format raw-in-base64-out)
if awsl --version 2>&1 | grep -q '^aws-cli/1\.'; then BINARY_FORMAT=(); fi
RESPONSE="$(awsl lambda invoke --function-name "$FUNCTION" "${BINARY_FORMAT[@]}" \
  --payload "file://$ROOT/@@EVENT_FILE@@" "$RESULT")"
echo "$RESPONSE"
echo "result: $(cat "$RESULT")"
if printf '%s' "$RESPONSE" | grep -q FunctionError; then
  echo "the function failed (FunctionError); read its log: awslocal logs tail /aws/lambda/$FUNCTION" >&2
  exit 1
fi
awsl s3api head-object --bucket "$BUCKET" --key "$OUTPUT_KEY" --query Metadata
echo "processed copy: s3://$BUCKET/$OUTPUT_KEY"
