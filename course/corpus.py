"""A synthetic English-like text corpus for word counts, at any size, with no downloaded or copied text.

Sentences come from a small grammar (noun phrases, verbs in the past tense, prepositional phrases, linking
words) whose slots draw their words from ranked word lists with Zipf-like weights: the word of rank r weighs
1 / (r + offset) ** ZIPF_EXPONENT (a Zipf-Mandelbrot law). The result reads like English, without meaning,
and its word frequencies are heavy-tailed as in real text: a handful of short words ("the", "a", "of"...)
make up a large share of all the words, while thousands of rare words (invented place and person names)
appear a few times. The most frequent word is a natural *skewed key* for the shuffle. `lexicon()` gives the
part of speech of every word, a small table to join with the large one.

    from course import corpus
    paths = corpus.write_corpus("corpus")               # 4 files, about 4 MB, beside the notebook
    text = corpus.generate_text(10_000, seed=1)         # about 10,000 characters, one paragraph per line

    python -m course.corpus corpus --files 8 --megabytes 50        # the same from a shell

The text depends only on the seed, the file number and the size: the same call gives the same bytes on any
machine and Python 3 version. Each file holds one paragraph (3 to 8 sentences) per line.
"""

import argparse
import json
import random
from itertools import accumulate
from pathlib import Path

VERSION = 1  # bump when the grammar or the word lists change: a folder written by another version is redone
ZIPF_EXPONENT = 1.0
# Zipf-Mandelbrot offset per slot: the word of rank r weighs 1 / (r + offset) ** ZIPF_EXPONENT. Open word
# classes (nouns, verbs...) get a flatter head than the few function words, as in real text.
OFFSETS = {"noun": 6, "verb": 4, "adjective": 4, "adverb": 2, "name": 10}
NAMES = 4_000  # invented proper names: the long tail of the vocabulary

# Ranked word lists, most frequent first (written for this course).
DETERMINERS = ["the", "a", "this", "their", "its", "that", "every", "some", "our", "each", "another", "his",
               "her", "no", "any", "one", "my", "your", "either", "neither"]
PRONOUNS = ["it", "they", "he", "she", "we", "nobody", "everyone", "someone", "you", "i"]
PREPOSITIONS = ["of", "in", "to", "on", "with", "for", "at", "from", "by", "into", "near", "after", "over",
                "under", "behind", "across", "through", "before", "along", "beside", "without", "around",
                "between", "towards", "beyond", "against", "above", "below", "inside", "past"]
CONJUNCTIONS = ["and", "but", "so", "while", "because", "when", "although", "until", "since", "unless",
                "whereas", "once"]
ADVERBS = ["then", "again", "later", "soon", "often", "slowly", "never", "always", "quickly", "once",
           "together", "already", "still", "carefully", "suddenly", "quietly", "finally", "rarely", "gently",
           "eagerly", "happily", "badly", "loudly", "proudly", "calmly", "nearly", "barely", "early"]
ADJECTIVES = [
    "old", "new", "small", "great", "long", "good", "little", "large", "young", "high", "last", "round",
    "early", "dark", "cold", "strong", "short", "white", "whole", "black", "full", "deep", "warm", "quiet",
    "open", "green", "red", "heavy", "bright", "strange", "empty", "simple", "narrow", "wide", "ancient",
    "distant", "modern", "careful", "busy", "gentle", "silent", "rough", "soft", "sudden", "wooden", "golden",
    "famous", "hidden", "broken", "frozen", "hungry", "tired", "clever", "patient", "curious", "brave",
    "lonely", "noisy", "steep", "humble", "rusty", "sleepy", "dusty", "windy", "muddy", "stormy", "sunny",
    "foggy", "shallow", "crooked", "fragile", "precious", "peculiar", "restless", "reluctant", "magnificent",
    "forgotten", "abandoned", "enormous", "tiny", "faithful", "generous", "mysterious", "velvet", "amber",
    "crimson", "silver", "marble", "bitter", "sweet", "sour", "salty", "elegant", "clumsy", "vivid", "pale",
]
NOUNS = [
    "time", "day", "house", "man", "woman", "world", "way", "place", "hand", "night", "road", "water", "door",
    "city", "child", "year", "name", "town", "river", "window", "morning", "table", "letter", "friend",
    "country", "garden", "village", "voice", "story", "work", "question", "family", "book", "room", "light",
    "horse", "ship", "island", "field", "market", "king", "queen", "bridge", "mountain", "forest", "sea",
    "boat", "wall", "tree", "stone", "street", "face", "mother", "father", "doctor", "teacher", "farmer",
    "sailor", "soldier", "merchant", "painter", "student", "engineer", "captain", "pilot", "traveller",
    "station", "train", "harbour", "castle", "tower", "valley", "lake", "rain", "wind", "sun", "moon",
    "cloud", "fire", "bread", "wine", "cheese", "apple", "map", "key", "box", "coin", "lamp", "clock", "gate",
    "path", "song", "machine", "engine", "library", "museum", "church", "school", "factory", "kitchen",
    "window", "cart", "wagon", "coat", "hat", "boot", "basket", "bottle", "candle", "mirror", "ladder",
    "rope", "bell", "drum", "flag", "shell", "feather", "needle", "thread", "blanket", "pillow", "carpet",
    "chimney", "roof", "cellar", "attic", "staircase", "corridor", "meadow", "orchard", "vineyard", "quarry",
    "mill", "forge", "lighthouse", "cathedral", "fountain", "monument", "statue", "painting", "journal",
    "telegram", "parcel", "ticket", "compass", "lantern", "kettle", "teapot", "saucer", "spoon", "barrel",
    "anchor", "sail", "oar", "harp", "violin", "trumpet", "piano", "dog", "cat", "bird", "fish", "goat",
    "sheep", "cow", "fox", "wolf", "bear", "owl", "crow", "swan", "beetle", "spider", "rabbit", "mouse",
    "donkey", "pigeon", "falcon", "hedgehog", "squirrel", "badger", "otter", "heron", "sparrow", "tortoise",
    "summer", "winter", "autumn", "spring", "evening", "afternoon", "season", "century", "moment", "minute",
    "hour", "week", "month", "holiday", "festival", "journey", "voyage", "harvest", "wedding", "quarrel",
    "promise", "secret", "rumour", "puzzle", "riddle", "treasure", "fortune", "recipe", "portrait", "melody",
    "shadow", "silence", "thunder", "storm", "snow", "frost", "dust", "smoke", "sand", "gravel", "marble",
    "copper", "iron", "silk", "wool", "linen", "leather", "timber", "honey", "pepper", "salt", "sugar",
    "butter", "onion", "cabbage", "pumpkin", "plum", "cherry", "walnut", "chestnut", "olive", "lemon",
]
VERBS = [
    "saw", "found", "made", "took", "gave", "kept", "left", "brought", "held", "met", "followed", "carried",
    "opened", "closed", "watched", "visited", "crossed", "counted", "sold", "bought", "wrote", "read",
    "moved", "lost", "won", "drew", "sent", "reached", "described", "measured", "studied", "repaired",
    "cleaned", "loaded", "washed", "covered", "filled", "joined", "shared", "planned", "painted", "built",
    "remembered", "forgot", "noticed", "ignored", "admired", "borrowed", "returned", "replaced", "collected",
    "hid", "chose", "praised", "feared", "guarded", "climbed", "polished", "sharpened", "folded", "weighed",
    "tasted", "pushed", "pulled", "lifted", "dropped", "caught", "threw", "mended", "sketched", "photographed",
    "questioned", "answered", "welcomed", "abandoned", "rescued", "inherited", "delivered", "explored",
    "examined", "decorated", "surrounded", "sheltered", "illuminated", "translated", "catalogued",
]
# Syllables of the invented proper names (people, towns, rivers).
ONSETS = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "r", "s", "st", "t", "tr",
          "v", "z", "th", "sh", "l", "m"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "ia", "ou", "ei"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "nd", "rt", "th", "x"]


def ranked(words: list) -> list:
    """Distinct words in the order given (the first occurrence keeps its rank)."""
    return list(dict.fromkeys(words))


def invented_names(count: int = NAMES, seed: int = 2026) -> list:
    """`count` distinct pronounceable names of 2 or 3 syllables, the same for every corpus."""
    rng, names = random.Random(f"course-corpus-names-{seed}"), {}
    while len(names) < count:
        syllables = rng.choice((2, 2, 3))
        name = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))
        if 4 <= len(name) <= 11 and name not in names:
            names[name] = None
    return list(names)


def vocabulary() -> dict:
    """The word lists of each grammatical slot, most frequent first."""
    return {"determiner": ranked(DETERMINERS), "pronoun": ranked(PRONOUNS), "preposition": ranked(PREPOSITIONS),
            "conjunction": ranked(CONJUNCTIONS), "adverb": ranked(ADVERBS), "adjective": ranked(ADJECTIVES),
            "noun": ranked(NOUNS), "verb": ranked(VERBS), "name": invented_names()}


def lexicon() -> dict:
    """Every word of the vocabulary (lower case) -> its part of speech ("noun", "verb", ...; a word listed in
    two slots keeps the first)."""
    parts = {"an": "determiner"}  # "a" before a vowel
    for slot, words in vocabulary().items():
        for word in words:
            parts.setdefault(word, slot)
    return parts


class Sampler:
    """Draws words of each slot with Zipf-like weights, in batches (fast, and reproducible for a seed)."""

    BATCH = 4096

    def __init__(self, rng: random.Random, words: dict = None):
        self.rng, self.words = rng, words or vocabulary()
        self.weights = {slot: list(accumulate(1 / (rank + OFFSETS.get(slot, 0)) ** ZIPF_EXPONENT
                                              for rank in range(1, len(items) + 1)))
                        for slot, items in self.words.items()}
        self.buffers = {slot: [] for slot in self.words}

    def __call__(self, slot: str) -> str:
        buffer = self.buffers[slot]
        if not buffer:
            buffer.extend(self.rng.choices(self.words[slot], cum_weights=self.weights[slot], k=self.BATCH))
        return buffer.pop()


def noun_phrase(draw, rng: random.Random, nested: bool = True) -> list:
    if rng.random() < 0.12:
        return [draw("name").capitalize()]
    words = [draw("determiner")]
    while rng.random() < (0.45 if len(words) == 1 else 0.15):
        words.append(draw("adjective"))
    words.append(draw("noun"))
    if words[0] == "a" and words[1][0] in "aeiou":
        words[0] = "an"
    if nested and rng.random() < 0.3:
        words += [draw("preposition"), *noun_phrase(draw, rng, nested=False)]
    return words


def clause(draw, rng: random.Random) -> list:
    if rng.random() < 0.25:
        pronoun = draw("pronoun")
        subject = ["I" if pronoun == "i" else pronoun]
    else:
        subject = noun_phrase(draw, rng)
    words = subject + [draw("verb"), *noun_phrase(draw, rng)]
    if rng.random() < 0.45:
        words += [draw("preposition"), *noun_phrase(draw, rng, nested=False)]
    if rng.random() < 0.25:
        words.append(draw("adverb"))
    return words


def sentence(draw, rng: random.Random) -> str:
    words = clause(draw, rng)
    if rng.random() < 0.35:
        words += [draw("conjunction"), *clause(draw, rng)]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate_text(characters: int, seed: int = 0, part: int = 0) -> str:
    """About `characters` characters (whole paragraphs, one per line) of file `part` of corpus `seed`."""
    rng = random.Random(f"course-corpus-v{VERSION}-{seed}-{part}")
    draw, lines, size = Sampler(rng), [], 0
    while size < characters:
        line = " ".join(sentence(draw, rng) for _ in range(rng.randint(3, 8)))
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def write_corpus(folder="corpus", files: int = 4, megabytes: float = 4.0, seed: int = 0,
                 overwrite: bool = False) -> list:
    """Write `files` text files of about `megabytes` MB in all into `folder` (created, relative to the working
    folder) and return their paths. A folder that already holds this corpus (same manifest) is left alone."""
    folder = Path(folder)
    manifest = {"version": VERSION, "files": files, "megabytes": megabytes, "seed": seed}
    paths = [folder / f"part-{index:03d}.txt" for index in range(files)]
    record = folder / "manifest.json"
    if not overwrite and record.exists() and all(path.exists() for path in paths):
        try:
            if json.loads(record.read_text()) == manifest:
                return paths
        except ValueError:
            pass
    folder.mkdir(parents=True, exist_ok=True)
    record.unlink(missing_ok=True)
    for stale in folder.glob("part-*.txt"):
        stale.unlink()
    for index, path in enumerate(paths):
        path.write_text(generate_text(int(megabytes * 1e6 / files), seed, index), encoding="utf-8")
    record.write_text(json.dumps(manifest))
    return paths


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(prog="python -m course.corpus", description=__doc__.split("\n\n")[0])
    cli.add_argument("folder", type=Path)
    cli.add_argument("--files", type=int, default=4, help="number of text files (default 4)")
    cli.add_argument("--megabytes", type=float, default=4.0, help="total size in MB (default 4)")
    cli.add_argument("--seed", type=int, default=0)
    cli.add_argument("--overwrite", action="store_true", help="rewrite even if the folder is up to date")
    args = cli.parse_args(argv)
    paths = write_corpus(args.folder, args.files, args.megabytes, args.seed, args.overwrite)
    print(f"{len(paths)} files, {sum(path.stat().st_size for path in paths) / 1e6:.1f} MB in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
