/* spl_lex.h - tokens of one SPL pipeline segment: words, quoted strings, parentheses,
 * commas and comparison operators, each with its byte offset in the expanded search
 * (columns are offset + 1). Commands read tokens; eval/where take raw text slices. */
#ifndef TRAWL_SPL_LEX_H
#define TRAWL_SPL_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"

/* ORDER: spl_lex_kind_name() in spl_lex.c follows this list. */
typedef enum spl_tok_kind {
    TK_EOF,
    TK_WORD,     /* unquoted run of characters */
    TK_STRING,   /* "..." with \" and \\ unescaped into text */
    TK_LPAREN,
    TK_RPAREN,
    TK_COMMA,
    TK_EQ,       /* = or == */
    TK_NE,       /* != */
    TK_LT,
    TK_LE,
    TK_GT,
    TK_GE,
    TK_LBRACKET, /* [ starts a subsearch, which trawl rejects */
} spl_tok_kind;

typedef struct spl_tok {
    spl_tok_kind kind;
    const char *text;  /* NUL-terminated: the word, or the unescaped string */
    size_t len;        /* bytes in text */
    size_t off;        /* offset of the token's first byte in the search */
    size_t end;        /* offset just past the token */
    bool space_before; /* whitespace (or segment start) precedes the token */
} spl_tok;

typedef struct spl_toks {
    spl_tok *v;        /* tokens, ending with one TK_EOF */
    size_t n;          /* count including the TK_EOF */
} spl_toks;

/* Tokenizes src[start..end) (offsets into the whole search src). Token memory comes
 * from a. Returns -1 with err on an unterminated string. */
int spl_lex(const char *src, size_t start, size_t end, arena *a, spl_toks *out, tr_error *err);

/* Human name of a token kind for messages ("'('", "end of command", ...). */
const char *spl_lex_kind_name(spl_tok_kind k);

/* True when a word token equals kw ignoring ASCII case. */
bool spl_tok_is(const spl_tok *t, const char *kw);

#endif
