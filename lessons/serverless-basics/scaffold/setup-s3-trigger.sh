#!/usr/bin/env bash
# Step 6: let S3 call the function and send it every .jpg upload, then upload one and wait for its
# processed copy. Safe to run again: the permission is replaced and the notification is put.
set -euo pipefail
@@PREAMBLE@@

BUCKET=@@BUCKET@@
FUNCTION=@@FUNCTION@@
STATEMENT_ID=@@STATEMENT_ID@@
KEY=trigger-test.jpg
OUTPUT_KEY="@@OUTPUT_PREFIX@@$KEY"
IMAGE="${1:-$ROOT/test.jpg}"

awsl lambda remove-permission --function-name "$FUNCTION" --statement-id "$STATEMENT_ID" >/dev/null 2>&1 || true
awsl lambda add-permission --function-name "$FUNCTION" --statement-id "$STATEMENT_ID" \
  --action @@ACTION@@ --principal @@PRINCIPAL@@ --source-arn @@SOURCE_ARN@@ >/dev/null
awsl s3api put-bucket-notification-configuration --bucket "$BUCKET" \
  --notification-configuration "file://$ROOT/@@NOTIFICATION_FILE@@"
echo "permission $STATEMENT_ID and the notification (@@NOTIFICATION_FILE@@) are in place"

# The trigger is asynchronous: upload a new key and poll for its processed copy (up to 30 s).
awsl s3 rm "s3://$BUCKET/$OUTPUT_KEY" >/dev/null 2>&1 || true
awsl s3 cp --only-show-errors "$IMAGE" "s3://$BUCKET/$KEY"
for _ in $(seq 1 30); do
  if awsl s3api head-object --bucket "$BUCKET" --key "$OUTPUT_KEY" >/dev/null 2>&1; then
    echo "the trigger ran: s3://$BUCKET/$OUTPUT_KEY"
    exit 0
  fi
  sleep 1
done
echo "no $OUTPUT_KEY after 30 s: read the function's log (awslocal logs tail /aws/lambda/$FUNCTION)" >&2
exit 1
