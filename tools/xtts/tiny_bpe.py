"""A tiny BPE vocabulary in XTTS v2's vocab.json format (a full Hugging Face tokenizer.json: added
tokens, null normalizer, Whitespace pre-tokenizer, BPE model), and our own reference
encoder that follows the tokenizers library's algorithm (added tokens split out first, Whitespace
pre-tokenizer, BPE merging the leftmost lowest-rank pair until none applies, unknown characters
mapped to [UNK] one by one). The real XTTS vocab.json cannot be downloaded here; BpeTokenizerLibraryTest
holds the Java tokenizer against the Hugging Face tokenizers library itself on this vocabulary.
"""
import collections
import re

LANGS = ["en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar", "zh-cn", "hu", "ko", "ja", "hi"]
ALPHABET = list("abcdefghijklmnopqrstuvwxyz") + list("'.,!?-:;\"") + list("áéíóúñüöäßàèçâêôœąęłńśźżğışç")

CORPUS = """hello world this is a test of the tiny tokenizer the quick brown fox jumps over the lazy dog
she sells sea shells by the sea shore peter piper picked a peck of pickled peppers
hola mundo esto es una prueba el rápido zorro marrón salta sobre el perro perezoso
bonjour le monde ceci est un test le renard brun rapide saute par dessus le chien paresseux
hallo welt das ist ein test der schnelle braune fuchs springt über den faulen hund
olá mundo isto é um teste a raposa marrom rápida pula sobre o cão preguiçoso
witaj świecie to jest test szybki brązowy lis przeskakuje nad leniwym psem
merhaba dünya bu bir test hızlı kahverengi tilki tembel köpeğin üzerinden atlar"""


# Fixed ids laid out like XTTS v2's vocab.json: the three specials first, [en] [de] [START] [fr] at
# 259-262 and the other language tokens scattered among the BPE tokens (each also in added_tokens).
FIXED = {0: "[STOP]", 1: "[UNK]", 2: "[SPACE]", 259: "[en]", 260: "[de]", 261: "[START]", 262: "[fr]",
         267: "[ru]", 284: "[es]", 285: "[it]", 286: "[pt]", 287: "[ar]", 288: "[hu]", 289: "[ko]",
         293: "[cs]", 294: "[pl]", 295: "[tr]", 296: "[ja]", 297: "[nl]", 298: "[zh-cn]", 299: "[hi]"}
# XTTS's vocab also holds "i̇" (i + U+0307, from lower-casing İ) and the bare combining dot.
EXTRA = ["i\u0307", "\u0307"]


def build_vocab(size, start_text_id):
    """A valid BPE vocabulary of exactly `size` ids: every merge's parts and result are tokens (the
    tokenizers library refuses a file where they are not)."""
    assert FIXED[start_text_id] == "[START]" and set(LANGS) == {t[1:-1] for t in FIXED.values()} - {
        "STOP", "UNK", "SPACE", "START"}
    chars = []
    for ch in ALPHABET + sorted(set(CORPUS) - set(" \n")) + EXTRA:
        if ch not in chars:
            chars.append(ch)
    budget = size - len(FIXED) - len(chars)  # BPE tokens made by merges
    words = collections.Counter(re.findall(r"\w+|[^\w\s]+", CORPUS))
    splits = {w: list(w) for w in words}
    tokens, merges = list(chars), []
    while len(tokens) < len(chars) + budget:
        pairs = collections.Counter()
        for w, n in words.items():
            s = splits[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += n
        if not pairs:
            raise SystemExit("corpus too small for the vocabulary size")
        (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        merges.append((a, b))
        if a + b not in tokens:
            tokens.append(a + b)
        for w in splits:
            s, out, i = splits[w], [], 0
            while i < len(s):
                if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            splits[w] = out
    free = iter(tokens)
    vocab = {(FIXED[i] if i in FIXED else next(free)): i for i in range(size)}
    assert len(vocab) == size and all(a in vocab and b in vocab and a + b in vocab for a, b in merges)
    # added_tokens in XTTS's order: by appearance, not by id
    added = [{"id": i, "special": True, "content": FIXED[i], "single_word": False, "lstrip": False,
              "rstrip": False, "normalized": False} for i in (0, 1, 2, 259, 260, 261, 262, 284, 285, 286, 294,
                                                             295, 267, 293, 297, 298, 287, 288, 289, 296, 299)]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None, "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": "[UNK]", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "vocab": vocab,
                  "merges": [f"{a} {b}" for a, b in merges]},
    }


def prepare(text, lang):
    """XTTS VoiceBpeTokenizer.encode after cleaning: [lang] prefix, spaces as [SPACE]."""
    text = re.sub(r"\s+", " ", text.lower()).strip()
    lang = lang.split("-")[0]
    lang = "zh-cn" if lang == "zh" else lang
    return f"[{lang}]{text}".replace(" ", "[SPACE]")


def encode(tokenizer, text):
    model = tokenizer["model"]
    vocab = model["vocab"]
    ranks = {tuple(m.split(" ")): i for i, m in enumerate(model["merges"])}
    added = sorted((a["content"] for a in tokenizer["added_tokens"]), key=len, reverse=True)
    ids, i, plain = [], 0, []

    def flush():
        if plain:
            ids.extend(bpe_segment("".join(plain), vocab, ranks, model["unk_token"]))
            plain.clear()

    while i < len(text):
        match = next((a for a in added if text.startswith(a, i)), None)
        if match:
            flush()
            ids.append(vocab[match])
            i += len(match)
        else:
            plain.append(text[i])
            i += 1
    flush()
    return ids


def bpe_segment(segment, vocab, ranks, unk):
    out = []
    for word in re.findall(r"\w+|[^\w\s]+", segment):
        parts = list(word)
        while len(parts) > 1:
            best, at = None, -1
            for j in range(len(parts) - 1):
                r = ranks.get((parts[j], parts[j + 1]))
                if r is not None and (best is None or r < best):
                    best, at = r, j
            if best is None:
                break
            parts[at:at + 2] = [parts[at] + parts[at + 1]]
        out.extend(vocab.get(p, vocab[unk]) for p in parts)
    return out


SENTENCES = [
    ("en", "Hello world, this is a test."),
    ("en", "The quick brown fox jumps over the lazy dog!"),
    ("es", "¿Hola mundo, esto es una prueba?"),
    ("fr", "Bonjour le monde : ceci est un test."),
    ("de", "Der schnelle braune Fuchs springt über den faulen Hund."),
    ("pt", "Olá mundo, isto é um teste; a raposa é rápida."),
    ("pl", "Witaj świecie, to jest test."),
    ("tr", "Merhaba dünya, bu bir test."),
    ("ru", "Привет, мир!"),
    ("it", "Ciao mondo -- questo è un test"),
    ("nl", "Hallo wereld,   dit is een test"),
    ("en", "She said: \"sea shells\"; peter's peppers?!"),
]


def reference_cases(tokenizer):
    return [{"language": lang, "text": text, "prepared": prepare(text, lang),
             "ids": encode(tokenizer, prepare(text, lang))} for lang, text in SENTENCES]
