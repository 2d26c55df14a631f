/* lazy.c - shared libraries opened on first use (dlopen), so that a
 * process that never draws, fetches, parses RDF/XML or opens a Redland
 * store never pays for mapping and relocating those libraries and the
 * dozens they pull in (see HACKING.md, "Libraries loaded on first use"). */
#include "kg.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "internal.h"

/* one lock for every table: loads are rare and short */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

/* Resolves every name into the table; 0, or -1 with the first missing
 * name in *missing. */
static int fill(kg_lazy *lib, void *h, const char **missing) {
  unsigned char *table = lib->table;
  for (size_t i = 0; i < lib->n; i++) {
    void *sym = dlsym(h, lib->names[i]);
    if (!sym) {
      *missing = lib->names[i];
      return -1;
    }
    /* POSIX: a function's address survives the trip through void * */
    memcpy(table + i * sizeof sym, &sym, sizeof sym);
  }
  return 0;
}

kg_status kg_lazy_load(kg_lazy *lib, kg_error *err) {
  /* loaded: no lock (the librdf module converts a term a call) */
  if (__atomic_load_n(&lib->handle, __ATOMIC_ACQUIRE)) return KG_OK;
  pthread_mutex_lock(&mu);
  if (lib->handle) {
    pthread_mutex_unlock(&mu);
    return KG_OK;
  }
  kg_status st = KG_OK;
  /* GLOBAL: the library's own plugins (librdf's storage modules, Graphviz's
   * layout plugins) find its symbols as they would in a linked program */
  void *h = dlopen(lib->soname, RTLD_LAZY | RTLD_GLOBAL);
  const char *missing = NULL;
  if (!h) {
    const char *why = dlerror();
    st = kg_err(err, KG_ERR_UNSUPPORTED,
                "the %s library could not be loaded (%s): install the "
                "Debian package %s",
                lib->what, why ? why : lib->soname, lib->package);
  } else if (fill(lib, h, &missing) < 0) {
    st = kg_err(err, KG_ERR_UNSUPPORTED,
                "the %s library %s has no function %s (another version "
                "than kgsh was built with): install the Debian package %s",
                lib->what, lib->soname, missing, lib->package);
    memset(lib->table, 0, lib->n * sizeof(void *));
    dlclose(h);
  } else {
    /* the table is filled before the handle says so; kept until exit */
    __atomic_store_n(&lib->handle, h, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&mu);
  return st;
}
