/* results_text.c - UTF-8-safe escaped output and Turtle term form for the result writers. */
#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "internal.h"
#include "results/results.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema#"

void kg_put_utf8(FILE *out, const char *s, size_t len, kg_escape_fn esc) {
  const uint8_t *p = (const uint8_t *)s, *end = p + len, *run = p;
  char buf[16];
  while (p < end) {
    ucs4_t uc;
    int n = u8_mbtouc(&uc, p, (size_t)(end - p));
    if (n < 1) n = 1;
    /* u8_mbtouc gives U+FFFD for an invalid sequence; a real U+FFFD is
     * written the same way, so either case may be replaced. */
    const char *rep = esc ? esc(uc, buf) : NULL;
    if (!rep && uc == 0xFFFD) rep = "\xEF\xBF\xBD";
    if (rep) {
      fwrite(run, 1, (size_t)(p - run), out);
      fputs(rep, out);
      run = p + n;
    }
    p += n;
  }
  fwrite(run, 1, (size_t)(p - run), out);
}

/* ------------------------------------------------------------- Turtle */

static const char *uchar(unsigned cp, char buf[16]) {
  snprintf(buf, 16, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", cp);
  return buf;
}

/* Inside "...": ECHAR escapes, other control characters as \uXXXX. */
static const char *esc_string(unsigned cp, char buf[16]) {
  const char *e = kg_echar(cp);
  if (e) return e;
  return cp < 0x20 || cp == 0x7F ? uchar(cp, buf) : NULL;
}

static const char *esc_string_pipe(unsigned cp, char buf[16]) {
  return cp == '|' ? "\\|" : esc_string(cp, buf);
}

/* Inside <...>: characters IRIREF excludes become \uXXXX. */
static const char *esc_iri(unsigned cp, char buf[16]) {
  return kg_iri_escaped(cp) ? uchar(cp, buf) : NULL;
}

/* A blank node label: no room for escapes, so spacing and control
 * characters (which would break a row) become '_'. */
static const char *esc_label(unsigned cp, char buf[16]) {
  (void)buf;
  return cp <= 0x20 || cp == 0x7F || cp == '|' ? "_" : NULL;
}

/* Matches s against a tiny pattern language: 'S' optional sign, 'D' one or
 * more digits, 'd' zero or more digits, '.' and 'E' ([eE]) literally. */
static int shape(const char *s, const char *pat) {
  for (; *pat; pat++) {
    switch (*pat) {
    case 'S': if (*s == '+' || *s == '-') s++; break;
    case 'D': if (*s < '0' || *s > '9') return 0; /* fall through */
    case 'd': while (*s >= '0' && *s <= '9') s++; break;
    case 'E': if (*s != 'e' && *s != 'E') return 0; s++; break;
    default: if (*s != *pat) return 0; s++;
    }
  }
  return *s == '\0';
}

/* Turtle's INTEGER, DECIMAL and DOUBLE productions, by datatype. */
static const struct { const char *dt; const char *shapes[3]; } numbers[] = {
  { XSD_NS "integer", { "SD", NULL, NULL } },
  { XSD_NS "decimal", { "Sd.D", NULL, NULL } },
  { XSD_NS "double", { "SD.dESD", "S.DESD", "SDESD" } },
};

static int short_number(const kg_term *t) {
  if (!t->datatype || strlen(t->value) != t->len) return 0;
  for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
    if (strcmp(t->datatype, numbers[i].dt) != 0) continue;
    for (int k = 0; k < 3 && numbers[i].shapes[k]; k++)
      if (shape(t->value, numbers[i].shapes[k])) return 1;
    return 0;
  }
  return 0;
}

void kg_put_turtle_term(FILE *out, const kg_term *t, int flags) {
  int pipe = (flags & KG_TT_PIPE) != 0;
  switch (t->kind) {
  case KG_TERM_IRI:
    fputc('<', out);
    kg_put_utf8(out, t->value, strlen(t->value), esc_iri);
    fputc('>', out);
    return;
  case KG_TERM_BLANK:
    fputs("_:", out);
    kg_put_utf8(out, t->value, strlen(t->value), esc_label);
    return;
  case KG_TERM_LITERAL:
    if ((flags & KG_TT_SHORT_NUMBERS) && short_number(t)) {
      fputs(t->value, out);
      return;
    }
    fputc('"', out);
    kg_put_utf8(out, t->value, t->len, pipe ? esc_string_pipe : esc_string);
    fputc('"', out);
    if (t->lang && *t->lang) {
      fputc('@', out);
      kg_put_utf8(out, t->lang, strlen(t->lang), esc_label);
    } else if (t->datatype) {
      fputs("^^<", out);
      kg_put_utf8(out, t->datatype, strlen(t->datatype), esc_iri);
      fputc('>', out);
    }
    return;
  case KG_TERM_NONE:
    return;
  }
}
