#!/usr/bin/env bash
# make install / uninstall: the programs, rl-loop and a man page each under PREFIX; the demo run on
# the installed programs (and its tiny models made by our own tiny_model, no Python) gives what the
# build tree's give; uninstall removes exactly what install put there.
set -u
source "$(dirname "$0")/common.bash"
P=$T/prefix
SHARED=$(cd "$SHARED" && pwd)
make -s --no-print-directory install PREFIX="$P" > "$T/install.log" 2>&1; rc=$?
progs="answer-typer gen-verify grpo-step qa-filter rollout warc-extract rl-loop"
missing=$(for p in $progs; do test -x "$P/bin/$p" -a -s "$P/share/man/man1/$p.1" || echo "$p"; done)
check "make install PREFIX: exit 0, every program and rl-loop with its man page${missing:+ (missing: $missing)}" \
    test $rc = 0 -a -z "$missing"
bad=$(for p in $progs; do
    grep -q "^\.SH NAME" "$P/share/man/man1/$p.1" && grep -q "^\.SH SYNOPSIS" "$P/share/man/man1/$p.1" \
        && test "$(grep -c '^ *-.*--[a-z]' "$P/share/man/man1/$p.1")" -ge 3 || echo "$p"; done)
check "each man page has NAME, SYNOPSIS and its --help's options${bad:+ (not: $bad)}" test -z "$bad"
if command -v groff > /dev/null; then
    check "man pages format without warnings (groff -man -ww)" \
        test -z "$(for p in $progs; do groff -man -ww -Tutf8 "$P/share/man/man1/$p.1" 2>&1 > /dev/null; done)"
fi

# The demo on the installed programs, from another directory's point of view: its models made by
# tiny_model, its dataset equal to the build tree's.
M=$T/models
mkdir -p "$M"
"$GR_TOOLS"/tiny_model qwen3 "$M/qwen3-f32" "$SHARED/data/tokenizers/qwen3" > /dev/null &&
    "$GR_TOOLS"/tiny_model qwen2 "$M/qwen2-f32" "$SHARED/data/tokenizers/qwen3" > /dev/null
check "tiny_model writes both checkpoints" test -s "$M/qwen3-f32/model.safetensors" -a -s "$M/qwen2-f32/config.json"
GR_DEMO_OUT=$T/demo GR_BIN=$P/bin GR_MODELS=$M GR_SHARED=$SHARED pipelines/demo > "$T/demo.out" 2>&1; rc=$?
check "the demo on the installed programs: exit 0, the RL loop ran its 6 steps" \
    test $rc = 0 -a "$(grep -c 'step [1-6]/6: reward' "$T/demo.out")" = 6
crawl=("$SHARED"/data/warc/*.warc.gz "$PWD"/testdata/warc/*.warc.gz)
"$BIN"/warc-extract -q "${crawl[@]}" | "$BIN"/qa-filter -q | "$BIN"/answer-typer -q > "$T/built.jsonl"
(cd "$T" && export PATH=$P/bin:$PATH && warc-extract -q "${crawl[@]}" | qa-filter -q | answer-typer -q) \
    > "$T/installed.jsonl"
check "installed programs on PATH give the build tree's dataset ($(wc -l < "$T/built.jsonl") records)" \
    cmp -s "$T/built.jsonl" "$T/installed.jsonl"
make -s --no-print-directory uninstall PREFIX="$P" > /dev/null 2>&1
check "make uninstall leaves no file behind" test -z "$(find "$P" -type f)"
