/* results_read_json.c - reads SPARQL 1.1 Query Results JSON documents (with jansson). */
#include <jansson.h>
#include <string.h>

#include "results/results_read.h"

#define NOMEM(err) \
  sp_results_error(err, KG_ERR_NOMEM, 0, 0, "out of memory reading results")

static kg_status bad(kg_error *err, const char *where, const char *what) {
  return sp_results_error(err, KG_ERR_SYNTAX, 0, 0,
                          "SPARQL JSON results: %s: %s", where, what);
}

static kg_status read_vars(json_t *head, sp_table *t, kg_error *err) {
  json_t *vars = json_object_get(head, "vars");
  if (!vars) return KG_OK;  /* allowed for ASK; a SELECT has no columns */
  if (!json_is_array(vars)) return bad(err, "head.vars", "not an array");
  size_t i;
  json_t *v;
  json_array_foreach(vars, i, v) {
    if (!json_is_string(v))
      return bad(err, "head.vars", "a variable name that is not a string");
    const char *name = json_string_value(v);
    size_t len = json_string_length(v);
    if (sp_table_column(t, name, len) >= 0)
      return sp_results_error(err, KG_ERR_SYNTAX, 0, 0,
                              "SPARQL JSON results: head.vars: variable "
                              "'%s' listed twice", name);
    if (sp_table_add_column(t, name, len) < 0) return NOMEM(err);
  }
  return KG_OK;
}

/* Field `key` of a term object as a string, or NULL if absent; sets
 * *wrong when present but not a string. */
static const char *str_field(json_t *o, const char *key, size_t *len,
                             int *wrong) {
  json_t *v = json_object_get(o, key);
  if (!v) return NULL;
  if (!json_is_string(v)) {
    *wrong = 1;
    return NULL;
  }
  if (len) *len = json_string_length(v);
  return json_string_value(v);
}

static kg_status read_term(json_t *o, const char *where, sp_table *t,
                           kg_term *cell, kg_error *err) {
  if (!json_is_object(o)) return bad(err, where, "a value that is not an object");
  int wrong = 0;
  size_t len = 0;
  const char *type = str_field(o, "type", NULL, &wrong);
  const char *value = str_field(o, "value", &len, &wrong);
  const char *lang = str_field(o, "xml:lang", NULL, &wrong);
  const char *dt = str_field(o, "datatype", NULL, &wrong);
  if (wrong) return bad(err, where, "type, value, xml:lang and datatype must be strings");
  if (!type) return bad(err, where, "missing \"type\"");
  if (!value) return bad(err, where, "missing \"value\"");
  kg_term term = {.value = value, .len = len};
  if (strcmp(type, "uri") == 0) {
    term.kind = KG_TERM_IRI;
  } else if (strcmp(type, "bnode") == 0) {
    term.kind = KG_TERM_BLANK;
  } else if (strcmp(type, "literal") == 0 ||
             strcmp(type, "typed-literal") == 0) { /* the 2007 note's name */
    term.kind = KG_TERM_LITERAL;
    if (lang && dt && strcmp(dt, "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString") != 0)
      return bad(err, where, "a literal with both xml:lang and datatype");
    term.lang = lang;
    term.datatype = lang ? NULL : dt;
  } else {
    return sp_results_error(err, KG_ERR_SYNTAX, 0, 0,
                            "SPARQL JSON results: %s: unknown type \"%s\" "
                            "(expected uri, literal or bnode)", where, type);
  }
  if (term.kind != KG_TERM_LITERAL && memchr(value, '\0', len))
    return bad(err, where, "an IRI or blank node label containing NUL");
  return sp_table_set(t, cell, &term) ? NOMEM(err) : KG_OK;
}

static kg_status read_rows(json_t *results, sp_table *t, kg_error *err) {
  if (!json_is_object(results)) return bad(err, "results", "not an object");
  json_t *rows = json_object_get(results, "bindings");
  if (!json_is_array(rows)) return bad(err, "results.bindings", "missing or not an array");
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    char where[600];
    snprintf(where, sizeof where, "results.bindings[%zu]", i);
    if (!json_is_object(row)) return bad(err, where, "not an object");
    kg_term *cells = sp_table_add_row(t);
    if (!cells) return NOMEM(err);
    const char *var;
    json_t *val;
    json_object_foreach(row, var, val) {
      long col = sp_table_column(t, var, strlen(var));
      snprintf(where, sizeof where, "results.bindings[%zu].%.500s", i, var);
      if (col < 0) return bad(err, where, "variable not listed in head.vars");
      kg_status st = read_term(val, where, t, &cells[col], err);
      if (st != KG_OK) return st;
    }
  }
  return KG_OK;
}

static kg_status read_doc(json_t *root, sp_table *t, kg_error *err) {
  if (!json_is_object(root)) return bad(err, "document", "not a JSON object");
  json_t *head = json_object_get(root, "head");
  json_t *boolean = json_object_get(root, "boolean");
  json_t *results = json_object_get(root, "results");
  if (head && !json_is_object(head)) return bad(err, "head", "not an object");
  if (boolean) {
    if (!json_is_boolean(boolean)) return bad(err, "boolean", "not true or false");
    t->is_boolean = 1;
    t->boolean = json_is_true(boolean);
    return KG_OK;
  }
  if (!head) return bad(err, "document", "no \"head\" and no \"boolean\"");
  kg_status st = read_vars(head, t, err);
  if (st != KG_OK) return st;
  if (!results) return bad(err, "document", "no \"results\" and no \"boolean\"");
  return read_rows(results, t, err);
}

kg_status sp_results_parse_json(const char *data, size_t len, sp_table *t,
                                kg_error *err) {
  json_error_t jerr;
  json_t *root = json_loadb(data, len, JSON_ALLOW_NUL, &jerr);
  if (!root)
    return sp_results_error(err, KG_ERR_SYNTAX, jerr.line > 0 ? jerr.line : 0,
                            jerr.column > 0 ? jerr.column : 0,
                            "SPARQL JSON results: %s", jerr.text);
  kg_status st = read_doc(root, t, err);
  json_decref(root);
  return st;
}
