/* update.h - SPARQL 1.1 Update: running a parsed request against a store
 * as one transaction. */
#ifndef SP_UPDATE_H
#define SP_UPDATE_H

#include "sparql/eval/eval.h"

/* Runs every operation of q (form SP_UPDATE) in order; all or nothing.
 * *added / *removed count statements whose presence changed. */
kg_status sp_update_run(kg_store *st, const sp_query *q,
                        const kg_query_options *opt,
                        unsigned long long *added, unsigned long long *removed,
                        kg_error *err);

#endif
