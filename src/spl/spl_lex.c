/* spl_lex.c - the SPL tokenizer shared by every command's argument parser. Words
 * stop at whitespace, quotes, parentheses, commas and comparison operators; strings
 * keep everything but unescape \" and \\ (other backslashes stay, as Splunk does,
 * so "c:\temp\x.dll" and regexes like "\d+" read naturally). */
#include "spl_lex.h"

#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ends_word(const char *s, size_t i, size_t end)
{
    char c = s[i];
    if (is_space(c))
        return true;
    switch (c) {
    case '"': case '(': case ')': case ',': case '=': case '<': case '>': case '[':
        return true;
    case '!':
        return i + 1 < end && s[i + 1] == '=';
    default:
        return false;
    }
}

static spl_tok *push_tok(spl_toks *out, size_t *cap)
{
    XGROW(out->v, *cap, out->n + 1);
    spl_tok *t = &out->v[out->n++];
    memset(t, 0, sizeof *t);
    return t;
}

/* Reads a "..." string starting at src[i] == '"'; returns the index past it or 0. */
static size_t lex_string(const char *src, size_t i, size_t end, arena *a, spl_tok *t)
{
    size_t j = i + 1;
    size_t n = 0;
    while (j < end && src[j] != '"') {
        if (src[j] == '\\' && j + 1 < end)
            j++;
        j++;
        n++;
    }
    if (j >= end)
        return 0;
    char *buf = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t p = i + 1; p < j; p++) {
        if (src[p] == '\\' && p + 1 < j && (src[p + 1] == '"' || src[p + 1] == '\\'))
            p++;
        buf[k++] = src[p];
    }
    buf[k] = '\0';
    t->kind = TK_STRING;
    t->text = buf;
    t->len = k;
    return j + 1;
}

int spl_lex(const char *src, size_t start, size_t end, arena *a, spl_toks *out, tr_error *err)
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
        spl_tok *t = push_tok(out, &cap);
        t->off = i;
        t->space_before = space;
        space = false;
        if (i >= end) {
            t->kind = TK_EOF;
            t->text = "";
            t->end = i;
            break;
        }
        char c = src[i];
        size_t next = i + 1;
        switch (c) {
        case '"':
            next = lex_string(src, i, end, a, t);
            if (!next) {
                free(out->v);
                out->v = NULL;
                out->n = 0;
                tr_error_set(err, "unterminated quoted string at column %zu", i + 1);
                err->column = (long)(i + 1);
                return -1;
            }
            break;
        case '(': t->kind = TK_LPAREN; break;
        case ')': t->kind = TK_RPAREN; break;
        case ',': t->kind = TK_COMMA; break;
        case '[': t->kind = TK_LBRACKET; break;
        case '=':
            t->kind = TK_EQ;
            if (i + 1 < end && src[i + 1] == '=')
                next++;
            break;
        case '!':
            if (i + 1 < end && src[i + 1] == '=') {
                t->kind = TK_NE;
                next++;
                break;
            }
            goto word;
        case '<':
        case '>':
            t->kind = c == '<' ? TK_LT : TK_GT;
            if (i + 1 < end && src[i + 1] == '=') {
                t->kind = c == '<' ? TK_LE : TK_GE;
                next++;
            }
            break;
        default:
        word:
            next = i + 1;
            while (next < end && !ends_word(src, next, end))
                next++;
            t->kind = TK_WORD;
            t->text = arena_strndup(a, src + i, next - i);
            t->len = next - i;
            break;
        }
        if (t->kind != TK_WORD && t->kind != TK_STRING) {
            t->text = arena_strndup(a, src + i, next - i);
            t->len = next - i;
        }
        t->end = next;
        i = next;
    }
    return 0;
}

const char *spl_lex_kind_name(spl_tok_kind k)
{
    static const char *const names[] = {
        [TK_EOF] = "end of command", [TK_WORD] = "word", [TK_STRING] = "quoted string",
        [TK_LPAREN] = "'('", [TK_RPAREN] = "')'", [TK_COMMA] = "','", [TK_EQ] = "'='",
        [TK_NE] = "'!='", [TK_LT] = "'<'", [TK_LE] = "'<='", [TK_GT] = "'>'",
        [TK_GE] = "'>='", [TK_LBRACKET] = "'['",
    };
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "token";
}

bool spl_tok_is(const spl_tok *t, const char *kw)
{
    return t->kind == TK_WORD && strcasecmp(t->text, kw) == 0;
}
