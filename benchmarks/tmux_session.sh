#!/usr/bin/env bash
# Drive the real app in a detached tmux session of fixed size, as a person would:
# queue -> review -> accept/reject/undo/redo -> gazetteer -> rules -> help -> done (asked) -> queue -> quit,
# then the same review screen at 80x24.
# Prints every captured screen, then checks the database with `annotate export`.
#
#   bash benchmarks/tmux_session.sh            # uses `annotate` on PATH (or $ANNOTATE)
#   DB=/tmp/x.db ANNOTATE=/work/venv/bin/annotate bash benchmarks/tmux_session.sh
set -euo pipefail

ANNOTATE=${ANNOTATE:-annotate}
PYTHON=${PYTHON:-python3}
DB=${DB:-/tmp/x.db}
SESSION="annotate-demo-$$"
WIDTH=120
HEIGHT=40

command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
rm -f "$DB" "$DB-wal" "$DB-shm"
tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" "TERM=xterm-256color $ANNOTATE --db $DB --annotator demo; sleep 1"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true' EXIT

screen() {
    echo
    echo "=================== $1 ==================="
    tmux capture-pane -p -t "$SESSION"
}

wait_for() {  # wait_for TEXT [SECONDS]: until TEXT is on screen
    local text=$1 limit=$(( ${2:-20} * 10 )) i=0
    until tmux capture-pane -p -t "$SESSION" | grep -qF -- "$text"; do
        sleep 0.1
        i=$((i + 1))
        if [ "$i" -gt "$limit" ]; then
            screen "TIMED OUT waiting for: $text"
            exit 1
        fi
    done
}

keys() {  # keys KEY...: one key at a time, with a pause a person would not notice
    for key in "$@"; do
        tmux send-keys -t "$SESSION" "$key"
        sleep 0.3
    done
}

wait_for "Review queue" 30
screen "start: the empty database is filled with the bundled samples"
wait_for "Showing 5 articles" 240  # the rows, not only the summary line
sleep 0.5
screen "queue"

keys Enter
wait_for "1 of " 30
screen "review: first article opened, first suggestion current"

keys a a x
sleep 0.5
screen "after a a x: two accepted, one rejected, cursor on the fourth span"

keys u
sleep 0.5
screen "after u: the rejection is undone"

keys C-y u
sleep 0.5
screen "after ctrl+y then u: redone and undone again"

keys g
wait_for "Gazetteer matches" 20
sleep 1
screen "g: gazetteer suggestions for the current span (if it is a place)"
keys Escape
sleep 0.5

keys '?'
wait_for "how to annotate" 10
screen "?: the current span's label rules, from GUIDELINES.md"
keys Escape
sleep 0.5

keys F1
wait_for "Keys: Review" 10
screen "F1: help generated from the bindings, with links to the rules"
keys Escape
sleep 0.5

tmux resize-window -t "$SESSION" -x 80 -y 24
sleep 1
screen "80x24: the span panel under the text, the footer keeps a x ? d esc q"
tmux resize-window -t "$SESSION" -x "$WIDTH" -y "$HEIGHT"
sleep 1

keys d
wait_for "still open" 10
screen "d with suggestions still open: accept them, drop them or cancel"
keys x
wait_for "#2 " 30
sleep 0.5
screen "x: article 1 done (the open suggestions dropped), article 2 opened"

keys Escape
wait_for "Review queue" 10
sleep 1
screen "escape: back to the queue with updated counts"

keys q
for _ in $(seq 50); do
    tmux has-session -t "$SESSION" 2>/dev/null || break
    if tmux capture-pane -p -t "$SESSION" | grep -q '\S'; then sleep 0.1; else break; fi
done

echo
echo "=================== database check: annotate export --view reviewed --annotator demo --include-unfinished ==================="
"$ANNOTATE" export --db "$DB" --view reviewed --annotator demo --include-unfinished > "$DB.reviewed.jsonl"
"$PYTHON" - "$DB.reviewed.jsonl" <<'PY'
import json, sys
docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
for doc in docs:
    spans = doc["spans"]
    text = doc["text"]
    print(f"article {doc['meta']['article_id']} ({doc['meta']['source']}): {len(spans)} kept spans:", ", ".join(f"{s['label']} {text[s['start']:s['end']]!r}" for s in spans) or "-")
assert len(docs) == 1, f"expected article 1 (done) only: opening article 2 marks nothing, got {len(docs)}"
assert len(docs[0]["spans"]) == 2, f"expected the two accepted spans of article 1, got {len(docs[0]['spans'])}"
print("OK: two accepted spans on article 1 (the rejection undone, the rest dropped), article 2 untouched")
PY
