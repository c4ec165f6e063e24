# Sourced by the VM recipes: progress lines on stderr for the steps that take minutes.

# Reads a kernel module build's output on stdin (kbuild's "  CC [M]  file.o" and
# "  AS [M]  file.o" lines) and says on stderr "LABEL: compiled N of about TOTAL files (M:SS)"
# every EVERY files, and how many in how long at the end.
#   make ... 2>&1 | tee make.log | compile_progress EVERY TOTAL LABEL
compile_progress() {
  local every=$1 total=$2 label=$3 started=$SECONDS n=0 line
  while IFS= read -r line; do
    case $line in
      '  CC '* | '  AS '*)
        n=$((n + 1))
        if ((n % every == 0)); then
          printf '%s: compiled %d of about %d files (%s)\n' \
            "$label" "$n" "$total" "$(minutes $((SECONDS - started)))" >&2
        fi
        ;;
    esac
  done
  printf '%s: compiled %d files in %s\n' "$label" "$n" "$(minutes $((SECONDS - started)))" >&2
}

minutes() { # SECONDS -> M:SS
  printf '%d:%02d' $(($1 / 60)) $(($1 % 60))
}
