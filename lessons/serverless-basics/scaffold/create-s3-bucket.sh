#!/usr/bin/env bash
# Step 2: the image bucket with its CORS rules and bucket policy. Safe to run again: the bucket is
# made only when missing, and the rules and policy are put (replaced) every time.
set -euo pipefail
@@PREAMBLE@@

BUCKET=@@BUCKET@@

if awsl s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1; then
  echo "bucket $BUCKET already exists"
else
  awsl s3 mb "s3://$BUCKET"
fi
awsl s3api put-bucket-cors --bucket "$BUCKET" --cors-configuration "file://$ROOT/@@CORS_FILE@@"
awsl s3api put-bucket-policy --bucket "$BUCKET" --policy "file://$ROOT/@@POLICY_FILE@@"
echo "bucket $BUCKET has its CORS rules (@@CORS_FILE@@) and policy (@@POLICY_FILE@@)"
