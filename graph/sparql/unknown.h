/* unknown.h - warnings for IRIs a query names that the store lacks. */
#ifndef SP_UNKNOWN_H
#define SP_UNKNOWN_H

#include "result.h"
#include "sparql/algebra.h"

/* Adds to r a warning for each IRI of q's patterns that occurs nowhere in
 * st, with the nearest names of its namespace. Best effort: out of
 * memory only leaves warnings out. */
void sp_unknown_names(kg_store *st, const sp_query *q, kg_result *r);

#endif /* SP_UNKNOWN_H */
