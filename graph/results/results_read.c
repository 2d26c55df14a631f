/* results_read.c - sp_table_parse: chooses the reader by name, media type
 * or the document's first characters (the readers fill a table.c table). */
#include "results/results_read.h"

#include <string.h>
#include <strings.h>

/* --------------------------------------------------------------- formats */

typedef kg_status (*parse_fn)(const char *, size_t, sp_table *, kg_error *);

static const struct {
  const char *name;
  parse_fn parse;
} names[] = {
  {"json", sp_results_parse_json},
  {"srj", sp_results_parse_json},
  {"application/sparql-results+json", sp_results_parse_json},
  {"application/json", sp_results_parse_json},
  {"xml", sp_results_parse_xml},
  {"srx", sp_results_parse_xml},
  {"application/sparql-results+xml", sp_results_parse_xml},
  {"application/xml", sp_results_parse_xml},
  {"text/xml", sp_results_parse_xml},
  {"csv", sp_results_parse_csv},
  {"text/csv", sp_results_parse_csv},
  {"tsv", sp_results_parse_tsv},
  {"text/tab-separated-values", sp_results_parse_tsv},
};

/* The parser for a name or media type; *sniff = 1 when none was given. */
static parse_fn by_name(const char *name, int *sniff) {
  *sniff = 0;
  if (!name) name = "";
  while (*name == ' ' || *name == '\t') name++;
  size_t n = strcspn(name, ";");
  while (n && (name[n - 1] == ' ' || name[n - 1] == '\t')) n--;
  if (n == 0 || (n == 4 && strncasecmp(name, "auto", 4) == 0)) {
    *sniff = 1;
    return NULL;
  }
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i].name) == n && strncasecmp(name, names[i].name, n) == 0)
      return names[i].parse;
  return NULL;
}

/* Tells the format from the first characters: '{' JSON, '<' XML, a
 * header starting with '?' or '$' or holding a tab TSV, else CSV. */
static parse_fn sniff(const char *data, size_t len) {
  size_t i = 0;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) i++;
  if (i == len) return NULL;
  if (data[i] == '{') return sp_results_parse_json;
  if (data[i] == '<') return sp_results_parse_xml;
  size_t eol = i;
  while (eol < len && data[eol] != '\n') eol++;
  if (data[i] == '?' || data[i] == '$' || memchr(data + i, '\t', eol - i))
    return sp_results_parse_tsv;
  return sp_results_parse_csv;
}

kg_status sp_table_parse(const char *data, size_t len,
                         const char *format_or_mime, sp_table **out,
                         kg_error *err) {
  *out = NULL;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {  /* a UTF-8 BOM */
    data += 3;
    len -= 3;
  }
  int want_sniff;
  parse_fn parse = by_name(format_or_mime, &want_sniff);
  if (!parse && !want_sniff)
    return sp_results_error(err, KG_ERR_UNSUPPORTED, 0, 0,
                            "unknown result format '%s' (expected json, xml, "
                            "csv, tsv or their media types)",
                            format_or_mime);
  if (len == 0 || (!parse && !(parse = sniff(data, len))))
    return sp_results_error(err, KG_ERR_SYNTAX, 1, 1,
                            "empty document: no SPARQL results to read");
  sp_table *t = sp_table_new();
  if (!t)
    return sp_results_error(err, KG_ERR_NOMEM, 0, 0,
                            "out of memory reading results");
  kg_status st = parse(data, len, t, err);
  if (st != KG_OK) {
    sp_table_free(t);
    return st;
  }
  *out = t;
  return KG_OK;
}
