"""Build the Northern Sami (se) detection profile: character n-gram counts for Sami and for a
background of the languages Veivalg serves in Latin script, plus a short list of frequent Sami
words that never occur in the background.

Sami text: the GiellaLT repository giellalt/lang-sme (GPL-3.0; https://github.com/giellalt/lang-sme),
read from a git mirror (``git show <commit>:<path>``), so the source is named by its commit:

- training: ``devtools/testdata/sme-gram-goldcorpus.txt`` (plain sentences) and the example
  sentences of the grammar-checker tests ``tools/grammarcheckers/tests/*.yaml`` (errors replaced by
  their corrections), except the held-out files below;
- held out for measurement (never trained on; sentences also found in training are dropped):
  every 20th gold-corpus sentence (stable hash) and the grammar-checker tests named in HELD_OUT.
  A sample goes to ``bench/data/language_sami.jsonl`` (whole sentences and their first 2-5 words).

Background: Veivalg's own articles (``knowledge/content/{nb,nn,en,pl}``), front matter left out.

    .venv/bin/python scripts/build_sami_profile.py --repo /path/to/lang-sme.git [--commit HEAD]

Writes ``assistant/data/language/se_profile.json`` and the held-out bench file.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assistant" / "data" / "language" / "se_profile.json"
BENCH = ROOT / "bench" / "data" / "language_sami.jsonl"
GOLD = "devtools/testdata/sme-gram-goldcorpus.txt"
TESTS = "tools/grammarcheckers/tests/"
HELD_OUT = ("tools/grammarcheckers/tests/msyn-Sg3-PASS.yaml",)
HELD_OUT_SHARE = 20  # and every 20th sentence of the gold corpus (by a stable hash)
BACKGROUND = ("nb", "nn", "en", "pl")
ORDERS = (1, 2, 3, 4)
KEEP = {1: 120, 2: 1500, 3: 4000, 4: 4000}  # n-grams kept per order and language
SAMI_WORDS = 400  # frequent Sami words absent from the background
BENCH_SENTENCES = 60  # held-out sentences for the bench (plus as many short fragments)

# {wrong}X{right} with X one of the markup characters of the GiellaLT error markup.
_ERROR = re.compile(r"\{([^{}]*)\}[$¢£¥‰€§∞¤@]\{([^{}]*)\}")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def git_show(repo: Path, commit: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8", "replace")


def git_files(repo: Path, commit: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "--git-dir", str(repo), "ls-tree", "-r", "--name-only", commit, folder],
                         check=True, capture_output=True, text=True).stdout
    return sorted(line for line in out.splitlines() if line.endswith(".yaml"))


def clean(sentence: str) -> str:
    for _ in range(3):  # nested markup
        sentence = _ERROR.sub(lambda m: m.group(2), sentence)
    sentence = sentence.replace("¶", " ").replace("TEKST:", " ")
    return re.sub(r"\s+", " ", sentence).strip()


def yaml_sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("- "):
            continue
        body = line[2:].strip()
        if body[:1] in "\"'":
            quote = body[0]
            end = body.rfind(quote)
            body = body[1:end] if end > 0 else body[1:]
        else:
            body = body.split(" #", 1)[0]
        body = clean(body)
        if len(_WORD.findall(body)) >= 3 and "{" not in body:
            found.append(body)
    return found


def grams(text: str, n: int) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


def profile(sentences: list[str]) -> dict:
    result = {}
    for n in ORDERS:
        counts = Counter(g for s in sentences for g in grams(s, n))
        total = sum(counts.values())
        kept = dict(counts.most_common(KEEP[n]))
        result[str(n)] = {"total": total, "counts": kept}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, required=True, help="git directory of giellalt/lang-sme")
    parser.add_argument("--commit", default="HEAD")
    args = parser.parse_args()
    commit = subprocess.run(["git", "--git-dir", str(args.repo), "rev-parse", args.commit], check=True,
                            capture_output=True, text=True).stdout.strip()

    training = [clean(line) for line in git_show(args.repo, commit, GOLD).splitlines()]
    training = [s for s in training if len(_WORD.findall(s)) >= 3 and "|" not in s]
    held_out = [s for s in training if zlib.crc32(s.encode()) % HELD_OUT_SHARE == 0]
    training = [s for s in training if zlib.crc32(s.encode()) % HELD_OUT_SHARE != 0]
    for path in git_files(args.repo, commit, TESTS):
        sentences = yaml_sentences(git_show(args.repo, commit, path))
        (held_out if path in HELD_OUT else training).extend(s for s in sentences if "|" not in s)
    seen = {s.lower() for s in training}
    held_out = sorted({s for s in held_out if s.lower() not in seen})

    background = []
    for language in BACKGROUND:
        for path in sorted((ROOT / "knowledge" / "content" / language).glob("*.md")):
            body = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
            background.extend(line for line in body.splitlines() if len(_WORD.findall(line)) >= 3)

    background_words = {w for s in background for w in _WORD.findall(s.lower())}
    sami_words = Counter(w for s in training for w in _WORD.findall(s.lower()))
    # Names (Sara, Eira, ...) say nothing about the language of a message: drop words written with
    # a capital more often than not where they do not start the sentence.
    inside = Counter(w for s in training for w in _WORD.findall(s)[1:])
    names = {w.lower() for w, n in inside.items() if w[:1].isupper() and n > inside.get(w.lower(), 0)}
    words = [w for w, _ in sami_words.most_common()
             if len(w) >= 2 and w not in background_words and w not in names][:SAMI_WORDS]

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "source": {"se": f"https://github.com/giellalt/lang-sme at {commit} (GPL-3.0): {GOLD} and "
                         f"{TESTS}*.yaml except {', '.join(HELD_OUT)} and every {HELD_OUT_SHARE}th gold sentence",
                   "background": "Veivalg articles, knowledge/content/{" + ",".join(BACKGROUND) + "}"},
        "sentences": {"se": len(training), "background": len(background)},
        "orders": list(ORDERS),
        "se": profile(training),
        "background": profile(background),
        "words": words,
    }, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    rng = random.Random(15)
    chosen = rng.sample(held_out, min(BENCH_SENTENCES, len(held_out)))
    rows = [{"text": s, "lang": "se", "source": "lang-sme held out"} for s in chosen]
    for sentence in rng.sample([s for s in held_out if s not in chosen], min(BENCH_SENTENCES, len(held_out))):
        words_in = sentence.split()
        size = rng.randint(2, 5)
        rows.append({"text": " ".join(words_in[:size]).rstrip(",;:"), "lang": "se",
                     "source": "lang-sme held out, first words"})
    BENCH.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"commit {commit}: {len(training)} Sami training sentences, {len(held_out)} held out "
          f"({len(rows)} bench rows), {len(background)} background lines, {len(words)} Sami words; "
          f"{OUT.stat().st_size / 1024:.0f} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
