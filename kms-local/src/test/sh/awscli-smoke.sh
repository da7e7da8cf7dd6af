#!/usr/bin/env bash
# Smoke test: the AWS CLI v2 from Debian's awscli package (/usr/bin/aws, called explicitly because
# an older v1 `aws` may come first on PATH) against a kms-local server this script starts from the
# built classes. Needs `./mvnw -B -ntp -pl kms-local test-compile` (or later) to have run.
# Static dummy credentials, an explicit Region, no instance metadata, 127.0.0.1 only.
# Exits non-zero on any failure.
set -euo pipefail

module="$(cd "$(dirname "$0")/../../.." && pwd)"
aws_bin="${AWS_CLI:-/usr/bin/aws}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -x "$aws_bin" ]; then
  echo "awscli-smoke: $aws_bin not found; apt-get install -y awscli" >&2
  exit 2
fi
if [ ! -f "$module/target/runtime-classpath.txt" ]; then
  echo "awscli-smoke: build kms-local first (./mvnw -B -ntp -pl kms-local test-compile)" >&2
  exit 2
fi
classpath="$module/target/classes:$(cat "$module/target/runtime-classpath.txt")"

work="$(mktemp -d)"
"$java_bin" -cp "$classpath" io.envelope4j.kmslocal.KmsLocalMain \
  --bind 127.0.0.1 --port 0 --data-dir "$work/data" --audit-log "$work/audit.jsonl" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
  grep -q '^kms-local listening on ' "$work/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
endpoint="$(sed -n 's/^kms-local listening on //p' "$work/server.out")"
case "$endpoint" in
  http://127.0.0.1:*) ;;
  *)
    echo "awscli-smoke: server did not report a 127.0.0.1 endpoint" >&2
    cat "$work/server.err" >&2
    exit 1
    ;;
esac

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_KMS
kms() { "$aws_bin" --endpoint-url "$endpoint" --region us-east-1 --output text kms "$@"; }
fail() { echo "awscli-smoke: FAIL: $*" >&2; exit 1; }

"$aws_bin" --version

key_id="$(kms create-key --description awscli-smoke --query KeyMetadata.KeyId)"
[[ "$key_id" =~ ^[0-9a-f-]{36}$ ]] || fail "create-key returned '$key_id'"

kms create-alias --alias-name alias/awscli-smoke --target-key-id "$key_id"

printf 'hello from the aws cli' >"$work/plain"
kms encrypt --key-id alias/awscli-smoke --plaintext "fileb://$work/plain" \
  --encryption-context purpose=smoke --query CiphertextBlob | base64 -d >"$work/blob"

kms decrypt --ciphertext-blob "fileb://$work/blob" --encryption-context purpose=smoke \
  --query Plaintext | base64 -d >"$work/decrypted"
cmp -s "$work/plain" "$work/decrypted" || fail "decrypt did not return the plaintext"

if kms decrypt --ciphertext-blob "fileb://$work/blob" --encryption-context purpose=other \
  --query Plaintext >/dev/null 2>"$work/err"; then
  fail "decrypt with the wrong encryption context succeeded"
fi
grep -q InvalidCiphertextException "$work/err" || fail "wrong context: $(cat "$work/err")"

read -r gdk_blob gdk_plain < <(kms generate-data-key --key-id alias/awscli-smoke \
  --key-spec AES_256 --query '[CiphertextBlob, Plaintext]')
[ "$(printf '%s' "$gdk_plain" | base64 -d | wc -c)" -eq 32 ] || fail "data key is not 32 bytes"
printf '%s' "$gdk_blob" | base64 -d >"$work/dk.blob"
[ "$(kms decrypt --ciphertext-blob "fileb://$work/dk.blob" --query Plaintext)" = "$gdk_plain" ] \
  || fail "data key ciphertext did not decrypt to the data key"

state="$(kms schedule-key-deletion --key-id "$key_id" --pending-window-in-days 7 --query KeyState)"
[ "$state" = "PendingDeletion" ] || fail "schedule-key-deletion returned state '$state'"
if kms encrypt --key-id "$key_id" --plaintext "fileb://$work/plain" >/dev/null 2>"$work/err"; then
  fail "a key pending deletion still encrypted"
fi
grep -q KMSInvalidStateException "$work/err" || fail "pending key: $(cat "$work/err")"

calls="$(grep -c '"eventSource":"kms.amazonaws.com"' "$work/audit.jsonl")"
[ "$calls" -ge 8 ] || fail "audit log has $calls lines, expected at least 8"

echo "awscli-smoke: ok ($calls audited requests against $endpoint)"
