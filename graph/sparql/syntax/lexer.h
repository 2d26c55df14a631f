/* lexer.h - SPARQL 1.1 tokenizer: tokens with line/column (spec s.19.8). */
#ifndef SP_LEXER_H
#define SP_LEXER_H

#include <stddef.h>

#include "arena.h"

typedef enum {
  SP_T_EOF = 0,
  SP_T_IRI,       /* <...>: val = IRI with \u escapes decoded, unresolved */
  SP_T_PNAME,     /* pfx:local: val = prefix, local = local part (unescaped,
                     %XX kept); pfx: alone has local "" */
  SP_T_BLANK,     /* _:label: val = label */
  SP_T_VAR,       /* ?x or $x: val = name without the sigil */
  SP_T_STRING,    /* any of the four quote forms: val = unescaped UTF-8 */
  SP_T_INTEGER,   /* unsigned numbers: val = lexical form as written */
  SP_T_DECIMAL,
  SP_T_DOUBLE,
  SP_T_LANGTAG,   /* @en-GB: val = tag in lowercase, without '@' */
  SP_T_NAME,      /* a bare word: keyword, function name or 'a' */
  SP_T_LBRACE, SP_T_RBRACE, SP_T_LPAREN, SP_T_RPAREN,
  SP_T_LBRACKET, SP_T_RBRACKET,
  SP_T_DOT, SP_T_COMMA, SP_T_SEMI,
  SP_T_STAR, SP_T_PLUS, SP_T_MINUS, SP_T_SLASH,
  SP_T_BANG, SP_T_CARET, SP_T_HATHAT, SP_T_PIPE, SP_T_QMARK,
  SP_T_EQ, SP_T_NE, SP_T_LT, SP_T_GT, SP_T_LE, SP_T_GE,
  SP_T_AND, SP_T_OR
} sp_tok_kind;

typedef struct sp_token {
  sp_tok_kind kind;
  const char *src;      /* the token's bytes in the source */
  size_t srclen;
  size_t off;           /* byte offset of src */
  int line, column;     /* 1-based; column counts code points */
  int ws_before;        /* whitespace or a comment precedes the token */
  const char *val;      /* decoded value, see kinds above: NUL-terminated in
                           the arena, except for SP_T_VAR, SP_T_BLANK, SP_T_NAME
                           and SP_T_PNAME (prefix, local) which may point into
                           the source: use len */
  size_t len;
  const char *local;    /* SP_T_PNAME local part */
  size_t local_len;
} sp_token;

typedef struct sp_lexer {
  const char *src;
  size_t len, pos;
  int line, column;
  arena *arena;
  /* set when sp_lex_next fails */
  int err_line, err_column;
  char err[256];
} sp_lexer;

void sp_lex_init(sp_lexer *lx, const char *src, size_t len, arena *a);

/* Reads the next token into *t. Returns 0, or -1 with lx->err and the
 * error's place set (malformed token, invalid UTF-8, out of memory). */
int sp_lex_next(sp_lexer *lx, sp_token *t);

#endif /* SP_LEXER_H */
