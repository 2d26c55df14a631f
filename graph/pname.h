/* pname.h - prefixed names (prefix:local) of SPARQL and Turtle: the
 * characters they may hold (SPARQL 1.1 s.19.8) and whether a prefix or a
 * local part can be written as it is. The parser reads names and the
 * prefix registry writes them with this one table, so kgsh never prints
 * a name the parser rejects. */
#ifndef PNAME_H
#define PNAME_H

/* PN_CHARS_BASE, PN_CHARS_U (adds '_') and PN_CHARS (adds '-', digits,
 * U+00B7 and combining marks), on code points. */
int pname_chars_base(unsigned c);
int pname_chars_u(unsigned c);
int pname_chars(unsigned c);

/* 1 if s (NUL-terminated UTF-8) is empty or a PN_PREFIX. */
int pname_prefix_ok(const char *s);
/* 1 if s is empty or a PN_LOCAL that needs no escapes: no ':', '%' or
 * '\' escapes, so Turtle and SPARQL read it alike. */
int pname_local_ok(const char *s);

#endif /* PNAME_H */
