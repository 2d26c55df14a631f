/* formats.c - the output formats of kgsh: libkg's table (kg_format_*)
 * plus the aligned table that render.c draws, and the session's defaults. */
#include <string.h>
#include <strings.h>

#include "shell.h"

static const char *const no_aliases[] = {NULL};
static const kg_format table = {"table", no_aliases,
                                "aligned table with box drawing",
                                KG_FORMAT_BINDINGS};

/* The defaults, named in listings: a table on a terminal, TSV in batch,
 * Turtle for graphs. */
static const struct {
  const char *name, *note;
} defaults[] = {
  {"table", " (terminal default)"},
  {"tsv", " (batch default)"},
  {"turtle", " (graph default)"},
};

const kg_format *fmt_find(const char *name) {
  return strcasecmp(name, table.name) ? kg_format_find(name) : &table;
}

const kg_format *fmt_at(size_t i) {
  return i == 0 ? &table : kg_format_at(i - 1);
}

int fmt_is_table(const kg_format *f) { return f == &table; }

const kg_format *fmt_default(int graphs, int tty) {
  return fmt_find(defaults[graphs ? 2 : tty ? 0 : 1].name);
}

const char *fmt_note(const kg_format *f) {
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
    if (!strcmp(f->name, defaults[i].name)) return defaults[i].note;
  return "";
}
