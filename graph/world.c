/* world.c - the process's raptor world and its log routing. */
#include "world.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* raptor's world is not for two threads at once: one reference count,
 * one parse or write at a time in the process (after any store lock) */
static pthread_mutex_t refs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t use_mu = PTHREAD_MUTEX_INITIALIZER;
static raptor_world *world;
static int refs;
static kg_error *capture;
static const char *capture_file;
static int failed;

/* Warnings of RDF/XML that raptor skips: rdf:aboutEach and
 * rdf:aboutEachPrefix, removed from RDF (the W3C suite's negative tests).
 * A load that leaves part of a file out without failing would be worse
 * than one that refuses it. */
static const struct {
  const char *says, *message;
} fatal_warnings[] = {
  {"aboutEach", "rdf:aboutEach and rdf:aboutEachPrefix are not RDF (removed "
                "from RDF/XML in 2004): nothing of the file was loaded"},
};

/* A warning made an error: ours, then what raptor said up to its ", skipping"
 * (the element, which locates it). */
static void fatal_text(char *buf, size_t n, const char *ours,
                       const char *said) {
  const char *skip = strstr(said, ", skipping");
  int len = skip ? (int)(skip - said) : (int)strlen(said);
  snprintf(buf, n, "%s (%.*s)", ours, len, said);
}

/* NULL if the message is no error; else the message to give (in buf). */
static const char *error_text(const raptor_log_message *m, char *buf,
                              size_t n) {
  const char *text = m->text ? (const char *)m->text : "parse error";
  if (m->level >= RAPTOR_LOG_LEVEL_ERROR) return text;
  if (m->level != RAPTOR_LOG_LEVEL_WARN || !m->text) return NULL;
  for (size_t i = 0; i < sizeof fatal_warnings / sizeof *fatal_warnings; i++)
    if (strstr(text, fatal_warnings[i].says)) {
      fatal_text(buf, n, fatal_warnings[i].message, text);
      return buf;
    }
  return NULL;
}

static void on_log(void *data, raptor_log_message *m) {
  (void)data;
  char buf[512];
  const char *text = error_text(m, buf, sizeof buf);
  if (!text || failed) return;
  failed = 1;
  if (!capture) return;
  long line = m->locator ? m->locator->line : 0;
  /* raptor counts columns from 0 (N-Triples, N-Quads) or gives -1 when
   * it does not know them; kg_error's are 1-based with 0 = unknown */
  long col = m->locator && m->locator->column >= 0 ? m->locator->column + 1
                                                   : 0;
  if (line < 0) line = 0;
  kg_err_at(capture, KG_ERR_SYNTAX, capture_file, line, col, "%s", text);
}

KG_LAZY_DEFINE(kg_raptor, KG_RAPTOR_FNS, "raptor", KG_SONAME_raptor2,
               "libraptor2-0")

void kg_world_acquire(void) {
  pthread_mutex_lock(&refs_mu);
  refs++;
  pthread_mutex_unlock(&refs_mu);
}

kg_status kg_world_start(kg_error *err) {
  TRY(kg_lazy_load(&kg_raptor_lib, err));
  pthread_mutex_lock(&refs_mu);
  if (!world) {
    world = raptor_new_world();
    if (world) raptor_world_set_log_handler(world, NULL, on_log);
    if (world && raptor_world_open(world)) {
      raptor_free_world(world);
      world = NULL;
    }
  }
  int ok = world != NULL;
  pthread_mutex_unlock(&refs_mu);
  return ok ? KG_OK : kg_err(err, KG_ERR_NOMEM, "cannot start raptor");
}

void kg_world_release(void) {
  pthread_mutex_lock(&refs_mu);
  if (refs > 0 && --refs == 0 && world) {
    raptor_free_world(world);
    world = NULL;
  }
  pthread_mutex_unlock(&refs_mu);
}

raptor_world *kg_world(void) { return world; }

void kg_world_enter(void) { pthread_mutex_lock(&use_mu); }
void kg_world_leave(void) { pthread_mutex_unlock(&use_mu); }

void kg_world_capture(kg_error *err, const char *file) {
  capture = err;
  capture_file = file;
  failed = 0;
}

int kg_world_failed(void) { return failed; }
