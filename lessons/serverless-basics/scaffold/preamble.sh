# The project root (this script lives in backend/scripts/aws/), where the lesson's JSON files are.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"

# LocalStack and the built-in endpoint accept any keys: always send LocalStack's test keys, so
# real AWS keys in your shell are never sent to an emulator, and the lesson's region.
export AWS_ACCESS_KEY_ID=@@ACCESS_KEY_ID@@
export AWS_SECRET_ACCESS_KEY=@@SECRET_ACCESS_KEY@@
export AWS_DEFAULT_REGION=@@REGION@@
export AWS_REGION=@@REGION@@
export AWS_PAGER=""

# awslocal when it is installed; otherwise the AWS CLI pointed at the endpoint
# ($AWS_ENDPOINT_URL, else LocalStack's default http://localhost:4566).
if command -v awslocal >/dev/null 2>&1; then
  awsl() { awslocal "$@"; }
else
  awsl() { aws --endpoint-url "${AWS_ENDPOINT_URL:-http://localhost:4566}" "$@"; }
fi
