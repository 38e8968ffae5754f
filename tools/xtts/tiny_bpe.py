"""A tiny XTTS-style BPE vocabulary in the Hugging Face tokenizers JSON format, and a reference
encoder that follows the tokenizers library's algorithm (added tokens split out first, Whitespace
pre-tokenizer, BPE merging the leftmost lowest-rank pair until none applies, unknown characters
mapped to [UNK] one by one). The real XTTS vocab.json cannot be downloaded here.
"""
import collections
import re

SPECIAL = ["[STOP]", "[UNK]", "[SPACE]"]
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


def build_vocab(size, start_text_id):
    tokens = list(SPECIAL)
    for ch in ALPHABET:
        if ch not in tokens:
            tokens.append(ch)
    words = collections.Counter(re.findall(r"\w+|[^\w\s]+", CORPUS))
    splits = {w: list(w) for w in words}
    merges = []
    budget = start_text_id - len(tokens)  # merges fill ids up to [START]
    while len(merges) < budget:
        pairs = collections.Counter()
        for w, n in words.items():
            s = splits[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
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
    while len(tokens) < start_text_id:
        tokens.append(f"[PAD{len(tokens)}]")
    tokens = tokens[:start_text_id]
    tokens.append("[START]")
    for lang in LANGS:
        tokens.append(f"[{lang}]")
    assert len(tokens) <= size, len(tokens)
    vocab = {t: i for i, t in enumerate(tokens)}
    added = [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True}
             for t in SPECIAL + ["[START]"] + [f"[{lang}]" for lang in LANGS]]
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
