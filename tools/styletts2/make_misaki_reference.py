#!/usr/bin/python3
"""Reference pairs for the provider's Kokoro phoneme mapping, made by misaki's own code.

Kokoro v1.0 was trained on misaki's phoneme symbols. For English its pipeline calls misaki's
EspeakFallback (en-us, en-gb) for words outside misaki's lexicon, and EspeakG2P for es, fr-fr, hi,
it and pt-br; both map espeak-ng IPA (produced with a '^' tie between the letters of one phoneme)
onto misaki's symbols. This script runs those two classes from a misaki checkout on fixed texts and
writes, per text: the language, the text, espeak-ng's tied IPA, its untied IPA (what voicerouter's
phonemizer produces) and misaki's result. The Java test maps both IPA columns and compares.

misaki's backend, phonemizer's EspeakBackend, is not installed here (it is on PyPI only). Its part is
to call libespeak-ng's espeak_TextToPhonemes with phoneme mode 0x02 | 0x80 | (tie << 8) and strip the
result; this script does exactly that through ctypes (with '^' as the tie, which phonemizer
substitutes for U+0361), and gives misaki a stand-in backend that returns it. Everything after that,
the mapping itself, is misaki's code. Texts carry no punctuation, so phonemizer's punctuation
handling plays no part.

Needs libespeak-ng1 (Debian). Usage, from the repository root:
    /usr/bin/python3 tools/styletts2/make_misaki_reference.py /path/to/hexgrad/misaki
"""
import ctypes
import json
import os
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "voice-provider-styletts2", "src", "test", "resources", "styletts2", "misaki_reference.tsv")

_lib = ctypes.cdll.LoadLibrary("libespeak-ng.so.1")
_lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
_lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
_lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
_lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
_lib.espeak_Initialize(0x02, 0, None, 0)
# espeak-ng 1.51 finds British English under "en" and French under "fr" (voice-espeak falls back the same way).
ESPEAK_NAMES = {"en-gb": "en", "fr-fr": "fr"}


def espeak(text, language, tie):
    if _lib.espeak_SetVoiceByName(ESPEAK_NAMES.get(language, language).encode()) != 0:
        raise SystemExit("espeak-ng has no voice " + language)
    mode = 0x02 | ((0x80 | (ord("^") << 8)) if tie else 0)
    buf = ctypes.c_char_p(text.encode())
    ptr = ctypes.pointer(buf)
    out = []
    while ptr.contents.value:
        r = _lib.espeak_TextToPhonemes(ptr, 1, mode)
        out.append(r.decode() if r else "")
    return " ".join(o.strip() for o in out if o.strip())


def install_backend_stand_in():
    """misaki.espeak imports phonemizer and espeakng_loader at load time; give it stand-ins."""
    class Wrapper:
        @staticmethod
        def set_library(_):
            pass

        @staticmethod
        def set_data_path(_):
            pass

    class Backend:
        def __init__(self, language, **options):
            assert options.get("tie") == "^" and options.get("with_stress"), options
            self.language = language

        def phonemize(self, texts):
            return [espeak(t, self.language, True) for t in texts]

    mods = {n: types.ModuleType(n) for n in ("phonemizer", "phonemizer.backend", "phonemizer.backend.espeak",
                                             "phonemizer.backend.espeak.wrapper", "espeakng_loader")}
    mods["phonemizer"].backend = mods["phonemizer.backend"]
    mods["phonemizer.backend"].EspeakBackend = Backend
    mods["phonemizer.backend"].espeak = mods["phonemizer.backend.espeak"]
    mods["phonemizer.backend.espeak"].wrapper = mods["phonemizer.backend.espeak.wrapper"]
    mods["phonemizer.backend.espeak.wrapper"].EspeakWrapper = Wrapper
    mods["espeakng_loader"].get_library_path = lambda: ""
    mods["espeakng_loader"].get_data_path = lambda: ""
    sys.modules.update(mods)


ENGLISH = ("hello world little bottle button national nutshell judge church why now boy say go "
           "bird word nurse near square cure thought start force north water better butter "
           "actually accessorial abnormally fire hour loyal television pleasure measure vision "
           "kokoro reading speaking thoroughly environment cotton mountain certain curtain").split()
PHRASES = {
    "en-us": ["the quick brown fox jumps over the lazy dog", "she sells sea shells by the sea shore"],
    "en-gb": ["the quick brown fox jumps over the lazy dog", "she sells sea shells by the sea shore"],
    "es": ["el rápido zorro marrón salta sobre el perro perezoso", "hoy hace mucho calor en la ciudad",
           "me gustan las tortillas y el chorizo"],
    "fr-fr": ["le renard brun rapide saute par dessus le chien paresseux", "un bon vin blanc",
              "il fait beau aujourd'hui à Paris"],
    "hi": ["नमस्ते आप कैसे हैं", "मुझे हिंदी बोलना पसंद है"],
    "it": ["la pizza è buona", "il gatto dorme sulla sedia", "grazie mille per tutto"],
    "pt-br": ["o rápido cachorro marrom pula sobre o gato", "bom dia a todos", "eu gosto de pão de queijo"],
}


def english_sample(misaki_dir):
    """Every 40th alphabetic word of misaki's own US lexicon: a spread of real English words."""
    with open(os.path.join(misaki_dir, "misaki", "data", "us_gold.json"), encoding="utf-8") as f:
        words = [w for w in json.load(f) if w.isalpha() and w.islower() and w.isascii()]
    return words[::40]


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    misaki_dir = os.path.abspath(sys.argv[1])
    install_backend_stand_in()
    sys.path.insert(0, misaki_dir)
    from misaki import espeak as misaki_espeak

    class Token:
        def __init__(self, text):
            self.text = text

    rows = []
    sample = english_sample(misaki_dir)
    for lang in ("en-us", "en-gb"):
        fallback = misaki_espeak.EspeakFallback(british=lang == "en-gb")
        for text in ENGLISH + sample + PHRASES[lang]:
            # misaki calls the fallback one word at a time, so a phrase is phonemized and mapped word by word.
            words = text.split()
            rows.append((lang, text, " ".join(espeak(w, lang, True) for w in words),
                         " ".join(espeak(w, lang, False) for w in words),
                         " ".join(fallback(Token(w))[0] for w in words)))
    for lang in ("es", "fr-fr", "hi", "it", "pt-br"):
        g2p = misaki_espeak.EspeakG2P(language=lang)
        for text in PHRASES[lang]:
            rows.append((lang, text, espeak(text, lang, True), espeak(text, lang, False), g2p(text)[0]))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# language\ttext\tespeak-ng IPA with '^' ties\tespeak-ng IPA\tmisaki (made by "
                "tools/styletts2/make_misaki_reference.py)\n")
        for r in rows:
            assert all("\t" not in c and "\n" not in c for c in r), r
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
