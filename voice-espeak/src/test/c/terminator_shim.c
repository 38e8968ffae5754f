/*
 * Test-only stand-in for espeak-ng 1.52's espeak_TextToPhonemesWithTerminator, so that the code path
 * voicerouter takes on 1.52 libraries runs on machines that only have 1.51. It wraps the real
 * espeak_TextToPhonemes (every other espeak_* symbol resolves through this library's dependency on
 * libespeak-ng) and reports the clause terminator as espeak-ng's readclause values for ASCII
 * punctuation, with an extra high flag bit set on full stops to check that callers mask it off.
 *
 * Built by EspeakNativeTerminatorTest: gcc -shared -fPIC -o libespeak-shim.so terminator_shim.c -l:libespeak-ng.so.1
 */
#include <string.h>

/* Declared here rather than taken from speak_lib.h, so that building needs no -dev package. */
extern const char *espeak_TextToPhonemes(const void **textptr, int textmode, int phonememode);

#define TYPE_CLAUSE   0x00040000
#define TYPE_SENTENCE 0x00080000
#define TYPE_EOF      0x00010000
#define DOT_AFTER_LAST_WORD 0x00400000

static int terminator_of(const char *start, const char *end)
{
	const char *p = end;
	while (p > start) {
		char c = p[-1];
		if (c == ' ' || c == '"' || c == ')' || c == '\n')
			p--;
		else
			break;
	}
	if (p == start)
		return 40 | TYPE_SENTENCE | TYPE_EOF;
	switch (p[-1]) {
	case '.': return 40 | TYPE_SENTENCE | DOT_AFTER_LAST_WORD;
	case '?': return 40 | 0x2000 | TYPE_SENTENCE;
	case '!': return 45 | 0x3000 | TYPE_SENTENCE;
	case ',': return 20 | 0x1000 | TYPE_CLAUSE;
	case ':': return 30 | TYPE_CLAUSE;
	case ';': return 30 | 0x1000 | TYPE_CLAUSE;
	default: return 40 | TYPE_SENTENCE | TYPE_EOF;
	}
}

const char *espeak_TextToPhonemesWithTerminator(const void **textptr, int textmode, int phonememode,
                                                int *terminator)
{
	const char *start = (const char *)*textptr;
	const char *phonemes = espeak_TextToPhonemes(textptr, textmode, phonememode);
	/* espeak has read one (ASCII, in the tests) character of the next clause ahead. */
	const char *end = *textptr != NULL ? (const char *)*textptr - 1 : start + strlen(start);
	if (terminator != NULL)
		*terminator = terminator_of(start, end);
	return phonemes;
}
