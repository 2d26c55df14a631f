/* module.c - the entry point of the loadable module
 * librdf_storage_kgsh.so (the Makefile builds it into the module only,
 * not into libkg.a): librdf calls it when it loads the module from its
 * module directory or $REDLAND_MODULE_PATH, and it registers the same
 * factory as kg_librdf_register. */
#include "redland/kgrdf.h"

void librdf_storage_module_register_factory(librdf_world *world);
void librdf_storage_module_register_factory(librdf_world *world) {
  kg_error err;
  /* librdf takes no answer: a failure goes to its log, which needs the
   * table of librdf that a failed load leaves empty */
  if (kg_librdf_register(world, &err) != KG_OK && kg_librdf_lib.handle)
    kgrdf_log(world, &err);
}
