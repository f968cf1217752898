"""Python vaderSentiment 3.3.2 on the same texts as `earshot analyze`, for `cargo xtask bench
analysis`: reads one text per line from argv[1], writes one compound score per line to
argv[2], and prints {"messages_per_s": …} for polarity_scores on one thread."""
import json
import sys
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

texts = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
analyzer = SentimentIntensityAnalyzer()
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
start = time.perf_counter()
for _ in range(rounds):
    scores = [analyzer.polarity_scores(t)["compound"] for t in texts]
seconds = time.perf_counter() - start
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("\n".join(str(s) for s in scores) + "\n")
print(json.dumps({"messages_per_s": len(texts) * rounds / seconds, "seconds": seconds}))
