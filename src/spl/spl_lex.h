/* spl_lex.h - the one SPL tokenizer: every command's arguments and every eval
 * expression are read through it, so a quote or a backslash means the same thing
 * everywhere. Two modes: command mode (words stop at whitespace, quotes,
 * parentheses, commas, brackets and comparison operators) and expression mode
 * (eval/where: names, numbers, 'quoted names' and arithmetic operators too).
 * Each token keeps its byte offset in the expanded search (columns are offset + 1).
 *
 * Escapes (Splunk's Search Manual, "Backslashes"): in "quoted strings" \\ is one
 * backslash and \" a quote; in unquoted words \\, \" and \| likewise. Any other
 * backslash stays as written, so "c:\temp" and regexes like "\d+" read naturally;
 * a backslash cannot escape the * wildcard. */
#ifndef TRAWL_SPL_LEX_H
#define TRAWL_SPL_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"

/* Token kinds with their names for messages. */
#define SPL_TOKEN_KINDS(X)                                                          \
    X(TK_EOF, "end of command")                                                   \
    X(TK_WORD, "word")          /* unquoted run; expression mode: a name */      \
    X(TK_STRING, "quoted string") /* "...", escapes resolved into text */        \
    X(TK_QNAME, "quoted field name") /* '...' (expression mode) */               \
    X(TK_NUMBER, "number")      /* expression mode: 12, 1.5, .5, 1e3 */          \
    X(TK_LPAREN, "'('")                                                           \
    X(TK_RPAREN, "')'")                                                           \
    X(TK_COMMA, "','")                                                            \
    X(TK_EQ, "'='")             /* = or == */                                    \
    X(TK_NE, "'!='")                                                              \
    X(TK_LT, "'<'")                                                               \
    X(TK_LE, "'<='")                                                              \
    X(TK_GT, "'>'")                                                               \
    X(TK_GE, "'>='")                                                              \
    X(TK_LBRACKET, "'['")                                                         \
    X(TK_RBRACKET, "']'")                                                         \
    X(TK_PLUS, "'+'")           /* expression mode from here on */               \
    X(TK_MINUS, "'-'")                                                            \
    X(TK_STAR, "'*'")                                                             \
    X(TK_SLASH, "'/'")                                                            \
    X(TK_PERCENT, "'%'")                                                          \
    X(TK_DOT, "'.'")                                                              \
    X(TK_BAD, "unexpected character") /* starts no token; text holds it */

typedef enum spl_tok_kind {
#define SPL_TOKEN_ENUM(kind, name) kind,
    SPL_TOKEN_KINDS(SPL_TOKEN_ENUM)
#undef SPL_TOKEN_ENUM
} spl_tok_kind;

typedef enum spl_lex_mode {
    SPL_LEX_COMMAND,   /* command arguments, the search language */
    SPL_LEX_EXPR,      /* eval expressions */
} spl_lex_mode;

typedef struct spl_tok {
    spl_tok_kind kind;
    const char *text;  /* NUL-terminated: the word, or the unescaped string */
    size_t len;        /* bytes in text */
    size_t off;        /* offset of the token's first byte in the search */
    size_t end;        /* offset just past the token */
    bool space_before; /* whitespace (or segment start) precedes the token */
} spl_tok;

typedef struct spl_toks {
    spl_tok *v;        /* tokens, ending with one TK_EOF (malloc'd) */
    size_t n;          /* count including the TK_EOF */
} spl_toks;

/* Tokenizes src[start..end) (offsets into the whole search src). Token memory comes
 * from a; out->v is malloc'd (caller frees). Returns -1 with err (err->column set,
 * message without a position) on an unterminated string. */
int spl_lex(const char *src, size_t start, size_t end, spl_lex_mode mode, arena *a,
            spl_toks *out, tr_error *err);

/* Scans a quoted string opening at src[i] (the quote character is src[i]) and
 * ending before end. Returns the offset just past the closing quote, or 0 when it
 * is missing. When out is not NULL it receives the unescaped body (room for the
 * raw body's bytes + 1 is enough) and *outlen its length. */
size_t spl_scan_quoted(const char *src, size_t i, size_t end, char *out, size_t *outlen);

/* Offset just past the unquoted word starting at src[i] in command mode (escapes
 * skipped over, so \" and \| do not end it). */
size_t spl_scan_word(const char *src, size_t i, size_t end);

/* Human name of a token kind for messages ("'('", "end of command", ...). */
const char *spl_lex_kind_name(spl_tok_kind k);

/* True when a word token equals kw ignoring ASCII case. */
bool spl_tok_is(const spl_tok *t, const char *kw);

#endif
