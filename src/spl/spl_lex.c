/* spl_lex.c - the SPL tokenizer (both modes) and the one quoted-string scanner
 * that the pipeline splitter, the macro expander and every parser share. */
#include "spl_lex.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

size_t spl_scan_quoted(const char *src, size_t i, size_t end, char *out, size_t *outlen)
{
    char q = src[i];
    size_t n = 0;
    size_t j = i + 1;
    for (; j < end && src[j] != q; j++) {
        char c = src[j];
        if (c == '\\' && j + 1 < end && (src[j + 1] == q || src[j + 1] == '\\'))
            c = src[++j];
        if (out)
            out[n] = c;
        n++;
    }
    if (j >= end)
        return 0;
    if (out) {
        out[n] = '\0';
        *outlen = n;
    }
    return j + 1;
}

/* The characters that end a command-mode word (besides whitespace). */
static bool ends_word(const char *s, size_t i, size_t end)
{
    switch (s[i]) {
    case '"': case '(': case ')': case ',': case '=': case '<': case '>': case '[': case ']':
        return true;
    case '!':
        return i + 1 < end && s[i + 1] == '=';
    default:
        return is_space(s[i]);
    }
}

static bool word_escape(const char *s, size_t i, size_t end)
{
    return s[i] == '\\' && i + 1 < end && (s[i + 1] == '\\' || s[i + 1] == '"' || s[i + 1] == '|');
}

size_t spl_scan_word(const char *src, size_t i, size_t end)
{
    size_t j = i;
    while (j < end && (j == i || !ends_word(src, j, end)))
        j += word_escape(src, j, end) ? 2 : 1;
    return j;
}

/* A command-mode word's text with its escapes resolved. */
static char *word_text(const char *src, size_t i, size_t end, arena *a, size_t *len)
{
    char *buf = arena_alloc(a, end - i + 1);
    size_t n = 0;
    for (size_t j = i; j < end; j++) {
        if (word_escape(src, j, end))
            j++;
        buf[n++] = src[j];
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Expression-mode names: letters, digits, '_', ':', non-ASCII, and a '.' inside a
 * name (a.b); a '.' not followed by a name character is the concatenation operator. */
static bool name_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == ':' || c >= 0x80;
}

static size_t scan_name(const char *s, size_t i, size_t end)
{
    while (i < end && (name_char((unsigned char)s[i]) ||
                       (s[i] == '.' && i + 1 < end && name_char((unsigned char)s[i + 1]))))
        i++;
    return i;
}

static size_t scan_number(const char *s, size_t i, size_t end)
{
    while (i < end && isdigit((unsigned char)s[i]))
        i++;
    if (i < end && s[i] == '.')
        for (i++; i < end && isdigit((unsigned char)s[i]); i++)
            ;
    if (i < end && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < end && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < end && isdigit((unsigned char)s[j])) {
            while (j < end && isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/* Punctuation both modes share; TK_EOF when c is not one. *n gets its length. */
static spl_tok_kind punct(const char *s, size_t i, size_t end, size_t *n)
{
    char c1 = i + 1 < end ? s[i + 1] : '\0';
    *n = 1;
    switch (s[i]) {
    case '(': return TK_LPAREN;
    case ')': return TK_RPAREN;
    case ',': return TK_COMMA;
    case '[': return TK_LBRACKET;
    case ']': return TK_RBRACKET;
    case '=':
        *n = c1 == '=' ? 2 : 1;
        return TK_EQ;
    case '!':
        if (c1 != '=')
            return TK_EOF;
        *n = 2;
        return TK_NE;
    case '<':
    case '>':
        *n = c1 == '=' ? 2 : 1;
        if (s[i] == '<')
            return c1 == '=' ? TK_LE : TK_LT;
        return c1 == '=' ? TK_GE : TK_GT;
    default:
        return TK_EOF;
    }
}

/* Expression-only operators. */
static spl_tok_kind expr_op(const char *s, size_t i, size_t end)
{
    switch (s[i]) {
    case '+': return TK_PLUS;
    case '-': return TK_MINUS;
    case '*': return TK_STAR;
    case '/': return TK_SLASH;
    case '%': return TK_PERCENT;
    case '.':
        return i + 1 < end && isdigit((unsigned char)s[i + 1]) ? TK_EOF : TK_DOT;
    default:
        return TK_EOF;
    }
}

/* Reads one token at src[i] (not whitespace, i < end) into t; returns the offset
 * past it, or 0 for an unterminated quoted string. */
static size_t lex_one(const char *src, size_t i, size_t end, spl_lex_mode mode, arena *a,
                      spl_tok *t)
{
    char c = src[i];
    size_t n;
    if (c == '"' || (c == '\'' && mode == SPL_LEX_EXPR)) {
        char *buf = arena_alloc(a, end - i);
        size_t next = spl_scan_quoted(src, i, end, buf, &t->len);
        if (!next)
            return 0;
        t->kind = c == '"' ? TK_STRING : TK_QNAME;
        t->text = buf;
        return next;
    }
    spl_tok_kind k = punct(src, i, end, &n);
    if (k == TK_EOF && mode == SPL_LEX_EXPR) {
        k = expr_op(src, i, end);
        n = 1;
    }
    size_t next = i + n;
    if (k != TK_EOF) {
        t->kind = k;
    } else if (mode == SPL_LEX_COMMAND) {
        next = spl_scan_word(src, i, end);
        t->kind = TK_WORD;
        t->text = word_text(src, i, next, a, &t->len);
        return next;
    } else if (isdigit((unsigned char)c) || c == '.') {
        next = scan_number(src, i, end);
        t->kind = TK_NUMBER;
    } else if (name_char((unsigned char)c)) {
        next = scan_name(src, i, end);
        t->kind = TK_WORD;
    } else {
        t->kind = TK_BAD;
    }
    t->text = arena_strndup(a, src + i, next - i);
    t->len = next - i;
    return next;
}

int spl_lex(const char *src, size_t start, size_t end, spl_lex_mode mode, arena *a,
            spl_toks *out, tr_error *err)
{
    size_t cap = 0;
    out->v = NULL;
    out->n = 0;
    size_t i = start;
    bool space = true;
    for (;;) {
        while (i < end && is_space(src[i])) {
            i++;
            space = true;
        }
        XGROW(out->v, cap, out->n + 1);
        spl_tok *t = &out->v[out->n++];
        *t = (spl_tok){.off = i, .space_before = space};
        space = false;
        if (i >= end) {
            t->kind = TK_EOF;
            t->text = "";
            t->end = i;
            return 0;
        }
        size_t next = lex_one(src, i, end, mode, a, t);
        if (!next) {
            free(out->v);
            *out = (spl_toks){0};
            tr_error_set(err, "unterminated quoted string");
            err->column = (long)(i + 1);
            return -1;
        }
        t->end = next;
        i = next;
    }
}

const char *spl_lex_kind_name(spl_tok_kind k)
{
    static const char *const names[] = {
#define SPL_TOKEN_NAME(kind, name) [kind] = name,
        SPL_TOKEN_KINDS(SPL_TOKEN_NAME)
#undef SPL_TOKEN_NAME
    };
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "token";
}

bool spl_tok_is(const spl_tok *t, const char *kw)
{
    return t->kind == TK_WORD && strcasecmp(t->text, kw) == 0;
}
