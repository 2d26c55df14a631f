/* term.c - RDF terms: constructors, N-Triples form, encoding and hashing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "strbuf.h"

kg_term kg_iri(const char *iri) {
  kg_term t = {KG_TERM_IRI, iri, iri ? strlen(iri) : 0, NULL, NULL};
  return t;
}

kg_term kg_blank(const char *label) {
  kg_term t = {KG_TERM_BLANK, label, label ? strlen(label) : 0, NULL, NULL};
  return t;
}

kg_term kg_literal(const char *lexical, const char *datatype,
                   const char *lang) {
  kg_term t = {KG_TERM_LITERAL, lexical, lexical ? strlen(lexical) : 0,
               lang && *lang ? NULL : datatype, lang && *lang ? lang : NULL};
  return t;
}

static int is_xsd_string(const char *dt);

int kg_term_equal(const kg_term *a, const kg_term *b) {
  if (a->kind != b->kind || a->len != b->len) return 0;
  if (a->len && memcmp(a->value, b->value, a->len)) return 0;
  if (a->kind != KG_TERM_LITERAL) return 1;
  const char *da = is_xsd_string(a->datatype) ? NULL : a->datatype;
  const char *db = is_xsd_string(b->datatype) ? NULL : b->datatype;
  if (!a->lang != !b->lang || !da != !db) return 0;
  if (a->lang && strcmp(a->lang, b->lang)) return 0;
  if (da && strcmp(da, db)) return 0;
  return 1;
}

/* ------------------------------------------------------------ encoding */

static size_t varint_put(unsigned char *p, size_t v) {
  size_t n = 0;
  do {
    unsigned char c = v & 0x7f;
    v >>= 7;
    if (v) c |= 0x80;
    if (p) p[n] = c;
    n++;
  } while (v);
  return n;
}

/* xsd:string literals are simple literals (RDF 1.1): one term. */
static int is_xsd_string(const char *dt) {
  return dt && !strcmp(dt, KG_XSD_STRING);
}

static char kind_byte(const kg_term *t) {
  switch (t->kind) {
  case KG_TERM_IRI: return 'I';
  case KG_TERM_BLANK: return 'B';
  case KG_TERM_LITERAL:
    if (t->lang) return 'G';
    return t->datatype && !is_xsd_string(t->datatype) ? 'T' : 'L';
  default: return 0;
  }
}

size_t kg_term_encode(const kg_term *t, unsigned char *buf, size_t len) {
  char k = kind_byte(t);
  if (!k) return 0;
  const char *extra = k == 'G' ? t->lang : k == 'T' ? t->datatype : NULL;
  size_t elen = extra ? strlen(extra) + 1 : 0;
  size_t need = 1 + varint_put(NULL, t->len) + t->len + 1 + elen;
  if (!buf || len < need) return len ? 0 : need;
  unsigned char *p = buf;
  *p++ = (unsigned char)k;
  p += varint_put(p, t->len);
  if (t->len) memcpy(p, t->value, t->len);
  p += t->len;
  *p++ = 0;
  if (extra) memcpy(p, extra, elen);
  return need;
}

int kg_term_decode(const unsigned char *buf, size_t len, kg_term *out) {
  if (len < 3) return 0;
  const unsigned char *p = buf + 1, *end = buf + len;
  size_t v = 0;
  int shift = 0;
  while (p < end) {
    unsigned char c = *p++;
    v |= (size_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) break;
    shift += 7;
    if (shift > 56) return 0;
  }
  if ((size_t)(end - p) < v + 1) return 0;
  memset(out, 0, sizeof *out);
  out->value = (const char *)p;
  out->len = v;
  const char *extra = (const char *)p + v + 1;
  switch (buf[0]) {
  case 'I': out->kind = KG_TERM_IRI; break;
  case 'B': out->kind = KG_TERM_BLANK; break;
  case 'L': out->kind = KG_TERM_LITERAL; break;
  case 'G': out->kind = KG_TERM_LITERAL; out->lang = extra; break;
  case 'T': out->kind = KG_TERM_LITERAL; out->datatype = extra; break;
  default: return 0;
  }
  return 1;
}

/* A fast 64-bit hash (multiply-xorshift over 8-byte words). */
uint64_t kg_hash_bytes(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (len * 0xff51afd7ed558ccdULL);
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h ^= w * 0x87c37b91114253d5ULL;
    h = (h << 31 | h >> 33) * 0x4cf5ad432745937fULL;
    p += 8;
    len -= 8;
  }
  uint64_t w = 0;
  memcpy(&w, p, len);
  h ^= w * 0x87c37b91114253d5ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/* ---------------------------------------------------------- N-Triples */

const char *kg_echar(unsigned c) {
  switch (c) {
  case '"': return "\\\"";
  case '\\': return "\\\\";
  case '\n': return "\\n";
  case '\r': return "\\r";
  case '\t': return "\\t";
  case '\b': return "\\b";
  case '\f': return "\\f";
  }
  return NULL;
}

int kg_iri_escaped(unsigned c) {
  return c <= 0x20 || (c < 0x80 && strchr("<>\"{}|^`\\", (int)c) != NULL);
}

void kg_nt_escape(strbuf *b, const char *s, size_t len, int iri) {
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *rep = iri ? NULL : kg_echar(c);
    char tmp[12];
    if (!rep && (iri ? kg_iri_escaped(c) : c < 0x20 || c == 0x7f)) {
      snprintf(tmp, sizeof tmp, "\\u%04X", c);
      rep = tmp;
    }
    if (rep) {
      strbuf_append(b, s + start, i - start);
      strbuf_puts(b, rep);
      start = i + 1;
    }
  }
  strbuf_append(b, s + start, len - start);
}

void kg_term_write_nt(strbuf *b, const kg_term *t) {
  switch (t->kind) {
  case KG_TERM_IRI:
    strbuf_putc(b, '<');
    kg_nt_escape(b, t->value, t->len, 1);
    strbuf_putc(b, '>');
    break;
  case KG_TERM_BLANK:
    strbuf_puts(b, "_:");
    strbuf_append(b, t->value, t->len);
    break;
  case KG_TERM_LITERAL:
    strbuf_putc(b, '"');
    kg_nt_escape(b, t->value, t->len, 0);
    strbuf_putc(b, '"');
    if (t->lang) {
      strbuf_putc(b, '@');
      strbuf_puts(b, t->lang);
    } else if (t->datatype) {
      strbuf_puts(b, "^^<");
      kg_nt_escape(b, t->datatype, strlen(t->datatype), 1);
      strbuf_putc(b, '>');
    }
    break;
  default:
    break;
  }
}

char *kg_term_to_nt(const kg_term *t) {
  strbuf b = {0};
  kg_term_write_nt(&b, t);
  if (b.oom) {
    strbuf_free(&b);
    return NULL;
  }
  return strbuf_take(&b);
}
