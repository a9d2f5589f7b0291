#!/bin/sh
# A test exec credential plugin (client.authentication.k8s.io). It
#  - counts its runs in $COUNTER_FILE, so tests can assert how often the plugin ran;
#  - records its KUBERNETES_EXEC_INFO input in $INFO_FILE and its arguments in $ARGS_FILE;
#  - prints the ExecCredential the test prepared in $OUTPUT_FILE, or exits with $EXIT_CODE if set.
count=0
if [ -f "$COUNTER_FILE" ]; then count=$(cat "$COUNTER_FILE"); fi
echo $((count + 1)) > "$COUNTER_FILE"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"
printf '%s ' "$@" > "$ARGS_FILE"
echo "test plugin: run $((count + 1))" >&2
if [ -n "$EXIT_CODE" ]; then exit "$EXIT_CODE"; fi
cat "$OUTPUT_FILE"
