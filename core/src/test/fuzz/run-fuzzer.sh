#!/usr/bin/env bash
# Runs one envelope4j fuzz target in Jazzer's fuzzing mode. See core/FUZZING.md.
# usage: core/src/test/fuzz/run-fuzzer.sh decrypt|context [max_total_time_seconds]
# Everything it writes (corpus, findings, reproducers, log) goes under .fuzz/ (git-ignored)
# or $FUZZ_OUT if set; the committed seed corpus is only read.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
name="${1:?decrypt or context}"
seconds="${2:-1800}"
build="${E4J_TARGET:-target-fuzz}"
case "$name" in
  decrypt) class=io.envelope4j.fuzz.DecryptFuzzTarget; seeds=DecryptFuzzTestInputs/decrypt ;;
  context) class=io.envelope4j.fuzz.EncryptionContextFuzzTarget
           seeds=EncryptionContextFuzzTestInputs/context ;;
  *) echo "unknown target $name; use decrypt or context" >&2; exit 2 ;;
esac
out="${FUZZ_OUT:-$PWD/.fuzz}/$name"
mkdir -p "$out/corpus" "$out/findings"

./mvnw -B -ntp -q -pl core test-compile -Dspotless.check.skip=true "-De4j.target=$build"
./mvnw -B -ntp -q -pl core dependency:build-classpath -Dmdep.includeScope=test \
  "-Dmdep.outputFile=$out/classpath.txt" "-De4j.target=$build"
cp="core/$build/test-classes:core/$build/classes:$(cat "$out/classpath.txt")"

exec java -Xmx768m -cp "$cp" com.code_intelligence.jazzer.Jazzer \
  "--target_class=$class" \
  '--instrumentation_includes=io.envelope4j.**' \
  "--reproducer_path=$out/findings" \
  --keep_going=50 \
  "-artifact_prefix=$out/findings/" \
  -timeout=30 -rss_limit_mb=2560 -max_len=4096 \
  "-max_total_time=$seconds" \
  "$out/corpus" "core/src/test/resources/io/envelope4j/fuzz/$seeds"
