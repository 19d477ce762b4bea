#!/bin/bash
# One clean build of 100,000 articles by digest (search off) and by Hugo, timed by hand:
# bench/run.py always adds a Pagefind build (3.8 GiB already at 10,000 articles), so it is left out here.
# Needs the corpus from ../shared/bench/gen_corpus.py -n 100000 -o /tmp/corpus-100k --layouts neutral,hugo
# and Hugo in /tmp/digest-bench/hugo-venv (python bench/run.py --install-hugo makes it).
DIGEST="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/digest"
cd /tmp/corpus-100k/neutral
printf '[tool.digest]\nsearch = false\nbase_url = "https://bench.example/"\n' > pyproject.toml
rm -rf site .digest-cache .site.*
sample() { # peak summed RSS (MiB) of a process tree, sampled every second
  local pid=$1 peak=0
  while kill -0 $pid 2>/dev/null; do
    s=$(ps -o rss= --ppid $pid 2>/dev/null | awk '{t+=$1} END {print t+0}'); m=$(ps -o rss= -p $pid 2>/dev/null | awk '{print $1+0}')
    t=$(( (s + m) / 1024 )); [ $t -gt $peak ] && peak=$t; sleep 1
  done; echo "tree RSS peak MiB: $peak"
}
/usr/bin/time -f "digest wall %e s, user %U s, sys %S s, max RSS (largest process) %M KB" "$DIGEST" build > /tmp/d100k.out 2>&1 &
P=$!; sleep 0.5; CP=$(pgrep -P $P | head -1); sample ${CP:-$P} > /tmp/d100k.mem; wait $P
cd /tmp/corpus-100k/hugo && rm -rf /tmp/hugo100k-out resources
HUGO=$(ls /tmp/digest-bench/hugo-venv/lib/python3.11/site-packages/hugo/binaries/hugo* 2>/dev/null | head -1)
[ -z "$HUGO" ] && HUGO=/tmp/digest-bench/hugo-venv/bin/hugo
/usr/bin/time -f "hugo wall %e s, user %U s, sys %S s, max RSS %M KB" $HUGO --quiet --destination /tmp/hugo100k-out > /tmp/h100k.out 2>&1
echo done > /tmp/run100k.done
